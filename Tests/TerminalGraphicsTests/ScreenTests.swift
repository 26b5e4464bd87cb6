import DiffCore
import TerminalCanvas
import TerminalGraphics
import Testing

/// What is sent when placements change: nothing for the same frame, a delete for every old
/// kitty image, a repaint of every old sixel/iTerm2 rectangle, and a full clear on quit.
struct ScreenTests {
  static let image = RGBAImage(width: 4, height: 4, pixels: Array([[UInt8]](repeating: [200, 200, 200, 255], count: 16).joined()))

  static func placement(_ key: String, x: Int) -> GraphicsPlacement {
    GraphicsPlacement(
      key: key, source: .image(image), region: PixelRect(x: 0, y: 0, width: 4, height: 4), pixelWidth: 4,
      pixelHeight: 4, cells: Rect(x: x, y: 3, width: 1, height: 1), background: RGB(0, 0, 0))
  }

  static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func kittyReplacesAndDeletes() {
    var screen = GraphicsScreen(mode: GraphicsMode(path: .kitty, cell: CellPixels(width: 4, height: 4), tmux: false, reason: ""))
    let first = screen.update(to: [Self.placement("a", x: 5)])
    #expect(first.repaint.isEmpty)
    #expect(Self.text(first.bytes).hasPrefix("\u{1B}7\u{1B}[4;6H\u{1B}_Ga=T,f=24,s=4,v=4,i=1,"))
    #expect(Self.text(first.bytes).hasSuffix("\u{1B}8"))
    #expect(screen.update(to: [Self.placement("a", x: 5)]).isEmpty)
    let moved = screen.update(to: [Self.placement("a", x: 6)])
    #expect(Self.text(moved.bytes).hasPrefix("\u{1B}_Ga=d,d=I,i=1,q=2\u{1B}\\\u{1B}7\u{1B}[4;7H\u{1B}_Ga=T,f=24,s=4,v=4,i=2,"))
    let quit = screen.clear()
    #expect(Self.text(quit.bytes) == "\u{1B}_Ga=d,d=I,i=2,q=2\u{1B}\\")
    #expect(screen.shown.isEmpty)
    #expect(screen.clear().isEmpty)
  }

  @Test func sixelRepaintsTheOldCellsAndTmuxWrapsOnlyKittyAndITerm2() {
    var screen = GraphicsScreen(mode: GraphicsMode(path: .sixel, cell: CellPixels(width: 4, height: 4), tmux: true, reason: ""))
    let first = screen.update(to: [Self.placement("a", x: 2)])
    #expect(Self.text(first.bytes).hasPrefix("\u{1B}7\u{1B}[4;3H\u{1B}P0;1;0q\"1;1;4;4"))
    let gone = screen.update(to: [])
    #expect(gone.repaint == [Rect(x: 2, y: 3, width: 1, height: 1)])
    #expect(gone.bytes.isEmpty)

    var kitty = GraphicsScreen(mode: GraphicsMode(path: .kitty, cell: CellPixels(width: 4, height: 4), tmux: true, reason: ""))
    let wrapped = kitty.update(to: [Self.placement("a", x: 2)])
    #expect(Self.text(wrapped.bytes).hasPrefix("\u{1B}7\u{1B}[4;3H\u{1B}Ptmux;\u{1B}\u{1B}_Ga=T"))
    #expect(Self.text(kitty.forget().bytes) == Self.text(TmuxPassthrough.wrap(KittyGraphics.delete(id: 1))))
  }

  @Test func blocksSendNothing() {
    var screen = GraphicsScreen(mode: .blocks)
    #expect(screen.update(to: [Self.placement("a", x: 2)]).isEmpty)
  }

