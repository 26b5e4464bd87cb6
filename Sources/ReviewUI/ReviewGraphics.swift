import DiffCore
import TerminalCanvas
import TerminalGraphics
import TerminalWidgets

/// Where one preview image goes when the terminal draws pixels: the source region, the size
/// in screen pixels, and the cells. `Zoom.scale(k)` means k image pixels per screen pixel
/// here (so 1:1 sends the visible source pixels unchanged), where in block mode it means k
/// per half block. The zoom steps are the block preview's, so a step above 1:1 that would
/// show the image smaller than fitting shows it fitted; 1:1 is always 1:1.
public struct GraphicsViewport: Sendable, Equatable {
  public let region: PixelRect
  public let pixelWidth: Int
  public let pixelHeight: Int
  public let cells: Rect

  public static func make(
    canvasWidth: Int, canvasHeight: Int, area: Rect, cell: CellPixels, zoom: Zoom, center: (x: Int, y: Int)
  ) -> GraphicsViewport? {
    guard canvasWidth > 0, canvasHeight > 0, area.width > 0, area.height > 0, cell.width > 0, cell.height > 0
    else { return nil }
    let paneWidth = area.width * cell.width
    let paneHeight = area.height * cell.height
    // Image pixels per screen pixel at which the whole canvas fits (below 1 enlarges).
    let fit = max(Double(canvasWidth) / Double(paneWidth), Double(canvasHeight) / Double(paneHeight))
    let region: PixelRect
    let width: Int
    let height: Int
    if case .scale(let step) = zoom, step <= 1 || Double(step) < fit {
      let k = max(1, step)
      width = min(paneWidth, (canvasWidth + k - 1) / k)
      height = min(paneHeight, (canvasHeight + k - 1) / k)
      let regionWidth = width * k
      let regionHeight = height * k
      region = PixelRect(
        x: ImageViewport.clamp(center.x - regionWidth / 2, 0, max(0, canvasWidth - regionWidth)),
        y: ImageViewport.clamp(center.y - regionHeight / 2, 0, max(0, canvasHeight - regionHeight)),
        width: regionWidth, height: regionHeight)
    } else {
      width = max(1, min(paneWidth, Int((Double(canvasWidth) / fit).rounded(.down))))
      height = max(1, min(paneHeight, Int((Double(canvasHeight) / fit).rounded(.down))))
      region = PixelRect(x: 0, y: 0, width: canvasWidth, height: canvasHeight)
    }
    let columns = min(area.width, (width + cell.width - 1) / cell.width)
    let rows = min(area.height, (height + cell.height - 1) / cell.height)
    // Centred across like the block painter; from the top.
    let cells = Rect(x: area.x + max(0, (area.width - columns) / 2), y: area.y, width: columns, height: rows)
    return GraphicsViewport(region: region, pixelWidth: width, pixelHeight: height, cells: cells)
  }
}

/// The reviewer's images for a graphics path, from the state alone (pure, like `render`):
/// the same images the block preview paints, in the same panes, at the pane's pixel size.
public enum ReviewGraphics {
  /// The heat colours by share changed in 1/255ths, as the block heatmap colours cells.
  static let heat: [RGB] = (0..<256).map { i in
    let c = HeatScale.color(Float(i) / 255)
    return RGB(c.r, c.g, c.b)
  }

  /// The slider's divider line in pixels: the amber of the heat scale's middle, readable
  /// on dark and light images alike (the block preview draws `┃` in the key colour).
  static let sliderLine = RGB(255, 176, 0)

  /// The images `state` shows, with cells `cell` pixels in size. None while a dialog or the
  /// help is open (they would cover it), on the picker, and when the screen is too small.
  public static func placements(_ state: ReviewState, cell: CellPixels) -> [GraphicsPlacement] {
    slots(state) { size, rect, review in
      GraphicsViewport.make(
        canvasWidth: size.width, canvasHeight: size.height, area: rect, cell: cell, zoom: review.zoom,
        center: review.center)
    }
  }

