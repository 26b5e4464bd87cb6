import DiffCore
import PNGCodec
import TerminalCanvas

/// One image on the screen, as a UI's pure render describes it: which source region of
/// which image, drawn at which pixel size, in which cell rectangle. The pixels are made
/// (`raster`) and encoded only by the terminal backend, and only when the placement changed.
public struct GraphicsPlacement: Sendable {
  /// What the pixels come from.
  public enum Source: Sendable {
    case image(RGBAImage)
    /// The diff view: changed pixels in `heat` colours (256 entries, by share changed) over
    /// the dimmed `under` image; with `ignored`, pixels that only it counts in `ignoredColor`.
    case heat(mask: MaskSummary, under: RGBAImage?, heat: [RGB], ignored: MaskSummary? = nil, ignoredColor: RGB = RGB(0, 0, 0))
    /// Onion skin: the head over the base at `headShare` percent.
    case blend(base: RGBAImage, head: RGBAImage, headShare: Int)
    /// Slider: the base left of image column `divider`, the head from it on, the divider
    /// drawn as a line in `line`.
    case slider(base: RGBAImage, head: RGBAImage, divider: Int, line: RGB)
  }

  /// Names the source (e.g. the store keys and the view): equal keys mean equal pixels.
  public var key: String
  public var source: Source
  /// The source region, in image pixels (may reach past the image: transparent there).
  public var region: PixelRect
  /// The size drawn, in screen pixels; equal to the region's size at 1:1.
  public var pixelWidth: Int
  public var pixelHeight: Int
  /// The cells the image covers (top-left is where it is drawn).
  public var cells: Rect
  /// What transparent pixels are shown over where the path has no alpha (sixel) and in the
  /// diff view: the preview's padding colour, as in block mode.
  public var background: RGB

  public init(
    key: String, source: Source, region: PixelRect, pixelWidth: Int, pixelHeight: Int, cells: Rect,
    background: RGB
  ) {
    self.key = key
    self.source = source
    self.region = region
    self.pixelWidth = pixelWidth
    self.pixelHeight = pixelHeight
    self.cells = cells
    self.background = background
  }

  /// Image pixels per screen pixel (1 at 1:1; above 1 shrinks).
  public var scale: Double { Double(region.width) / Double(max(1, pixelWidth)) }

  /// What decides whether the screen must change: everything but the pixel buffers.
  public struct Identity: Sendable, Equatable {
    public let key: String
    public let region: PixelRect
    public let pixelWidth: Int
    public let pixelHeight: Int
    public let cells: Rect
    public let background: RGB
  }

  public var identity: Identity {
    Identity(
      key: key, region: region, pixelWidth: pixelWidth, pixelHeight: pixelHeight, cells: cells, background: background)
  }

  /// The pixels to send.
  public func raster() -> RGBAImage {
    switch source {
    case .image(let image):
      return RegionRaster.render(image, region: region, width: pixelWidth, height: pixelHeight)
    case .heat(let mask, let under, let heat, let ignored, let ignoredColor):
      return HeatOverlay.render(
        mask: mask, under: under, heat: heat, background: background, region: region, width: pixelWidth,
        height: pixelHeight, ignored: ignored, ignoredColor: ignoredColor)
    case .blend(let base, let head, let headShare):
      return PairRaster.blend(
        base: RegionRaster.render(base, region: region, width: pixelWidth, height: pixelHeight),
        head: RegionRaster.render(head, region: region, width: pixelWidth, height: pixelHeight),
        headShare: headShare, background: background)
    case .slider(let base, let head, let divider, let line):
      // The screen column where image column `divider` falls (the region spans pixelWidth).
      let column = region.width > 0 ? (divider - region.x) * pixelWidth / region.width : 0
      return PairRaster.slider(
        base: RegionRaster.render(base, region: region, width: pixelWidth, height: pixelHeight),
        head: RegionRaster.render(head, region: region, width: pixelWidth, height: pixelHeight),
        divider: column, line: line, background: background)
    }
  }
}

