import ChafaShim
import DiffCore

/// Images drawn with text symbols (block elements, quadrants, box drawing) by libchafa:
/// each cell picks the symbol and two colours that best match its 8x8 pixels, where half
/// blocks can only split a cell into top and bottom.
public enum SymbolArt {
  /// One character cell.
  public struct Cell: Sendable, Equatable {
    public var glyph: Character
    public var foreground: RGB
    public var background: RGB
  }

  /// Pixels per cell that chafa reads (its symbols are 8x8 bitmaps).
  public static let cellPixels = 8

  /// chafa's work factor (0 fastest, 1 best; chafa's default 0.5). bench-graphics, a fitted
  /// phone screen in 41x44 cells, six runs on the shared machine: 6.5–9.7 ms at 0.2 against
  /// 7.9–11.9 ms at 0.5 (never slower, often a quarter faster; noisy under load).
  public static let defaultWork: Float = 0.2

  /// `region` of `image` as `columns` x `rows` cells, transparency over `background`. chafa
  /// scales the pixels itself (its scaler is faster than `RegionRaster`'s box average: the
  /// fitted phone screen in bench-graphics); the region is copied only when it is not the
  /// whole image, and composited only when a pixel is not opaque.
  public static func render(_ image: RGBAImage, region: PixelRect, background: RGB, columns: Int, rows: Int) -> [Cell] {
    let whole = region == PixelRect(x: 0, y: 0, width: image.width, height: image.height)
    var source = whole ? image : RegionRaster.render(image, region: region, width: region.width, height: region.height)
    if !KittyGraphics.isOpaque(source) { source = opaque(source, over: background) }
    return render(source, columns: columns, rows: rows)
  }

  /// `raster` (opaque; composite transparency first) as `columns` x `rows` cells, row-major;
  /// empty when a size is zero or out of chafa's range.
  public static func render(_ raster: RGBAImage, columns: Int, rows: Int, work: Float = defaultWork) -> [Cell] {
    guard columns > 0, rows > 0, raster.width > 0, raster.height > 0 else { return [] }
    let count = columns * rows
    var glyphs = [UInt32](repeating: 32, count: count)
    var foreground = [Int32](repeating: -1, count: count)
    var background = [Int32](repeating: -1, count: count)
    let status = raster.pixels.withUnsafeBufferPointer { pixels in
      chafashim_render(
        pixels.baseAddress, Int32(raster.width), Int32(raster.height), Int32(columns), Int32(rows), work, &glyphs,
        &foreground, &background)
    }
    guard status == 0 else { return [] }
    func color(_ packed: Int32, or fallback: RGB) -> RGB {
      packed < 0 ? fallback : RGB(UInt8(packed >> 16 & 255), UInt8(packed >> 8 & 255), UInt8(packed & 255))
    }
    return (0..<count).map { i in
      let background = color(background[i], or: RGB(0, 0, 0))
      return Cell(
        glyph: Unicode.Scalar(glyphs[i]).map { Character($0) } ?? " ",
        foreground: color(foreground[i], or: background), background: background)
    }
  }

  /// `raster` composited over `background`, alpha 255 everywhere.
  public static func opaque(_ raster: RGBAImage, over background: RGB) -> RGBAImage {
    var out = raster
    let bg = [background.r, background.g, background.b]
    out.pixels.withUnsafeMutableBufferPointer { p in
      var i = 0
      while i < p.count {
        let a = UInt32(p[i + 3])
        if a != 255 {
          for c in 0..<3 { p[i + c] = compositeChannel(p[i + c], alpha: a, over: bg[c]) }
          p[i + 3] = 255
        }
        i += 4
      }
    }
    return out
  }
}
