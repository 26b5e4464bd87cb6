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
    let xEdges = MaskSummary.edges(start: region.x, length: max(1, region.width), parts: width)
    let yEdges = MaskSummary.edges(start: region.y, length: max(1, region.height), parts: height)
    let sourceWidth = image.width
    let sourceHeight = image.height
    // Per column: the first sample, the step, how many samples (inside the image or not).
    let columnStart = xEdges.map { $0.0 }
    let columnStep = xEdges.map { max(1, ($0.1 - $0.0) / 4) }
    let columnSamples = zip(xEdges, columnStep).map { edge, step in (edge.1 - edge.0 + step - 1) / step }
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, count in
      image.pixels.withUnsafeBufferPointer { source in
        for row in 0..<height {
          let (y0, y1) = yEdges[row]
          let stepY = max(1, (y1 - y0) / 4)
          let rows = (y1 - y0 + stepY - 1) / stepY
          for column in 0..<width {
            let x0 = columnStart[column]
            let stepX = columnStep[column]
            let samples = rows * columnSamples[column]
            var r: UInt32 = 0
            var g: UInt32 = 0
            var b: UInt32 = 0
            var a: UInt32 = 0
            var y = y0
            while y < y1 {
              if y >= 0, y < sourceHeight {
                let line = y * sourceWidth
                var x = x0
                for _ in 0..<columnSamples[column] {
                  if x >= 0, x < sourceWidth {
                    let i = (line + x) &* 4
                    r &+= UInt32(source[i])
                    g &+= UInt32(source[i + 1])
                    b &+= UInt32(source[i + 2])
                    a &+= UInt32(source[i + 3])
                  }
                  x += stepX
                }
              }
              y += stepY
            }
            // Samples outside the image are transparent (zero) and count in the average.
            let n = UInt32(max(1, samples))
            let o = (row * width + column) * 4
            out[o] = UInt8(truncatingIfNeeded: (r + n / 2) / n)
            out[o + 1] = UInt8(truncatingIfNeeded: (g + n / 2) / n)
            out[o + 2] = UInt8(truncatingIfNeeded: (b + n / 2) / n)
            out[o + 3] = UInt8(truncatingIfNeeded: (a + n / 2) / n)
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
  /// changed), else `ignoredColor` where `ignored` counts a pixel, else the dimmed `under`
  /// image composited over `background`.
  public static func render(
    mask: MaskSummary, under: RGBAImage?, heat: [RGB], background: RGB, region: PixelRect, width: Int, height: Int,
    ignored: MaskSummary? = nil, ignoredColor: RGB = RGB(0, 0, 0)
  ) -> RGBAImage {
    guard width > 0, height > 0, heat.count == 256 else { return RGBAImage(width: 0, height: 0, pixels: []) }
    if width == region.width, height == region.height {
      return renderOneToOne(
        mask: mask, under: under, heat: heat[255], background: background, region: region, ignored: ignored,
        ignoredColor: ignoredColor)
    }
    let base = under.map { RegionRaster.render($0, region: region, width: width, height: height) }
    // The share changed of every output pixel, in one pass over the mask's summed-area table.
    let shares = mask.heatmap(columns: width, rows: height, region: region).values
    let ignoredShares = ignored?.heatmap(columns: width, rows: height, region: region).values ?? []
    let dimBackground = dimmed(background)
    let count = width * height
    let pixels = [UInt8](unsafeUninitializedCapacity: count * 4) { out, written in
      shares.withUnsafeBufferPointer { share in
        heat.withUnsafeBufferPointer { heat in
          func put(_ o: Int, _ c: RGB) {
            out[o] = c.r
            out[o + 1] = c.g
            out[o + 2] = c.b
            out[o + 3] = 255
          }
          guard let base else {
            for index in 0..<count {
              put(
                index * 4,
                share[index] > 0
                  ? heat[max(1, min(255, Int(share[index] * 255)))]
                  : !ignoredShares.isEmpty && ignoredShares[index] > 0 ? ignoredColor : dimBackground)
            }
            return
          }
          base.pixels.withUnsafeBufferPointer { under in
            for index in 0..<count {
              let o = index * 4
              if share[index] > 0 {
                put(o, heat[max(1, min(255, Int(share[index] * 255)))])
                continue
              }
              if !ignoredShares.isEmpty, ignoredShares[index] > 0 {
                put(o, ignoredColor)
                continue
              }
              let a = UInt32(under[o + 3])
              if a == 255 {
                put(o, dimmed(RGB(under[o], under[o + 1], under[o + 2])))
              } else {
                put(
                  o,
                  dimmed(
                    RGB(
                      compositeChannel(under[o], alpha: a, over: background.r),
                      compositeChannel(under[o + 1], alpha: a, over: background.g),
                      compositeChannel(under[o + 2], alpha: a, over: background.b))))
              }
            }
          }
        }
      }
      written = count * 4
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }
}

extension HeatOverlay {
  /// `render` at 1:1 in one pass: each pixel is changed or not (the heat colour of a full
  /// share) or the under pixel dimmed, read straight from the image: no copy of the region,
  /// no array of shares. The general path made the 1170×880 diff frame in 25.4 ms
  /// (docs/PERFORMANCE.md, "Reviewer graphics"); the same pixels come out.
  static func renderOneToOne(
    mask: MaskSummary, under: RGBAImage?, heat: RGB, background: RGB, region: PixelRect, ignored: MaskSummary?,
    ignoredColor: RGB
  ) -> RGBAImage {
    let width = region.width
    let height = region.height
    // dimmed() per channel value, and the background under transparent pixels.
    let dim = (0..<256).map { UInt8(16 + $0 / 4) }
    let dimBackground = dimmed(background)
    let imageWidth = under?.width ?? 0
    let imageHeight = under?.height ?? 0
    // The columns of the region that lie inside the image.
    let firstInside = max(0, min(width, -region.x))
    let inside = firstInside..<max(firstInside, min(width, imageWidth - region.x))
    var changed = [UInt8](repeating: 0, count: width)
    var alsoIgnored = [UInt8](repeating: 0, count: ignored == nil ? 0 : width)
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, written in
      @inline(__always) func put(_ o: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8) {
        out[o] = r
        out[o + 1] = g
        out[o + 2] = b
        out[o + 3] = 255
      }
      let empty: [UInt8] = []
      (under?.pixels ?? empty).withUnsafeBufferPointer { source in
        dim.withUnsafeBufferPointer { dim in
          changed.withUnsafeMutableBufferPointer { changed in
            alsoIgnored.withUnsafeMutableBufferPointer { alsoIgnored in
              for row in 0..<height {
                mask.rowCounts(y: region.y + row, x: region.x, into: changed)
                ignored?.rowCounts(y: region.y + row, x: region.x, into: alsoIgnored)
                let y = region.y + row
                let rowInImage = y >= 0 && y < imageHeight
                let line = rowInImage ? (y * imageWidth + region.x) * 4 : 0
                var o = row * width * 4
                for column in 0..<width {
                  defer { o += 4 }
                  if changed[column] != 0 {
                    put(o, heat.r, heat.g, heat.b)
                  } else if ignored != nil, alsoIgnored[column] != 0 {
                    put(o, ignoredColor.r, ignoredColor.g, ignoredColor.b)
                  } else if rowInImage, inside.contains(column) {
                    let i = line + column * 4
                    let a = UInt32(source[i + 3])
                    if a == 255 {
                      put(o, dim[Int(source[i])], dim[Int(source[i + 1])], dim[Int(source[i + 2])])
                    } else {
                      put(
                        o, dim[Int(compositeChannel(source[i], alpha: a, over: background.r))],
                        dim[Int(compositeChannel(source[i + 1], alpha: a, over: background.g))],
                        dim[Int(compositeChannel(source[i + 2], alpha: a, over: background.b))])
                    }
                  } else {
                    put(o, dimBackground.r, dimBackground.g, dimBackground.b)
                  }
                }
              }
            }
          }
        }
      }
      written = width * height * 4
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }
}

/// The two-image views in pixels, from the base's and the head's rasters of one region: the
/// same mixes the block preview makes of its thumbnails (PreviewPainter), per screen pixel.
/// Both are opaque: transparency is composited over `background` first, as in block mode.
public enum PairRaster {
  /// Onion skin: each pixel `headShare` percent head, the rest base.
  public static func blend(base: RGBAImage, head: RGBAImage, headShare: Int, background: RGB) -> RGBAImage {
    let share = max(0, min(100, headShare))
    return combine(base, head, background: background) { out, o, _, b, h in
      let c = mix(b, h, headShare: share)
      out[o] = c.r
      out[o + 1] = c.g
      out[o + 2] = c.b
    }
  }

  /// One onion-skin colour: `headShare` percent (0…100) of `head`, the rest `base`, rounded
  /// down. The one formula of the block preview's blend and the pixel one.
  @inline(__always)
  public static func mix(_ base: RGB, _ head: RGB, headShare: Int) -> RGB {
    let share = UInt32(headShare)
    func channel(_ b: UInt8, _ h: UInt8) -> UInt8 {
      UInt8(truncatingIfNeeded: (UInt32(b) * (100 - share) + UInt32(h) * share) / 100)
    }
    return RGB(channel(base.r, head.r), channel(base.g, head.g), channel(base.b, head.b))
  }

  /// Slider: columns left of `divider` show the base, the others the head; the two columns
  /// from `divider` on are drawn in `line` (a one-pixel line vanishes on a HiDPI screen).
  public static func slider(base: RGBAImage, head: RGBAImage, divider: Int, line: RGB, background: RGB) -> RGBAImage {
    combine(base, head, background: background) { out, o, column, b, h in
      let c = column < divider ? b : column < divider + 2 ? line : h
      out[o] = c.r
      out[o + 1] = c.g
      out[o + 2] = c.b
    }
  }

  /// The two rasters composited over `background`, then `put` (given the output offset, the
  /// column and both colours) into one opaque raster of their common size. Opaque pixels,
  /// what screenshots almost always are, skip the compositing (the onion skin of a 1170×880
  /// region at 1:1 is made in about 14 ms; docs/PERFORMANCE.md, "Reviewer graphics").
  @inline(__always)
  private static func combine(
    _ base: RGBAImage, _ head: RGBAImage, background: RGB,
    put: (UnsafeMutableBufferPointer<UInt8>, Int, Int, RGB, RGB) -> Void
  ) -> RGBAImage {
    let width = min(base.width, head.width)
    let height = min(base.height, head.height)
    guard width > 0, height > 0 else { return RGBAImage(width: 0, height: 0, pixels: []) }
    @inline(__always) func color(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> RGB {
      let a = UInt32(p[i + 3])
      if a == 255 { return RGB(p[i], p[i + 1], p[i + 2]) }
      return RGB(
        compositeChannel(p[i], alpha: a, over: background.r), compositeChannel(p[i + 1], alpha: a, over: background.g),
        compositeChannel(p[i + 2], alpha: a, over: background.b))
    }
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, written in
      base.pixels.withUnsafeBufferPointer { b in
        head.pixels.withUnsafeBufferPointer { h in
          for row in 0..<height {
            var ib = row * base.width * 4
            var ih = row * head.width * 4
            var o = row * width * 4
            for column in 0..<width {
              put(out, o, column, color(b, ib), color(h, ih))
              out[o + 3] = 255
              ib += 4
              ih += 4
              o += 4
            }
          }
        }
      }
      written = width * height * 4
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }
}

/// One channel of a pixel with `alpha` over an opaque background channel, rounded: the one
/// compositing formula of the graphics rasters, sixel and the symbol renderer.
@inline(__always)
func compositeChannel(_ channel: UInt8, alpha: UInt32, over background: UInt8) -> UInt8 {
  UInt8(truncatingIfNeeded: (UInt32(channel) * alpha + UInt32(background) * (255 - alpha) + 127) / 255)
}
