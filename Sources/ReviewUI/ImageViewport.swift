import DiffCore
import TerminalCanvas

/// Which part of an image canvas the preview shows, and at what size in block pixels
/// (one column by two rows of block pixels per cell, so pixels stay roughly square).
public struct ImageViewport: Sendable, Equatable {
  /// The canvas region drawn (may reach past the canvas when the image is small).
  public let region: PixelRect
  /// Block pixels across (= cells across).
  public let columns: Int
  /// Block pixels down (two per cell).
  public let pixelRows: Int

  public var cellRows: Int { (pixelRows + 1) / 2 }

  /// Canvas pixels per block pixel at which the whole canvas fits `area`.
  public static func fitScale(canvasWidth: Int, canvasHeight: Int, area: Rect) -> Double {
    guard area.width > 0, area.height > 0, canvasWidth > 0, canvasHeight > 0 else { return 1 }
    return max(Double(canvasWidth) / Double(area.width), Double(canvasHeight) / Double(area.height * 2))
  }

  public static func make(
    canvasWidth: Int, canvasHeight: Int, area: Rect, zoom: Zoom, center: (x: Int, y: Int)
  ) -> ImageViewport {
    let width = max(1, canvasWidth)
    let height = max(1, canvasHeight)
    let maxColumns = max(0, area.width)
    let maxRows = max(0, area.height * 2)
    switch zoom {
    case .fit:
      let scale = fitScale(canvasWidth: width, canvasHeight: height, area: area)
      let columns = min(maxColumns, max(1, Int((Double(width) / scale).rounded())))
      let rows = min(maxRows, max(1, Int((Double(height) / scale).rounded())))
      return ImageViewport(
        region: PixelRect(x: 0, y: 0, width: width, height: height), columns: columns, pixelRows: rows)
    case .scale(let step):
      let k = max(1, step)
      let columns = min(maxColumns, (width + k - 1) / k)
      let rows = min(maxRows, (height + k - 1) / k)
      let regionWidth = columns * k
      let regionHeight = rows * k
      let x = clamp(center.x - regionWidth / 2, 0, max(0, width - regionWidth))
      let y = clamp(center.y - regionHeight / 2, 0, max(0, height - regionHeight))
      return ImageViewport(
        region: PixelRect(x: x, y: y, width: regionWidth, height: regionHeight), columns: columns,
        pixelRows: rows)
    case .magnify(let factor):
      // Whole image pixels only, so every pixel is the same number of block pixels.
      let m = max(1, factor)
      let regionWidth = max(1, min(width, maxColumns / m))
      let regionHeight = max(1, min(height, maxRows / m))
      let x = clamp(center.x - regionWidth / 2, 0, max(0, width - regionWidth))
      let y = clamp(center.y - regionHeight / 2, 0, max(0, height - regionHeight))
      return ImageViewport(
        region: PixelRect(x: x, y: y, width: regionWidth, height: regionHeight),
        columns: min(maxColumns, regionWidth * m), pixelRows: min(maxRows, regionHeight * m))
    }
  }

  /// The largest magnification: 8:1 makes a 20×20 control 160 block pixels across.
  public static let maximumMagnification = 8

  /// The next zoom step in (towards 1:1, then 2:1 … 8:1), or nil at the largest. A canvas
  /// smaller than the pane is already magnified at fit: the next step is the next power of
  /// two above that.
  public static func zoomIn(from zoom: Zoom, fitScale: Double) -> Zoom? {
    switch zoom {
    case .fit:
      guard fitScale > 1 else {
        var m = 2
        while Double(m) * fitScale <= 1 { m *= 2 }
        return m <= maximumMagnification ? .magnify(m) : nil
      }
      var k = 1
      while k * 2 < Int(fitScale.rounded(.up)) { k *= 2 }
      return .scale(k)
    case .scale(let k): return k > 1 ? .scale(k / 2) : .magnify(2)
    case .magnify(let m): return m < maximumMagnification ? .magnify(m * 2) : nil
    }
  }

  /// The next zoom step out (towards fit), or nil when already fitting.
  public static func zoomOut(from zoom: Zoom, fitScale: Double) -> Zoom? {
    switch zoom {
    case .fit: return nil
    case .scale(let k): return Double(k * 2) >= fitScale ? .fit : .scale(k * 2)
    case .magnify(let m):
      let next: Zoom = m > 2 ? .magnify(m / 2) : .scale(1)
      return pixelsPerBlock(next, fitScale: fitScale) >= fitScale ? .fit : next
    }
  }

  /// "fit", "1:4" (one block pixel shows 4×4 image pixels) or "4:1" (one image pixel is
  /// 4×4 block pixels).
  public static func label(_ zoom: Zoom) -> String {
    switch zoom {
    case .fit: return "fit"
    case .scale(let k): return "1:\(k)"
    case .magnify(let m): return "\(m):1"
    }
  }

  /// Image pixels per block pixel (below 1 when magnified).
  public static func pixelsPerBlock(_ zoom: Zoom, fitScale: Double) -> Double {
    switch zoom {
    case .fit: return fitScale
    case .scale(let k): return Double(k)
    case .magnify(let m): return 1 / Double(m)
    }
  }

