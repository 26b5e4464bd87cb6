import ArgumentParser
import DiffCore
import FoundationEssentials
import PNGCodec
import ReviewUI
import TerminalCanvas
import TerminalGraphics
import TextFormat

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `snaprev bench-graphics`: how long a graphics frame takes to encode and write, per path,
/// and the block-mode symbol renderer's cost per keystroke (docs/PERFORMANCE.md).
public struct GraphicsBenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "bench-graphics",
    abstract: "Measure the graphics paths: a frame of a 1170x2532 pair encoded and written.",
    discussion: """
      Decodes --screens/base.png and small_change.png, places them as the reviewer does in \
      the preview pane of a 200x50 terminal with --cell-width x --cell-height pixel cells, \
      and prints the median of --runs runs (after a warm-up) of one frame made, encoded and \
      written to /dev/null: for kitty, sixel and iTerm2, for the head, the diff view, the \
      onion skin and the slider, fitted and at 1:1. Then the block-mode render with libchafa's symbols at 200x50. \
      Run it on a release build: swift build -c release.
      """,
    shouldDisplay: false)

  @Option(name: .long, help: "Timed runs per measurement (after one warm-up).")
  public var runs = 9

  @Option(name: .long, help: "Directory with base.png and small_change.png (1170x2532).")
  public var screens = "Tests/Fixtures/bench-screens"

  @Option(name: .long, help: "Cell width in pixels.")
  public var cellWidth = 10

  @Option(name: .long, help: "Cell height in pixels.")
  public var cellHeight = 20

  public func run() throws {
    #if DEBUG
      print("warning: debug build; build with -c release for meaningful figures")
    #endif
    let base = try decode("base.png")
    let head = try decode("small_change.png")
    let mask = MaskSummary(mask: Self.difference(base, head))
    let area = ReviewLayout(width: 200, height: 50).previewImage
    let cell = CellPixels(width: cellWidth, height: cellHeight)
    print("pane \(area.width)x\(area.height) cells = \(area.width * cellWidth)x\(area.height * cellHeight) px; pair \(head.width)x\(head.height)")
    let output = open("/dev/null", O_WRONLY)
    defer { close(output) }
    let heat = (0..<256).map { RGB(UInt8($0), 64, 32) }
    for (zoomName, zoom) in [("fit", Zoom.fit), ("1:1", Zoom.scale(1))] {
      guard
        let view = GraphicsViewport.make(
          canvasWidth: head.width, canvasHeight: head.height, area: area, cell: cell, zoom: zoom,
          center: (head.width / 2, head.height / 2))
      else { continue }
      for (viewName, source) in [
        ("head", GraphicsPlacement.Source.image(head)), ("diff", .heat(mask: mask, under: head, heat: heat)),
        ("onion", .blend(base: base, head: head, headShare: 50)),
        ("slider", .slider(base: base, head: head, divider: head.width / 2, line: RGB(255, 176, 0))),
      ] {
        let placement = GraphicsPlacement(
          key: viewName, source: source, region: view.region, pixelWidth: view.pixelWidth,
          pixelHeight: view.pixelHeight, cells: view.cells, background: RGB(24, 24, 24))
        let rasterMs = BenchMeasure.medianMilliseconds(runs: runs) { _ = placement.raster() }
        var line = "\(viewName) \(zoomName) (\(view.pixelWidth)x\(view.pixelHeight) px, pixels made in \(String(printf: "%.1f", rasterMs)) ms):"
        for path in [GraphicsProtocol.kitty, .sixel, .iterm2] {
          var bytes = 0
          let ms = BenchMeasure.medianMilliseconds(runs: runs) {
            // A fresh screen each run: the frame is always sent (as after a key that changed it).
            var screen = GraphicsScreen(mode: GraphicsMode(path: path, cell: cell, tmux: false, reason: "bench"))
            let update = screen.update(to: [placement])
            bytes = update.bytes.count
            _ = update.bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
          }
          line += "  \(path.rawValue)" + String(printf: " %.1f ms (%.1f MB)", ms, Double(bytes) / 1e6)
        }
        print(line)
      }
    }
    // The sixel cube: a region with more than 256 colours (the head with noise of up to ±8).
    var noisy = head
    var random = SplitMix(seed: 1)
    for i in 0..<noisy.pixels.count where i % 4 != 3 {
      noisy.pixels[i] = UInt8(clamping: Int(noisy.pixels[i]) + Int(random.next() % 17) - 8)
    }
    if let view = GraphicsViewport.make(
      canvasWidth: head.width, canvasHeight: head.height, area: area, cell: cell, zoom: .scale(1),
      center: (head.width / 2, head.height / 2))
    {
      let placement = GraphicsPlacement(
        key: "noisy", source: .image(noisy), region: view.region, pixelWidth: view.pixelWidth,
        pixelHeight: view.pixelHeight, cells: view.cells, background: RGB(24, 24, 24))
      var bytes = 0
      let ms = BenchMeasure.medianMilliseconds(runs: runs) {
        var screen = GraphicsScreen(mode: GraphicsMode(path: .sixel, cell: cell, tmux: false, reason: "bench"))
        let update = screen.update(to: [placement])
        bytes = update.bytes.count
        _ = update.bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
      }
      print(String(printf: "head 1:1 with noise (over 256 colours, the 6x7x6 cube): sixel %.1f ms (%.1f MB)", ms, Double(bytes) / 1e6))
    }
    // Block mode: a keystroke's redraw at 200x50 with half blocks and with chafa's symbols.
    let state = Self.previewState(head: head, base: base, mask: mask)
    var canvas = Canvas(width: 200, height: 50)
    let halfBlocks = BenchMeasure.medianMilliseconds(runs: runs) { ReviewUI.render(state, into: &canvas) }
    let symbols = BenchMeasure.medianMilliseconds(runs: runs) { ReviewSymbols.render(state, into: &canvas) }
    let memo = ReviewSymbols.Memo()
    let remembered = BenchMeasure.medianMilliseconds(runs: runs) { ReviewSymbols.render(state, into: &canvas, memo: memo) }
    print(
      String(
        printf: "block mode, head fitted, render at 200x50: half blocks %.1f ms, chafa symbols %.1f ms (new image), %.1f ms (same image)",
        halfBlocks, symbols, remembered))
    // chafa alone on the fitted head's cells, by work factor.
    let view = ImageViewport.make(
      canvasWidth: head.width, canvasHeight: head.height, area: area, zoom: .fit, center: (0, 0))
    let raster = SymbolArt.opaque(
      RegionRaster.render(
        head, region: view.region, width: view.columns * SymbolArt.cellPixels,
        height: view.pixelRows * SymbolArt.cellPixels / 2), over: RGB(24, 24, 24))
    var factors = "chafa alone, \(view.columns)x\(view.cellRows) cells:"
    for work: Float in [0, 0.2, 0.5] {
      let ms = BenchMeasure.medianMilliseconds(runs: runs) {
        _ = SymbolArt.render(raster, columns: view.columns, rows: view.cellRows, work: work)
      }
      factors += String(printf: "  work %.1f %.1f ms", work, ms)
    }
    print(factors)
  }

  func decode(_ name: String) throws -> RGBAImage {
    let path = screens + "/" + name
    return try PNGCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
  }

  /// 255 where the pixels differ: enough of a mask for timing the heat raster.
  static func difference(_ a: RGBAImage, _ b: RGBAImage) -> GrayImage {
    var mask = GrayImage(zeroWidth: a.width, height: a.height)
    for i in 0..<min(a.pixelCount, b.pixelCount) where a.pixels[i * 4..<i * 4 + 4] != b.pixels[i * 4..<i * 4 + 4] {
      mask.pixels[i] = 255
    }
    return mask
  }

  /// The reviewer at 200x50 showing the pair's head, fitted.
  static func previewState(head: RGBAImage, base: RGBAImage, mask: MaskSummary) -> ReviewState {
    let ref = { (key: String) in ImageRef(fileName: "screen.png", key: key, width: head.width, height: head.height) }
    let entry = ReviewEntry(category: .changed, head: ref("h"), base: ref("b"), diff: 0.01, diffImageKey: "m")
    let data = ReviewData(artifact: BuildSummary(id: "1", comparisonState: "success"), entries: [entry])
    var state = ReviewState(artifactID: "1", reviewer: "bench", width: 200, height: 50, colorMode: .trueColor)
    _ = reduce(&state, .artifactLoaded(data))
    _ = reduce(&state, .key(.character("h")))
    if let request = state.review?.preview.request {
      _ = reduce(&state, .previewLoaded(PreviewImages(request: request, head: head, base: base, mask: mask)))
    }
    return state
  }
}