/// What the terminal shows of our images, and the bytes that change it: a value, so the
/// replace/delete rules are tested without a terminal. The backend writes `bytes` after
/// ncurses' refresh, first repainting the cells in `repaint` (sixel and iTerm2 images have
/// no delete: text written over their cells is what removes them).
public struct GraphicsScreen: Sendable {
  public let mode: GraphicsMode
  public private(set) var shown: [(identity: GraphicsPlacement.Identity, id: UInt32)] = []
  private var nextID: UInt32 = 1

  public init(mode: GraphicsMode) { self.mode = mode }

  public struct Update: Sendable, Equatable {
    /// Cells whose old image must be erased by repainting them, before `bytes` are written.
    public var repaint: [Rect] = []
    public var bytes: [UInt8] = []

    public var isEmpty: Bool { repaint.isEmpty && bytes.isEmpty }
  }

  /// Replaces what is shown with `placements`. Nothing is sent when they are the ones shown;
  /// otherwise every old image is deleted (kitty) or its cells repainted (sixel, iTerm2) and
  /// every new one sent. A placement that cannot be encoded (a PNG error) is left out.
  public mutating func update(to placements: [GraphicsPlacement]) -> Update {
    guard mode.path != .blocks else { return Update() }
    if placements.map(\.identity) == shown.map(\.identity) { return Update() }
    var update = clear()
    for placement in placements {
      let id = nextID
      nextID = nextID == UInt32.max ? 1 : nextID + 1
      guard let sequences = encode(placement, id: id) else { continue }
      update.bytes.reserveCapacity(update.bytes.count + sequences.reduce(64) { $0 + $1.count + 16 })
      update.bytes += Self.cursorSave + Self.moveCursor(to: placement.cells)
      for sequence in sequences { update.bytes += wrap(sequence) }
      update.bytes += Self.cursorRestore
      shown.append((placement.identity, id))
    }
    return update
  }

  /// Removes every image shown (a resize, an overlay, quitting).
  public mutating func clear() -> Update {
    var update = Update()
    for (identity, id) in shown {
      switch mode.path {
      case .kitty: update.bytes += wrap(KittyGraphics.delete(id: id))
      case .sixel, .iterm2: update.repaint.append(identity.cells)
      case .blocks: break
      }
    }
    shown = []
    return update
  }

  /// Forgets what is shown without sending anything: the screen was cleared under us (a
  /// resize repaints everything; kitty images stay in memory, so they are deleted first).
  public mutating func forget() -> Update {
    var update = Update()
    if mode.path == .kitty { update = clear() }
    shown = []
    return update
  }

  private func encode(_ placement: GraphicsPlacement, id: UInt32) -> [[UInt8]]? {
    let raster = placement.raster()
    guard raster.width > 0, raster.height > 0 else { return nil }
    switch mode.path {
    case .kitty: return KittyGraphics.transmit(raster, id: id)
    case .sixel: return [Sixel.encode(raster, background: placement.background)]
    case .iterm2: return (try? ITerm2Image.encode(raster)).map { [$0] }
    case .blocks: return nil
    }
  }

  /// Kitty and iTerm2 sequences pass through tmux; sixel is tmux's own to draw (3.4+).
  private func wrap(_ sequence: [UInt8]) -> [UInt8] {
    mode.tmux && mode.path != .sixel ? TmuxPassthrough.wrap(sequence) : sequence
  }

  static let cursorSave: [UInt8] = [0x1B, UInt8(ascii: "7")]
  static let cursorRestore: [UInt8] = [0x1B, UInt8(ascii: "8")]

  static func moveCursor(to cells: Rect) -> [UInt8] {
    Array("\u{1B}[\(cells.y + 1);\(cells.x + 1)H".utf8)
  }
}