  /// The most magnified step at which `target` (canvas pixels) is seen whole in `area`,
  /// or nil when fitting the pane shows it as large.
  public static func closestZoom(showing target: PixelRect, area: Rect, fitScale: Double) -> Zoom? {
    let columns = max(1, area.width)
    let rows = max(1, area.height * 2)
    let needed = max(Double(max(1, target.width)) / Double(columns), Double(max(1, target.height)) / Double(rows))
    var zoom: Zoom
    var m = maximumMagnification
    while m > 1, needed * Double(m) > 1 { m /= 2 }
    if m > 1 {
      zoom = .magnify(m)
    } else {
      var k = 1
      while Double(k) < needed { k *= 2 }
      zoom = .scale(k)
    }
    return pixelsPerBlock(zoom, fitScale: fitScale) >= fitScale ? nil : zoom
  }

  static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { max(low, min(high, value)) }

  /// The area with the most changed pixels: the cell of an 8×16 grid with the most, cut
  /// to the changed pixels inside it (found on a 16×16 grid of that cell). O(grid), not
  /// O(pixels): the mask's summed-area table answers each count.
  public static func hotspotArea(of mask: MaskSummary) -> PixelRect? {
    guard mask.total > 0 else { return nil }
    let columns = 8
    let rows = 16
    let heat = mask.heatmap(columns: columns, rows: rows)
    var best = 0
    for index in heat.values.indices where heat.values[index] > heat.values[best] { best = index }
    let xEdges = MaskSummary.edges(start: 0, length: mask.width, parts: columns)
    let yEdges = MaskSummary.edges(start: 0, length: mask.height, parts: rows)
    let (x0, x1) = xEdges[best % columns]
    let (y0, y1) = yEdges[best / columns]
    let cell = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    let fine = 16
    let inner = mask.heatmap(columns: fine, rows: fine, region: cell)
    let innerX = MaskSummary.edges(start: cell.x, length: cell.width, parts: fine)
    let innerY = MaskSummary.edges(start: cell.y, length: cell.height, parts: fine)
    var low = (x: Int.max, y: Int.max)
    var high = (x: Int.min, y: Int.min)
    for row in 0..<fine {
      for column in 0..<fine where inner[column, row] > 0 {
        low = (min(low.x, innerX[column].0), min(low.y, innerY[row].0))
        high = (max(high.x, innerX[column].1), max(high.y, innerY[row].1))
      }
    }
    guard low.x < high.x, low.y < high.y else { return cell }
    return PixelRect(x: low.x, y: low.y, width: high.x - low.x, height: high.y - low.y)
  }

  /// The area with the most detail in one image (an added or removed one has no diff
  /// mask): `hotspotArea` over its edge mask, the pixels that differ from their right or
  /// lower neighbour by more than `edgeThreshold` in some channel. Nil for a flat image.
  /// On the real pair's added 750×1334 fixture, 1:1 at the top centre showed one colour
  /// (docs/REVIEWER.md, finding 3); its edges are the label and the tab bar. O(pixels):
  /// computed on Enter only, not per frame.
  public static func detailArea(of image: RGBAImage) -> PixelRect? {
    guard let area = hotspotArea(of: MaskSummary(mask: edgeMask(of: image))) else { return nil }
    // Back from the mask's 2×2 blocks to image pixels.
    let x = area.x * 2
    let y = area.y * 2
    return PixelRect(x: x, y: y, width: min(image.width - x, area.width * 2), height: min(image.height - y, area.height * 2))
  }

  /// A step of 32 in a channel (of 255): anti-aliased glyph and control edges are far
  /// steeper; gradients and photo noise move a few levels a pixel.
  static let edgeThreshold: UInt32 = 32

  /// The edge mask at half resolution: a mask pixel is set when any of the 2×2 image
  /// pixels it covers is an edge. The densest-area search looks at 1/128 of the width at
  /// its finest, so the halving loses nothing it uses, and the summed-area table is a
  /// quarter. Pixels equal to their neighbours (most of a screenshot) cost one 32-bit
  /// compare. On a 1170×2532 image Enter took 19.6 ms (median, release, `snaprev
  /// review-bench`) with a full-resolution mask and a per-channel compare of every pair.
  static func edgeMask(of image: RGBAImage) -> GrayImage {
    let width = image.width
    let height = image.height
    var mask = GrayImage(zeroWidth: (width + 1) / 2, height: (height + 1) / 2)
    guard width > 0, height > 0 else { return mask }
    let maskWidth = mask.width
    func step(_ a: UInt32, _ b: UInt32, _ shift: UInt32) -> Bool {
      let p = (a >> shift) & 0xFF
      let q = (b >> shift) & 0xFF
      return (p > q ? p - q : q - p) > edgeThreshold
    }
    func differs(_ a: UInt32, _ b: UInt32) -> Bool {
      a != b && (step(a, b, 0) || step(a, b, 8) || step(a, b, 16) || step(a, b, 24))
    }
    image.pixels.withUnsafeBytes { raw in
      mask.pixels.withUnsafeMutableBufferPointer { out in
        func word(_ i: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self) }
        for y in 0..<height {
          let row = y &* width
          let outRow = (y >> 1) &* maskWidth
          let hasBelow = y + 1 < height
          for x in 0..<width {
            let here = word(row &+ x)
            if (x + 1 < width && differs(here, word(row &+ x &+ 1))) || (hasBelow && differs(here, word(row &+ width &+ x))) {
              out[outRow &+ (x >> 1)] = 255
            }
          }
        }
      }
    }
    return mask
  }

  /// The centre of the area with the most changed pixels.
  public static func hotspot(of mask: MaskSummary) -> (x: Int, y: Int) {
    guard let area = hotspotArea(of: mask) else { return (mask.width / 2, mask.height / 2) }
    return (area.x + area.width / 2, area.y + area.height / 2)
  }
}
