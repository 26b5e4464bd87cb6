import DiffCore
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import FoundationEssentials
import TerminalCanvas
import TerminalWidgets

/// `snaprev diff --preview`: base, head and the heatmap of counted pixels side by side in
/// half blocks, sized to the terminal and keeping the canvas's aspect ratio.
enum DiffPreview {
  static let gap = 2

  /// Draws the preview into a canvas of at most `columns` x `rows` cells.
  static func render(
    base: RGBAImage, head: RGBAImage, comparison: SnapshotComparison, columns: Int, rows: Int,
    mode: ColorMode
  ) -> Canvas {
    let canvasWidth = max(1, comparison.canvasWidth)
    let canvasHeight = max(1, comparison.canvasHeight)
    // Three panels when each gets at least 8 columns, otherwise the heatmap alone.
    let panels = (columns - 2 * gap) / 3 >= 8 ? 3 : 1
    let maxPanelWidth = max(1, (columns - (panels - 1) * gap) / panels)
    let maxImageRows = max(1, rows - 1)  // one title row
    // Half blocks make square pixels: a cell is one pixel wide and two tall.
    var panelWidth = Int((Double(maxImageRows * 2) * Double(canvasWidth) / Double(canvasHeight)).rounded())
    panelWidth = max(1, min(maxPanelWidth, panelWidth))
    let imageRows = max(
      1,
      min(maxImageRows, Int((Double(panelWidth) * Double(canvasHeight) / Double(canvasWidth) / 2).rounded(.up))))
    let width = panels * panelWidth + (panels - 1) * gap
    var canvas = Canvas(width: min(columns, width), height: imageRows + 1)
    let region = PixelRect(x: 0, y: 0, width: comparison.canvasWidth, height: comparison.canvasHeight)

    var x = 0
    if panels == 3 {
      for (title, image) in [("base \(base.width)×\(base.height)", base), ("head \(head.width)×\(head.height)", head)] {
        canvas.put(title, x: x, y: 0, limit: panelWidth, style: Style(.header))
        let thumbnail = Thumbnail(image: image, columns: panelWidth, rows: imageRows * 2, region: region)
        BlockPainter.paint(
          thumbnail, into: &canvas, at: Rect(x: x, y: 1, width: panelWidth, height: imageRows), mode: mode)
        x += panelWidth + gap
      }
    }
    let percent = DiffReport.format(comparison.ratio * 100, digits: 3)
    canvas.put(
      "changes \(comparison.mismatchedPixels) px (\(percent)%)", x: x, y: 0, limit: panelWidth,
      style: Style(comparison.isChanged ? .changed : .unchanged))
    let mask = comparison.mask ?? GrayImage(zeroWidth: comparison.canvasWidth, height: comparison.canvasHeight)
    let heatmap = MaskSummary(mask: mask).heatmap(columns: panelWidth, rows: imageRows * 2)
    BlockPainter.paint(
      heatmap, into: &canvas, at: Rect(x: x, y: 1, width: panelWidth, height: imageRows), mode: mode)
    return canvas
  }

  /// The terminal's size in cells: the tty on stdout, else $COLUMNS/$LINES, else 80x24.
  static func terminalSize(environment: [String: String]) -> (columns: Int, rows: Int) {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
      return (Int(size.ws_col), Int(size.ws_row))
    }
    let columns = environment["COLUMNS"].flatMap { Int($0) } ?? 80
    let rows = environment["LINES"].flatMap { Int($0) } ?? 24
    return (max(1, columns), max(1, rows))
  }
}
