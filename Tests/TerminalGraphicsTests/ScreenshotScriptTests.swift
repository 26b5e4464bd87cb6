import Foundation
import PNGCodec
import ProcessSpawn
import TestSupport
import Testing

/// scripts/screenshot (the docs' screenshots): a tiny capture drawn and read back.
struct ScreenshotScriptTests {
  @Test func aCaptureBecomesCellsOfItsColoursWithBlocksFillingTheCell() throws {
    let directory = try TemporaryDirectory("screenshot")
    // Row 1: two red cells, then bold text. Row 2: a space, then an upper half block,
    // blue over green, as the reviewer draws image previews. LF line ends, as capture-pane writes.
    let capture = "\u{1B}[48;2;255;0;0m  \u{1B}[0m\u{1B}[1mOK\u{1B}[0m\n \u{1B}[38;2;0;0;255m\u{1B}[48;2;0;255;0m▀\u{1B}[0m\n"
    try Data(capture.utf8).write(to: URL(fileURLWithPath: directory.sub("screen.ansi")))
    let script = Fixtures.packageRoot.appendingPathComponent("scripts/screenshot").path
    let finished = try Spawn.run(
      script, ["--columns", "4", "--rows", "2", "--font-size", "15", directory.sub("screen.ansi"), directory.sub("screen.png")])
    #expect(finished.status == 0, "\(finished.outputText)")
    let png = try PNGCodec.decode(
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.sub("screen.png")))), source: "screen.png")
    // DejaVu Sans Mono at 15 px: 9 px advance, ascent 14 + descent 4 = 18 px rows.
    #expect(png.width == 4 * 9 && png.height == 2 * 18)
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(png.pixels[(y * png.width + x) * 4..<(y * png.width + x) * 4 + 3]) }
    #expect(pixel(2, 2) == [255, 0, 0])
    #expect(pixel(9 + 8, 17) == [255, 0, 0])  // the red reaches the cell's last pixel: no gap
    #expect(pixel(9 + 4, 18) == [0, 0, 255])  // the half block's top row is the foreground...
    #expect(pixel(9 + 4, 18 + 8) == [0, 0, 255])
    #expect(pixel(9 + 4, 18 + 9) == [0, 255, 0])  // ...and its lower half the background, exactly
    #expect(pixel(9 + 8, 35) == [0, 255, 0])
    #expect(pixel(0, 18) == [0x1C, 0x1C, 0x1C])  // the default background
  }
}