  @Test func heatOverlayPaintsChangedPixelsOverTheDimmedImage() {
    var mask = GrayImage(zeroWidth: 4, height: 4)
    mask.pixels[5] = 255  // (1, 1) changed
    let heat = (0..<256).map { RGB(UInt8($0), 0, 0) }
    let raster = HeatOverlay.render(
      mask: MaskSummary(mask: mask), under: Self.image, heat: heat, background: RGB(0, 0, 0),
      region: PixelRect(x: 0, y: 0, width: 4, height: 4), width: 4, height: 4)
    #expect(Array(raster.pixels[20..<24]) == [255, 0, 0, 255])
    let dim = HeatOverlay.dimmed(RGB(200, 200, 200))
    #expect(Array(raster.pixels[0..<4]) == [dim.r, dim.g, dim.b, 255])
    // Shrunk 2:1, the top-left output pixel covers (1, 1): a quarter changed.
    let shrunk = HeatOverlay.render(
      mask: MaskSummary(mask: mask), under: Self.image, heat: heat, background: RGB(0, 0, 0),
      region: PixelRect(x: 0, y: 0, width: 4, height: 4), width: 2, height: 2)
    #expect(Array(shrunk.pixels[0..<4]) == [63, 0, 0, 255])
  }
}

@Suite struct HeatOverlayOneToOneTests {
  /// The 1:1 path against the definition, pixel by pixel: a region reaching past every edge
  /// of an image with transparent and translucent pixels, and a mask smaller than the image.
  @Test func oneToOneEqualsTheDefinitionEverywhere() {
    var random = SplitMix(seed: 7)
    let image = RGBAImage(
      width: 23, height: 17,
      pixels: (0..<(23 * 17 * 4)).map { i in
        let value = UInt8(truncatingIfNeeded: random.next())
        // Every fourth alpha is 0 or 255, the rest anything.
        return i % 4 == 3 && (i / 4) % 3 == 0 ? (value < 128 ? 0 : 255) : value
      })
    var mask = GrayImage(zeroWidth: 20, height: 15)
    for index in mask.pixels.indices where random.next() % 3 == 0 { mask.pixels[index] = 255 }
    let summary = MaskSummary(mask: mask)
    var ignoredMask = GrayImage(zeroWidth: 22, height: 16)
    for index in ignoredMask.pixels.indices where random.next() % 4 == 0 { ignoredMask.pixels[index] = 255 }
    let heat = (0..<256).map { RGB(UInt8($0), UInt8(255 - $0), 7) }
    let background = RGB(30, 60, 90)
    let ignoredColor = RGB(0, 176, 255)
    for region in [
      PixelRect(x: -5, y: -4, width: 35, height: 27), PixelRect(x: 3, y: 2, width: 9, height: 6),
      PixelRect(x: 18, y: 12, width: 10, height: 10), PixelRect(x: -9, y: 20, width: 4, height: 3),
    ] {
      for (under, ignored) in [(image, nil), (nil, nil), (image, MaskSummary(mask: ignoredMask)), (nil, MaskSummary(mask: ignoredMask))] {
        let raster = HeatOverlay.render(
          mask: summary, under: under, heat: heat, background: background, region: region, width: region.width,
          height: region.height, ignored: ignored, ignoredColor: ignoredColor)
        #expect(raster.width == region.width && raster.height == region.height)
        for row in 0..<region.height {
          for column in 0..<region.width {
            let x = region.x + column
            let y = region.y + row
            let expected: RGB
            if summary.count(in: PixelRect(x: x, y: y, width: 1, height: 1)) > 0 {
              expected = heat[255]
            } else if let ignored, ignored.count(in: PixelRect(x: x, y: y, width: 1, height: 1)) > 0 {
              expected = ignoredColor
            } else if let under, x >= 0, y >= 0, x < under.width, y < under.height {
              let i = (y * under.width + x) * 4
              let a = Int(under.pixels[i + 3])
              func over(_ c: UInt8, _ b: UInt8) -> UInt8 { UInt8((Int(c) * a + Int(b) * (255 - a) + 127) / 255) }
              expected = HeatOverlay.dimmed(
                RGB(over(under.pixels[i], background.r), over(under.pixels[i + 1], background.g),
                  over(under.pixels[i + 2], background.b)))
            } else {
              expected = HeatOverlay.dimmed(background)
            }
            let o = (row * region.width + column) * 4
            #expect(
              Array(raster.pixels[o..<(o + 4)]) == [expected.r, expected.g, expected.b, 255],
              "pixel (\(x), \(y)) of region \(region), under \(under == nil ? "none" : "image"), ignored \(ignored != nil)")
          }
        }
      }
    }
  }
}
