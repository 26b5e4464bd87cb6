import DiffCore
import ReviewUI
import TerminalCanvas
import TerminalGraphics
import Testing

/// The reviewer's render for a graphics path: the canvas keeps every text part and leaves
/// the image cells blank, and the placements say which pixels go there.
struct GraphicsPlacementTests {
  static let cell = CellPixels(width: 8, height: 16)

  static func frame(_ state: ReviewState) -> (Canvas, [GraphicsPlacement]) {
    var canvas = Canvas(width: state.width, height: state.height)
    let placements = ReviewGraphics.render(state, cell: cell, into: &canvas)
    return (canvas, placements)
  }

  static func blank(_ canvas: Canvas, _ rect: Rect) -> Bool {
    for y in rect.y..<rect.maxY {
      for x in rect.x..<rect.maxX where canvas[x, y].text != " " || canvas[x, y].style != Style.normal { return false }
    }
    return true
  }

  @Test func diffViewPlacesTheHeatOverlayFittedWhereTheBlocksWere() throws {
    let state = Sample.reviewState(width: 100, height: 40)
    let (canvas, placements) = Self.frame(state)
    let placement = try #require(placements.first)
    #expect(placements.count == 1)
    #expect(placement.key.hasSuffix("|diff"))
    guard case .heat = placement.source else {
      Issue.record("the diff view should place the heat overlay")
      return
    }
    let area = state.layout.previewImage
    #expect(placement.cells.intersection(area) == placement.cells)
    // Fitted: the whole 60x130 canvas, enlarged to the pane's height in pixels.
    #expect(placement.region == PixelRect(x: 0, y: 0, width: 60, height: 130))
    #expect(placement.pixelHeight == area.height * Self.cell.height)
    #expect(placement.pixelWidth == Int((60.0 * Double(placement.pixelHeight) / 130).rounded(.down)))
    #expect(placement.cells.height == area.height)
    #expect(Self.blank(canvas, placement.cells))
    // The block frame had the heatmap there; everything outside the image cells is the same.
    let blocks = render(state)
    #expect(!Self.blank(blocks, placement.cells))
    for y in 0..<state.height {
      for x in 0..<state.width where !(placement.cells.x..<placement.cells.maxX).contains(x) || !(placement.cells.y..<placement.cells.maxY).contains(y) { #expect(canvas[x, y] == blocks[x, y]) }
    }
    let raster = placement.raster()
    #expect(raster.width == placement.pixelWidth && raster.height == placement.pixelHeight)
  }

  @Test func headAtOneToOneSendsTheVisibleSourcePixels() throws {
    var state = Sample.reviewState(width: 100, height: 40)
    Sample.run(&state, Sample.keys("h"))
    guard case .ready(let loaded)? = state.review?.preview else {
      Issue.record("no preview")
      return
    }
    // A phone-sized screen, larger than the pane at 1:1.
    let head = Sample.screen(width: 1170, height: 2532, accent: RGB(255, 45, 85))
    _ = reduce(&state, .previewLoaded(PreviewImages(request: loaded.request, head: head, base: head, mask: nil)))
    // `+` up to 1:1 (Enter would go to the area with the most detail, at 1:4 here).
    for _ in 0..<8 where state.review?.zoom != .scale(1) { Sample.run(&state, Sample.keys("+")) }
    #expect(state.review?.zoom == .scale(1))
    let (_, placements) = Self.frame(state)
    let placement = try #require(placements.first)
    let area = state.layout.previewImage
    #expect(placement.pixelWidth == area.width * Self.cell.width)
    #expect(placement.pixelHeight == area.height * Self.cell.height)
    #expect(placement.region.width == placement.pixelWidth && placement.region.height == placement.pixelHeight)
    // What kitty is sent decodes to exactly the region's source pixels.
    let sequences = KittyGraphics.transmit(placement.raster(), id: 1)
    let payload = sequences.flatMap { sequence in
      let body = sequence[(sequence.firstIndex(of: UInt8(ascii: ";")) ?? 0) + 1..<(sequence.count - 2)]
      return Array(body)
    }
    let rgb = try #require(Base64.decode(payload))
    var expected: [UInt8] = []
    let r = placement.region
    for y in r.y..<(r.y + r.height) {
      for x in r.x..<(r.x + r.width) {
        let i = (y * head.width + x) * 4
        expected += head.pixels[i..<(i + 3)]
      }
    }
    #expect(rgb == expected)
  }

  @Test func sideBySideBlinkAndOverlays() throws {
    var state = Sample.reviewState(width: 100, height: 40)
    Sample.run(&state, Sample.keys("s"))
    let (canvas, halves) = Self.frame(state)
    #expect(halves.map { $0.key.split(separator: "|").last } == ["base", "head"])
    #expect(halves.count == 2)
    if halves.count == 2 {
      #expect(halves[0].cells.maxX <= halves[1].cells.x)
      #expect(halves.allSatisfy { Self.blank(canvas, $0.cells) })
    }
    // The labels above the halves stay text.
    let area = state.layout.previewImage
    let labelRow = (area.x..<area.maxX).map { canvas[$0, area.y].text }.joined()
    #expect(labelRow.contains("base") && labelRow.contains("head"))

    Sample.run(&state, Sample.keys(" "))
    let blink = Self.frame(state).1
    let key = blink.first?.key.split(separator: "|").last
    #expect(blink.count == 1 && (key == "base" || key == "head"))
    Sample.run(&state, Sample.keys(" "))
    #expect(Self.frame(state).1.first?.key.split(separator: "|").last != key)

    // The help covers the preview: no images while it is open.
    Sample.run(&state, Sample.keys("?"))
    #expect(Self.frame(state).1.isEmpty)
  }

  /// The pixels of `placement`'s source image (`view` h or b) in the same region and size.
  static func raster(of state: ReviewState, view key: String) throws -> RGBAImage {
    var other = state
    Sample.run(&other, Sample.keys(key))
    let placement = try #require(Self.frame(other).1.first)
    let image = placement.raster()
    // Composited over the padding, as the two-image views are.
    let background = placement.background
    var pixels = image.pixels
    for i in stride(from: 0, to: pixels.count, by: 4) {
      let a = UInt32(pixels[i + 3])
      for (c, b) in [background.r, background.g, background.b].enumerated() {
        pixels[i + c] = UInt8((UInt32(pixels[i + c]) * a + UInt32(b) * (255 - a) + 127) / 255)
      }
      pixels[i + 3] = 255
    }
    return RGBAImage(width: image.width, height: image.height, pixels: pixels)
  }

  @Test func onionSkinAndSliderAreDrawnInPixels() throws {
    var state = Sample.reviewState(width: 100, height: 40)
    let head = try Self.raster(of: state, view: "h")
    let base = try Self.raster(of: state, view: "b")
    #expect(head != base)

    Sample.run(&state, Sample.keys("o"))
    let (canvas, onion) = Self.frame(state)
    let placement = try #require(onion.first)
    #expect(onion.count == 1 && placement.key.hasSuffix("|onion50"))
    #expect(Self.blank(canvas, placement.cells))
    // The opacity is part of the key (so < and > send a new image) and of the pixels.
    let half = placement.raster()
    for i in stride(from: 0, to: half.pixels.count, by: 4) {
      for c in 0..<3 {
        #expect(half.pixels[i + c] == UInt8((Int(base.pixels[i + c]) * 50 + Int(head.pixels[i + c]) * 50) / 100))
      }
    }
    Sample.run(&state, Sample.keys(">>>>>>"))
    #expect(try #require(Self.frame(state).1.first).key.hasSuffix("|onion100"))
    #expect(try #require(Self.frame(state).1.first).raster() == head)
    Sample.run(&state, Sample.keys(String(repeating: "<", count: 12)))
    #expect(try #require(Self.frame(state).1.first).raster() == base)

    // The slider: base left of the line, head right of it, the line two pixels wide.
    Sample.run(&state, Sample.keys("w,"))
    #expect(state.review?.sliderPosition == 44)
    let slider = try #require(Self.frame(state).1.first)
    let pixels = slider.raster()
    let divider = (slider.region.width * 44 / 100) * slider.pixelWidth / slider.region.width
    #expect(divider > 0 && divider + 2 < pixels.width)
    for row in 0..<pixels.height {
      for column in 0..<pixels.width {
        let o = (row * pixels.width + column) * 4
        let got = Array(pixels.pixels[o..<(o + 4)])
        if column < divider {
          #expect(got == Array(base.pixels[o..<(o + 4)]), "(\(column), \(row)) should be the base")
        } else if column < divider + 2 {
          #expect(got == [255, 176, 0, 255], "(\(column), \(row)) should be the line")
        } else {
          #expect(got == Array(head.pixels[o..<(o + 4)]), "(\(column), \(row)) should be the head")
        }
      }
    }
    Sample.run(&state, Sample.keys("."))
    #expect(try #require(Self.frame(state).1.first).key != slider.key)
  }

  @Test func erroredAndTooSmallPlaceNothing() {
    var state = Sample.reviewState(width: 100, height: 40)
    Sample.run(&state, Sample.keys("5"))
    #expect(state.review?.selectedEntry?.category == .errored)
    #expect(Self.frame(state).1.isEmpty)
    let small = Sample.reviewState(width: 30, height: 10)
    #expect(Self.frame(small).1.isEmpty)
  }
}

/// Block mode with libchafa: only the image cells change, to symbols in colour.
struct SymbolRenderTests {
  @Test func symbolsReplaceTheHalfBlocksOfImagesOnly() {
    var state = Sample.reviewState(width: 100, height: 40)
    Sample.run(&state, Sample.keys("h"))
    let blocks = render(state)
    var symbols = Canvas(width: state.width, height: state.height)
    ReviewSymbols.render(state, into: &symbols)
    let area = state.layout.previewImage
    var changed = 0
    for y in 0..<state.height {
      for x in 0..<state.width where symbols[x, y] != blocks[x, y] {
        changed += 1
        #expect(x >= area.x && x < area.maxX && y >= area.y && y < area.maxY, "changed outside the image at \(x),\(y)")
        #expect(symbols[x, y].style.role == .image)
      }
    }
    #expect(changed > 0)
    // The sample's button edge is at x = 10 of 60: somewhere a symbol other than ▀ and space.
    let glyphs = Set((area.y..<area.maxY).flatMap { y in (area.x..<area.maxX).map { symbols[$0, y].text } })
    #expect(!glyphs.subtracting(["▀", " "]).isEmpty)

    // The memo the shell keeps changes nothing: the same frame, then the next image's frame.
    let memo = ReviewSymbols.Memo()
    for _ in 0..<2 {
      var remembered = Canvas(width: state.width, height: state.height)
      ReviewSymbols.render(state, into: &remembered, memo: memo)
      #expect(remembered == symbols)
    }
    var next = state
    Sample.run(&next, Sample.keys("j"))
    var fresh = Canvas(width: next.width, height: next.height)
    ReviewSymbols.render(next, into: &fresh)
    var reused = Canvas(width: next.width, height: next.height)
    ReviewSymbols.render(next, into: &reused, memo: memo)
    #expect(reused == fresh)

    // The diff heatmap stays half blocks; monochrome stays as it was.
    var diff = Sample.reviewState(width: 100, height: 40)
    var diffSymbols = Canvas(width: 100, height: 40)
    ReviewSymbols.render(diff, into: &diffSymbols)
    #expect(diffSymbols == render(diff))
    diff = Sample.reviewState(width: 100, height: 40, mode: .monochrome)
    Sample.run(&diff, Sample.keys("h"))
    var mono = Canvas(width: 100, height: 40)
    ReviewSymbols.render(diff, into: &mono)
    #expect(mono == render(diff))
  }
}
