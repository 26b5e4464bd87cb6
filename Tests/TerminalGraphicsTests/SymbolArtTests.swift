import DiffCore
import TerminalGraphics
import Testing

/// libchafa through its shim: a cell split down the middle gets a half-cell symbol with the
/// two colours, which half blocks (top/bottom only) cannot draw.
struct SymbolArtTests {
  static func image(width: Int, height: Int, _ color: (Int, Int) -> RGB) -> RGBAImage {
    var pixels: [UInt8] = []
    for y in 0..<height {
      for x in 0..<width {
        let c = color(x, y)
        pixels += [c.r, c.g, c.b, 255]
      }
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }

  @Test func aVerticalSplitIsAHalfCellSymbolInBothColours() throws {
    let red = RGB(220, 20, 20)
    let blue = RGB(20, 20, 220)
    let green = RGB(20, 200, 20)
    // Two cells of 8x8: the first red on the left, blue on the right; the second all green.
    let raster = Self.image(width: 16, height: 8) { x, _ in x < 4 ? red : (x < 8 ? blue : green) }
    let cells = SymbolArt.render(raster, columns: 2, rows: 1)
    try #require(cells.count == 2)
    let split = cells[0]
    let colors = Set([split.foreground, split.background].map { "\($0.r),\($0.g),\($0.b)" })
    #expect(colors == ["220,20,20", "20,20,220"])
    switch split.glyph {
    case "▌": #expect(split.foreground == red)
    case "▐": #expect(split.foreground == blue)
    default: Issue.record("expected a left or right half block, got \(split.glyph)")
    }
    // A flat cell shows just its colour (a space on it, or a full block in it).
    let flat = cells[1]
    #expect(flat.glyph == " " ? flat.background == green : flat.foreground == green)
  }

  @Test func aRegionIsDrawnAloneAndPaddingTakesTheBackground() throws {
    let red = RGB(220, 20, 20)
    let green = RGB(20, 200, 20)
    let raster = Self.image(width: 16, height: 8) { x, _ in x < 8 ? red : green }
    // The right half alone: one green cell.
    let right = SymbolArt.render(
      raster, region: PixelRect(x: 8, y: 0, width: 8, height: 8), background: RGB(0, 0, 0), columns: 1, rows: 1)
    let cell = try #require(right.first)
    #expect(cell.glyph == " " ? cell.background == green : cell.foreground == green)
    // Past the image's right edge: the padding is the background colour.
    let background = RGB(24, 24, 24)
    let beyond = SymbolArt.render(
      raster, region: PixelRect(x: 16, y: 0, width: 8, height: 8), background: background, columns: 1, rows: 1)
    let padding = try #require(beyond.first)
    #expect(padding.glyph == " " ? padding.background == background : padding.foreground == background)
  }

  @Test func transparencyIsCompositedAndSizesAreChecked() {
    let raster = RGBAImage(width: 1, height: 1, pixels: [255, 255, 255, 0])
    #expect(SymbolArt.opaque(raster, over: RGB(24, 24, 24)).pixels == [24, 24, 24, 255])
    #expect(SymbolArt.render(raster, columns: 0, rows: 1).isEmpty)
    #expect(SymbolArt.render(RGBAImage(width: 0, height: 0, pixels: []), columns: 2, rows: 2).isEmpty)
  }
}
