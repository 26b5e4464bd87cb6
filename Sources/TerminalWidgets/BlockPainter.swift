import DiffCore
import TerminalCanvas

/// The heatmap colour scale: 0 is a dark neutral, anything above 0 is visibly warm, and the
/// scale rises through purple and orange to pale yellow (an "inferno"-like ramp).
public enum HeatScale {
  public static let empty = Color(28, 28, 28)
  /// Pixels pixelmatch ignored as anti-aliasing (`i` in the reviewer): a blue that no stop of
  /// the scale comes near (pixelmatch's own yellow is the scale's top).
  public static let ignored = Color(0, 176, 255)
  private static let stops: [Color] = [
    Color(58, 12, 104), Color(120, 28, 109), Color(180, 54, 84), Color(229, 92, 48),
    Color(248, 150, 32), Color(250, 206, 60), Color(252, 255, 164),
  ]

  /// Colour for a fraction in 0…1. Square root so that one changed pixel in a large cell
  /// still lands clearly off the empty colour.
  public static func color(_ fraction: Float) -> Color {
    guard fraction > 0 else { return empty }
    let t = Double(min(1, fraction)).squareRoot()
    let position = t * Double(stops.count - 1)
    let index = min(stops.count - 2, Int(position))
    let local = position - Double(index)
    let a = stops[index]
    let b = stops[index + 1]
    func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
      UInt8((Double(x) + (Double(y) - Double(x)) * local).rounded())
    }
    return Color(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
  }

  /// Shade glyph for monochrome terminals; any nonzero fraction is at least `░`.
  public static func shade(_ fraction: Float) -> Character {
    if fraction <= 0 { return " " }
    if fraction < 0.25 { return "░" }
    if fraction < 0.5 { return "▒" }
    if fraction < 0.75 { return "▓" }
    return "█"
  }
}

/// Draws pixel grids into a canvas with half blocks: each cell shows two vertically
/// stacked "pixels" (`▀` with the top as foreground and the bottom as background).
public enum BlockPainter {
  /// Rows of image pixels a rect of `rect.height` cells holds.
  public static func pixelRows(for rect: Rect) -> Int { rect.height * 2 }

  /// Paints a heatmap of `rect.width` x `rect.height * 2` values into `rect`.
  /// Monochrome: one shade glyph per cell from the larger of its two halves.
  public static func paint(_ heatmap: Heatmap, into canvas: inout Canvas, at rect: Rect, mode: ColorMode) {
    paintHalves(
      columns: heatmap.columns, rows: heatmap.rows, into: &canvas, at: rect, mode: mode,
      color: { HeatScale.color(heatmap[$0, $1]) },
      shade: { column, top, bottom in
        HeatScale.shade(max(heatmap[column, top], bottom.map { heatmap[column, $0] } ?? 0))
      })
  }

  /// Paints a thumbnail of `rect.width` x `rect.height * 2` colours into `rect`.
  /// Monochrome: a shade glyph from the luminance.
  public static func paint(_ thumbnail: Thumbnail, into canvas: inout Canvas, at rect: Rect, mode: ColorMode) {
    func luma(_ c: RGB) -> Float {
      (0.299 * Float(c.r) + 0.587 * Float(c.g) + 0.114 * Float(c.b)) / 255
    }
    paintHalves(
      columns: thumbnail.columns, rows: thumbnail.rows, into: &canvas, at: rect, mode: mode,
      color: { Color(thumbnail[$0, $1]) },
      shade: { column, top, bottom in
        let value = (luma(thumbnail[column, top]) + (bottom.map { luma(thumbnail[column, $0]) } ?? 0)) / 2
        return HeatScale.shade(value)
      })
  }

  private static func paintHalves(
    columns: Int, rows: Int, into canvas: inout Canvas, at rect: Rect, mode: ColorMode,
    color: (Int, Int) -> Color, shade: (Int, Int, Int?) -> Character
  ) {
    let area = rect.intersection(canvas.bounds)
    guard !area.isEmpty, columns > 0, rows > 0 else { return }
    for cy in 0..<min(rect.height, (rows + 1) / 2) {
      let y = rect.y + cy
      guard y >= area.y, y < area.maxY else { continue }
      let top = cy * 2
      let bottom = top + 1 < rows ? top + 1 : nil
      for cx in 0..<min(rect.width, columns) {
        let x = rect.x + cx
        guard x >= area.x, x < area.maxX else { continue }
        if mode == .monochrome {
          canvas.set(x: x, y: y, glyph: shade(cx, top, bottom), style: Style(.image))
        } else {
          let upper = color(cx, top)
          let lower = bottom.map { color(cx, $0) } ?? HeatScale.empty
          canvas.set(
            x: x, y: y, glyph: "▀", style: Style(.image, foreground: upper, background: lower))
        }
      }
    }
  }
}

extension Color {
  /// An image pixel's colour as a terminal colour: where DiffCore's pixels become cells.
  public init(_ rgb: RGB) { self.init(rgb.r, rgb.g, rgb.b) }
}