  /// The preview's images and where they go, with `viewport` giving the geometry of an image
  /// canvas of a size in a pane (pixels for a graphics path; the block preview's cells for
  /// symbols).
  static func slots(
    _ state: ReviewState,
    viewport: (_ canvas: (width: Int, height: Int), _ pane: Rect, _ review: ReviewScreen) -> GraphicsViewport?
  ) -> [GraphicsPlacement] {
    guard state.overlay == nil, !state.isTooSmall, state.screen == .review, let review = state.review,
      let entry = review.selectedEntry, entry.category != .errored, case .ready(let images) = review.preview
    else { return [] }
    let area = state.layout.previewImage
    guard !area.isEmpty else { return [] }
    let size = images.canvasSize
    let request = images.request
    let pair = [request.artifactID, request.fileName, request.headKey ?? "-", request.baseKey ?? "-"].joined(separator: "|")
    func place(_ source: GraphicsPlacement.Source, _ what: String, in rect: Rect) -> GraphicsPlacement? {
      guard let view = viewport(size, rect, review) else { return nil }
      return GraphicsPlacement(
        key: pair + "|" + what, source: source, region: view.region, pixelWidth: view.pixelWidth,
        pixelHeight: view.pixelHeight, cells: view.cells, background: PreviewPainter.padding)
    }
    guard entry.category == .changed else {
      guard let image = images.head ?? images.base else { return [] }
      return [place(.image(image), images.head == nil ? "base" : "head", in: area)].compactMap { $0 }
    }
    switch review.mode {
    case .diff:
      if let mask = images.mask {
        // With `i`, the ignored pixels too, once found (the key says so: a new image is sent).
        let ignored = review.showAntialiased ? images.antialiased : nil
        let source = GraphicsPlacement.Source.heat(
          mask: mask, under: images.head ?? images.base, heat: heat, ignored: ignored,
          ignoredColor: RGB(HeatScale.ignored.r, HeatScale.ignored.g, HeatScale.ignored.b))
        return [place(source, ignored == nil ? "diff" : "diff+ignored", in: area)].compactMap { $0 }
      }
      return [images.head.flatMap { place(.image($0), "head", in: area) }].compactMap { $0 }
    case .head, .base, .blink:
      let showBase = review.mode == .base || (review.mode == .blink && review.blinkShowsBase)
      let image = showBase ? images.base : images.head
      return [image.flatMap { place(.image($0), showBase ? "base" : "head", in: area) }].compactMap { $0 }
    case .sideBySide:
      // The halves of the block preview (`SideBySideSplit`, left/right or stacked), a label
      // row above each.
      let split = SideBySideSplit(area: area, canvasWidth: size.width, canvasHeight: size.height)
      return [
        images.base.flatMap { place(.image($0), "base", in: split.base) },
        images.head.flatMap { place(.image($0), "head", in: split.head) },
      ].compactMap { $0 }
    case .overlay:
      guard let base = images.base, let head = images.head else { return [] }
      return [place(.blend(base: base, head: head, headShare: review.overlayOpacity), "onion\(review.overlayOpacity)", in: area)]
        .compactMap { $0 }
    case .slider:
      guard let base = images.base, let head = images.head, let view = viewport(size, area, review) else { return [] }
      // The image column the legend names ("at x …"), so the line and the legend agree.
      let divider = view.region.x + view.region.width * review.sliderPosition / 100
      return [place(.slider(base: base, head: head, divider: divider, line: sliderLine), "slider\(divider)", in: area)]
        .compactMap { $0 }
    }
  }

  /// Draws `state` with its images' cells left blank (the terminal draws the pixels there)
  /// and returns the placements: the frame and its images, for a graphics path.
  public static func render(_ state: ReviewState, cell: CellPixels, into canvas: inout Canvas) -> [GraphicsPlacement] {
    ReviewUI.render(state, into: &canvas)
    let placements = placements(state, cell: cell)
    for placement in placements { canvas.fill(placement.cells) }
    return placements
  }
}

/// Block mode with libchafa: images are drawn with block, quadrant and box-drawing symbols
/// that follow edges and text inside a cell, finer than half blocks (`SymbolArt`). Only the
/// images: the heatmap stays half blocks on its colour scale, and monochrome stays shades.
public enum ReviewSymbols {
  /// The symbols of the images last drawn, by placement: a frame whose images did not move
  /// (a mark, a filter key, Tab) reuses them rather than asking chafa again (about 8 ms for
  /// a fitted phone screen at 200x50, plus its pixels; docs/PERFORMANCE.md). A memo of a
  /// pure function: the frame is the same with or without it.
  public final class Memo {
    var entries: [(identity: GraphicsPlacement.Identity, cells: [SymbolArt.Cell])] = []

    public init() {}
  }

  /// Draws `state`, then repaints each image the block preview drew, in the same cells, with
  /// symbols. Pure, like `render`.
  public static func render(_ state: ReviewState, into canvas: inout Canvas) {
    render(state, into: &canvas, memo: Memo())
  }

  /// `render`, reusing `memo`'s symbols for images drawn again in the same place.
  public static func render(_ state: ReviewState, into canvas: inout Canvas, memo: Memo) {
    ReviewUI.render(state, into: &canvas)
    guard state.colorMode != .monochrome else { return }
    let slots = ReviewGraphics.slots(state) { size, rect, review in
      let view = ImageViewport.make(
        canvasWidth: size.width, canvasHeight: size.height, area: rect, zoom: review.zoom, center: review.center)
      guard view.columns > 0, view.cellRows > 0 else { return nil }
      // The cells the half-block painter filled: centred across, from the top. A block pixel
      // is half a cell, so chafa's 8x8 cell gets 8x4 pixels per block pixel.
      let cells = Rect(x: rect.x + max(0, (rect.width - view.columns) / 2), y: rect.y, width: view.columns, height: view.cellRows)
      return GraphicsViewport(
        region: view.region, pixelWidth: view.columns * SymbolArt.cellPixels,
        pixelHeight: view.pixelRows * SymbolArt.cellPixels / 2, cells: cells)
    }
    var drawn: [(identity: GraphicsPlacement.Identity, cells: [SymbolArt.Cell])] = []
    for slot in slots {
      guard case .image(let image) = slot.source else { continue }
      let identity = slot.identity
      let cells: [SymbolArt.Cell]
      if let known = memo.entries.first(where: { $0.identity == identity }) {
        cells = known.cells
      } else {
        cells = SymbolArt.render(
          image, region: slot.region, background: slot.background, columns: slot.cells.width, rows: slot.cells.height)
      }
      drawn.append((identity, cells))
      guard cells.count == slot.cells.width * slot.cells.height else { continue }
      for (i, cell) in cells.enumerated() {
        let foreground = Color(cell.foreground.r, cell.foreground.g, cell.foreground.b)
        let background = Color(cell.background.r, cell.background.g, cell.background.b)
        canvas.set(
          x: slot.cells.x + i % slot.cells.width, y: slot.cells.y + i / slot.cells.width, glyph: cell.glyph,
          style: Style(.image, foreground: foreground, background: background))
      }
    }
    memo.entries = drawn
  }
}
