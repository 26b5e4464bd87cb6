import DiffCore
import Testing

@testable import TerminalCanvas
import TerminalWidgets

struct CanvasTests {
  @Test func putEscapesAndClips() {
    var canvas = Canvas(width: 12, height: 2)
    canvas.put("a\u{1B}[31mb", x: 0, y: 0)
    canvas.put("long file name.png", x: 2, y: 1, limit: 6)
    #expect(canvas.lines == ["a\\e[31mb    ", "  long …    "])
    #expect(!canvas.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B } })
  }

  @Test func wideCharactersTakeTwoCellsAndNeverOverflow() {
    var canvas = Canvas(width: 5, height: 1)
    let used = canvas.put("設定画面", x: 0, y: 0)
    #expect(used <= 5)
    #expect(canvas.lines == ["設定…"])
    #expect(canvas[1, 0].isContinuation)
  }

  @Test func combiningMarksJoinTheirBase() {
    var canvas = Canvas(width: 4, height: 1)
    canvas.put("e\u{301}x", x: 0, y: 0)
    #expect(canvas[0, 0].text == "e\u{301}")
    #expect(canvas[1, 0].text == "x")
  }

  @Test func drawingOutsideTheCanvasIsHarmless() {
    var canvas = Canvas(width: 1, height: 1)
    canvas.put("hello", x: -3, y: 0)
    canvas.put("hello", x: 5, y: 0)
    canvas.put("hello", x: 0, y: 4)
    canvas.fill(Rect(x: -5, y: -5, width: 100, height: 100), with: "x")
    #expect(canvas.lines == ["x"])
    var empty = Canvas(width: 0, height: 0)
    empty.put("x", x: 0, y: 0)
    #expect(empty.lines.isEmpty)
  }

  @Test func roleLinesShowStyles() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.put("ab", x: 0, y: 0, style: Style(.added))
    canvas.put("cd", x: 3, y: 0, style: Style(.removed))
    #expect(canvas.roleLines == ["aa.rr."])
  }
}

struct PainterTests {
  static func mask(width: Int, height: Int, changed: [(Int, Int)]) -> GrayImage {
    var image = GrayImage(zeroWidth: width, height: height)
    for (x, y) in changed { image.pixels[y * width + x] = 255 }
    return image
  }

  @Test func heatmapFractionsPerCell() {
    // 4x4 mask, top-left quadrant fully changed, one pixel in the bottom-right quadrant.
    let mask = Self.mask(width: 4, height: 4, changed: [(0, 0), (1, 0), (0, 1), (1, 1), (3, 3)])
    let summary = MaskSummary(mask: mask)
    #expect(summary.total == 5)
    let heatmap = summary.heatmap(columns: 2, rows: 2)
    #expect(heatmap.values == [1, 0, 0, 0.25])
    // Zoomed past 1:1: every cell still covers a pixel.
    let zoomed = summary.heatmap(columns: 8, rows: 8, region: PixelRect(x: 0, y: 0, width: 2, height: 2))
    #expect(zoomed.values.allSatisfy { $0 == 1 })
  }

  @Test func heatmapPaintsHalfBlocksWithTheScale() {
    let mask = Self.mask(width: 2, height: 2, changed: [(0, 0)])
    let heatmap = MaskSummary(mask: mask).heatmap(columns: 2, rows: 2)
    var canvas = Canvas(width: 2, height: 1)
    BlockPainter.paint(heatmap, into: &canvas, at: canvas.bounds, mode: .trueColor)
    #expect(canvas.lines == ["▀▀"])
    #expect(canvas[0, 0].style.foreground == HeatScale.color(1))
    #expect(canvas[0, 0].style.background == HeatScale.empty)
    #expect(canvas[1, 0].style.foreground == HeatScale.empty)
  }

  @Test func monochromeHeatmapUsesShades() {
    let mask = Self.mask(width: 4, height: 2, changed: [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)])
    let heatmap = MaskSummary(mask: mask).heatmap(columns: 2, rows: 2)
    var canvas = Canvas(width: 2, height: 1)
    BlockPainter.paint(heatmap, into: &canvas, at: canvas.bounds, mode: .monochrome)
    #expect(canvas.lines == ["█▓"])  // left 4/4 changed; right max(2/4, 0) = 0.5
  }

  @Test func anyChangeIsVisiblyOffTheEmptyColour() {
    let faint = HeatScale.color(1.0 / 10_000)
    #expect(faint != HeatScale.empty)
    #expect(HeatScale.shade(1.0 / 10_000) == "░")
  }

  @Test func ansiOutputPerColourMode() {
    var canvas = Canvas(width: 1, height: 1)
    canvas.set(x: 0, y: 0, glyph: "▀", style: Style(.image, foreground: Color(255, 0, 0), background: Color(0, 0, 0)))
    #expect(ANSIRenderer.render(canvas, mode: .trueColor) == "\u{1B}[0;38;2;255;0;0;48;2;0;0;0m▀\u{1B}[0m\n")
    #expect(ANSIRenderer.render(canvas, mode: .palette256) == "\u{1B}[0;38;5;196;48;5;16m▀\u{1B}[0m\n")
    #expect(ANSIRenderer.render(canvas, mode: .monochrome) == "\u{1B}[0m▀\u{1B}[0m\n")
  }

  @Test func colorModeDetection() {
    #expect(ColorMode.detect(environment: ["COLORTERM": "truecolor"]) == .trueColor)
    #expect(ColorMode.detect(environment: ["COLORTERM": "24bit", "TERM": "xterm"]) == .trueColor)
    #expect(ColorMode.detect(environment: ["TERM": "xterm-256color"]) == .palette256)
    #expect(ColorMode.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"]) == .monochrome)
    #expect(ColorMode.detect(environment: ["NO_COLOR": "", "COLORTERM": "truecolor"]) == .trueColor)
    #expect(ColorMode.detect(environment: ["TERM": "dumb"]) == .monochrome)
  }

  @Test func xterm256Mapping() {
    #expect(XTerm256.index(of: Color(0, 0, 0)) == 16)
    #expect(XTerm256.index(of: Color(255, 255, 255)) == 231)
    #expect(XTerm256.index(of: Color(128, 128, 128)) == 244)
    #expect(XTerm256.index(of: Color(255, 0, 0)) == 196)
  }

  @Test func thumbnailAveragesAndPadsWithBackground() {
    // 2x1 image: opaque white and transparent; thumbnail 2x1 over black.
    let image = RGBAImage(width: 2, height: 1, pixels: [255, 255, 255, 255, 255, 255, 255, 0])
    let thumb = Thumbnail(image: image, columns: 2, rows: 1)
    #expect(thumb.colors == [RGB(255, 255, 255), RGB(0, 0, 0)])
    let wider = Thumbnail(image: image, columns: 4, rows: 1, region: PixelRect(x: 0, y: 0, width: 4, height: 1))
    #expect(wider.colors == [RGB(255, 255, 255), RGB(0, 0, 0), RGB(0, 0, 0), RGB(0, 0, 0)])
  }
}
