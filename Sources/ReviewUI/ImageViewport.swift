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
    }
  }

  /// The next zoom step in (towards 1:1), or nil when already at 1:1.
  public static func zoomIn(from zoom: Zoom, fitScale: Double) -> Zoom? {
    switch zoom {
    case .fit:
      guard fitScale > 1 else { return nil }
      var k = 1
      while k * 2 < Int(fitScale.rounded(.up)) { k *= 2 }
      return .scale(k)
    case .scale(let k): return k > 1 ? .scale(k / 2) : nil
    }
  }

  /// The next zoom step out (towards fit), or nil when already fitting.
  public static func zoomOut(from zoom: Zoom, fitScale: Double) -> Zoom? {
    switch zoom {
    case .fit: return nil
    case .scale(let k): return Double(k * 2) >= fitScale ? .fit : .scale(k * 2)
    }
  }

  /// "fit" or "1:4" (one block pixel shows 4x4 image pixels).
  public static func label(_ zoom: Zoom) -> String {
    switch zoom {
    case .fit: return "fit"
    case .scale(let k): return "1:\(k)"
    }
  }

  static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { max(low, min(high, value)) }

  /// The centre of the area with the most changed pixels (where 1:1 zoom starts).
  public static func hotspot(of mask: MaskSummary) -> (x: Int, y: Int) {
    let columns = 8
    let rows = 16
    let heat = mask.heatmap(columns: columns, rows: rows)
    var best = 0
    for index in heat.values.indices where heat.values[index] > heat.values[best] { best = index }
    let column = best % columns
    let row = best / columns
    return ((column * 2 + 1) * mask.width / (columns * 2), (row * 2 + 1) * mask.height / (rows * 2))
  }
}
