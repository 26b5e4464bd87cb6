import DiffCore

/// The pixels a placement sends: a source region of an image at a target pixel size.
public enum RegionRaster {
  /// `region` of `image` as a `width` x `height` RGBA raster. When the sizes are equal (1:1)
  /// every pixel inside the image is copied unchanged; pixels of the region outside the
  /// image (the padded comparison canvas) are transparent. Otherwise the region is scaled:
  /// box-averaged when shrinking (at most 4x4 samples a pixel, which bounds the cost of a
  /// fitted 1170x2532 screen), nearest pixel when enlarging (so small images stay crisp).
  public static func render(_ image: RGBAImage, region: PixelRect, width: Int, height: Int) -> RGBAImage {
    guard width > 0, height > 0 else { return RGBAImage(width: 0, height: 0, pixels: []) }
    if width == region.width, height == region.height { return copy(image, region: region) }
    let xEdges = edges(start: region.x, length: max(1, region.width), parts: width)
    let yEdges = edges(start: region.y, length: max(1, region.height), parts: height)
    let sourceWidth = image.width
    let sourceHeight = image.height
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, count in
      image.pixels.withUnsafeBufferPointer { source in
        for row in 0..<height {
          let (y0, y1) = yEdges[row]
          let stepY = max(1, (y1 - y0) / 4)
          for column in 0..<width {
            let (x0, x1) = xEdges[column]
            let stepX = max(1, (x1 - x0) / 4)
            var sum = (0, 0, 0, 0)
            var samples = 0
            var y = y0
            while y < y1 {
              var x = x0
              while x < x1 {
                samples += 1
                if x >= 0, y >= 0, x < sourceWidth, y < sourceHeight {
                  let i = (y * sourceWidth + x) * 4
                  sum.0 += Int(source[i])
                  sum.1 += Int(source[i + 1])
                  sum.2 += Int(source[i + 2])
                  sum.3 += Int(source[i + 3])
                }
                x += stepX
              }
              y += stepY
            }
            let o = (row * width + column) * 4
            let n = max(1, samples)
            out[o] = UInt8((sum.0 + n / 2) / n)
            out[o + 1] = UInt8((sum.1 + n / 2) / n)
            out[o + 2] = UInt8((sum.2 + n / 2) / n)
            out[o + 3] = UInt8((sum.3 + n / 2) / n)
          }
        }
      }
      count = width * height * 4
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }

  /// The region at 1:1: rows copied as they are, transparent outside the image.
  static func copy(_ image: RGBAImage, region: PixelRect) -> RGBAImage {
    var out = RGBAImage(transparentWidth: region.width, height: region.height)
    let x0 = max(0, region.x)
    let x1 = min(image.width, region.x + region.width)
    guard x1 > x0 else { return out }
    let rowBytes = (x1 - x0) * 4
    out.pixels.withUnsafeMutableBufferPointer { target in
      image.pixels.withUnsafeBufferPointer { source in
        for row in 0..<region.height {
          let y = region.y + row
          guard y >= 0, y < image.height, let from = source.baseAddress, let to = target.baseAddress else { continue }
          (to + (row * region.width + (x0 - region.x)) * 4).update(from: from + (y * image.width + x0) * 4, count: rowBytes)
        }
      }
    }
    return out
  }

  /// `length` pixels from `start` split into `parts` half-open ranges of at least one pixel
  /// (enlarging repeats a pixel; shrinking averages a range).
  static func edges(start: Int, length: Int, parts: Int) -> [(Int, Int)] {
    (0..<parts).map { part in
      let lower = start + part * length / parts
      return (lower, max(lower + 1, start + (part + 1) * length / parts))
    }
  }
}

/// The diff view's pixels: changed pixels in the heat colours over the head, dimmed, as the
/// block-character heatmap draws them (so both paths read the same).
public enum HeatOverlay {
  /// The dimmed colour of an unchanged pixel: a quarter of its brightness over a dark base.
  /// One formula for the half-block painter and the graphics raster.
  public static func dimmed(_ c: RGB) -> RGB {
    RGB(UInt8(16 + Int(c.r) / 4), UInt8(16 + Int(c.g) / 4), UInt8(16 + Int(c.b) / 4))
  }

  /// `region` of the comparison as a `width` x `height` opaque raster. A target pixel shows
  /// `heat[n]` where n is its share of changed mask pixels in 1/255ths (at least 1 when any
  /// changed), else the dimmed `under` image composited over `background`.
  public static func render(
    mask: MaskSummary, under: RGBAImage?, heat: [RGB], background: RGB, region: PixelRect, width: Int, height: Int
  ) -> RGBAImage {
    guard width > 0, height > 0, heat.count == 256 else { return RGBAImage(width: 0, height: 0, pixels: []) }
    let base = under.map { RegionRaster.render($0, region: region, width: width, height: height) }
    let xEdges = RegionRaster.edges(start: region.x, length: max(1, region.width), parts: width)
    let yEdges = RegionRaster.edges(start: region.y, length: max(1, region.height), parts: height)
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    let dimBackground = dimmed(background)
    for row in 0..<height {
      let (y0, y1) = yEdges[row]
      for column in 0..<width {
        let (x0, x1) = xEdges[column]
        let cell = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let changed = mask.count(in: cell)
        let o = (row * width + column) * 4
        let color: RGB
        if changed > 0 {
          color = heat[max(1, min(255, changed * 255 / (cell.width * cell.height)))]
        } else if let base {
          let a = Int(base.pixels[o + 3])
          func over(_ c: UInt8, _ b: UInt8) -> UInt8 { UInt8((Int(c) * a + Int(b) * (255 - a) + 127) / 255) }
          color = dimmed(
            RGB(over(base.pixels[o], background.r), over(base.pixels[o + 1], background.g), over(base.pixels[o + 2], background.b)))
        } else {
          color = dimBackground
        }
        pixels[o] = color.r
        pixels[o + 1] = color.g
        pixels[o + 2] = color.b
      }
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }
}
