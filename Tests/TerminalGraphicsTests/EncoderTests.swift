import DiffCore
import Foundation
import PNGCodec
import ProcessSpawn
import TerminalCanvas
import TerminalGraphics
import TestSupport
import Testing

/// Decodes what each encoder sends and compares it with the source pixels.
struct EncoderTests {
  /// A real phone screenshot (1170x2532) from the bench fixtures.
  static let screen: RGBAImage = {
    do {
      return try PNGCodec.decode(try Fixtures.bytes("bench-screens/base.png"), source: "base.png")
    } catch {
      Issue.record("cannot decode the bench screen: \(error)")
      return RGBAImage(transparentWidth: 1, height: 1)
    }
  }()

  /// A visible region of the screen at 1:1 (what the preview sends at zoom 1:1).
  static func region(_ rect: PixelRect, of image: RGBAImage = screen) -> RGBAImage {
    RegionRaster.render(image, region: rect, width: rect.width, height: rect.height)
  }

  /// The source pixels of `rect` read directly, pixel by pixel.
  static func sourcePixels(_ image: RGBAImage, _ rect: PixelRect) -> [UInt8] {
    var out: [UInt8] = []
    for y in rect.y..<(rect.y + rect.height) {
      for x in rect.x..<(rect.x + rect.width) {
        if x >= 0, y >= 0, x < image.width, y < image.height {
          let i = (y * image.width + x) * 4
          out += image.pixels[i..<(i + 4)]
        } else {
          out += [0, 0, 0, 0]
        }
      }
    }
    return out
  }

  @Test func base64MatchesTheRFCVectorsAndRoundTrips() throws {
    let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
    for (plain, encoded) in vectors {
      #expect(String(decoding: Base64.encode(Array(plain.utf8)), as: UTF8.self) == encoded)
      #expect(Base64.decode(Array(encoded.utf8)) == Array(plain.utf8))
    }
    var generator = SystemRandomNumberGenerator()
    for length in 0..<70 {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      #expect(Base64.decode(Base64.encode(bytes)) == bytes)
      #expect(Base64.encode(bytes) == Array(Data(bytes).base64EncodedString().utf8))
    }
    #expect(Base64.decode(Array("ab$d".utf8)) == nil)
  }

  @Test func regionAtOneToOneIsTheSourcePixelsAndTransparentOutside() {
    let inside = PixelRect(x: 100, y: 700, width: 333, height: 211)
    #expect(Self.region(inside).pixels == Self.sourcePixels(Self.screen, inside))
    let overhanging = PixelRect(x: 1100, y: 2500, width: 100, height: 50)
    let raster = Self.region(overhanging)
    #expect(raster.width == 100 && raster.height == 50)
    #expect(raster.pixels == Self.sourcePixels(Self.screen, overhanging))
  }

  @Test func shrinkingAveragesAndEnlargingRepeats() {
    // 4x2 image: left 2x2 block red, right 2x2 block blue; shrunk to 2x1, enlarged to 8x4.
    let red: [UInt8] = [255, 0, 0, 255]
    let blue: [UInt8] = [0, 0, 255, 255]
    let row = red + red + blue + blue
    let image = RGBAImage(width: 4, height: 2, pixels: row + row)
    let small = RegionRaster.render(image, region: PixelRect(x: 0, y: 0, width: 4, height: 2), width: 2, height: 1)
    #expect(small.pixels == red + blue)
    let large = RegionRaster.render(image, region: PixelRect(x: 0, y: 0, width: 4, height: 2), width: 8, height: 4)
    #expect(Array(large.pixels[0..<16]) == red + red + red + red)
    #expect(Array(large.pixels[(8 * 3 + 7) * 4..<(8 * 3 + 8) * 4]) == blue)
  }

  /// Splits kitty's escape sequences into (keys, payload) and checks the framing.
  static func kittyChunks(_ sequences: [[UInt8]]) -> [(keys: [String: String], payload: [UInt8])] {
    sequences.compactMap { sequence in
      guard sequence.starts(with: [0x1B, UInt8(ascii: "_"), UInt8(ascii: "G")]),
        sequence.suffix(2) == [0x1B, UInt8(ascii: "\\")],
        let semicolon = sequence.firstIndex(of: UInt8(ascii: ";"))
      else {
        Issue.record("not a kitty graphics sequence")
        return nil
      }
      var keys: [String: String] = [:]
      for pair in String(decoding: sequence[3..<semicolon], as: UTF8.self).split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        keys[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
      }
      return (keys, Array(sequence[(semicolon + 1)..<(sequence.count - 2)]))
    }
  }

  @Test func kittyPayloadDecodesToTheSourceRegionAtOneToOne() throws {
    let rect = PixelRect(x: 37, y: 1200, width: 400, height: 300)
    let raster = Self.region(rect)
    let chunks = Self.kittyChunks(KittyGraphics.transmit(raster, id: 7))
    #expect(chunks.count > 1)
    let first = try #require(chunks.first)
    #expect(first.keys["a"] == "T")
    #expect(first.keys["i"] == "7")
    #expect(first.keys["s"] == "400" && first.keys["v"] == "300")
    #expect(first.keys["q"] == "2")
    for (index, chunk) in chunks.enumerated() {
      #expect(chunk.payload.count <= KittyGraphics.chunkSize)
      #expect(chunk.keys["m"] == (index == chunks.count - 1 ? "0" : "1"))
      if index > 0 { #expect(chunk.keys.count == 1) }
    }
    let data = try #require(Base64.decode(chunks.flatMap(\.payload)))
    let source = Self.sourcePixels(Self.screen, rect)
    // The screenshot is opaque, so RGB is sent (f=24): every pixel's R, G, B in order.
    #expect(first.keys["f"] == "24")
    let rgb = stride(from: 0, to: source.count, by: 4).flatMap { source[$0..<($0 + 3)] }
    #expect(data == rgb)
  }

  @Test func kittyKeepsAlphaWhenThereIsTransparency() throws {
    // The region overhangs the image: transparent padding, so RGBA (f=32) is sent.
    let rect = PixelRect(x: 1000, y: 2400, width: 300, height: 200)
    let chunks = Self.kittyChunks(KittyGraphics.transmit(Self.region(rect), id: 9))
    #expect(chunks.first?.keys["f"] == "32")
    let data = try #require(Base64.decode(chunks.flatMap(\.payload)))
    #expect(data == Self.sourcePixels(Self.screen, rect))
    let delete = String(decoding: KittyGraphics.delete(id: 9), as: UTF8.self)
    #expect(delete == "\u{1B}_Ga=d,d=I,i=9,q=2\u{1B}\\")
  }

  /// Writes `raster` as sixel, decodes it with libsixel's sixel2png and returns the PNG's pixels.
  static func throughSixel2png(_ raster: RGBAImage, background: RGB) throws -> (RGBAImage, Sixel.Palette) {
    let directory = try TemporaryDirectory("sixel")
    let (bytes, palette) = Sixel.encodeWithPalette(raster, background: background)
    try Data(bytes).write(to: URL(fileURLWithPath: directory.sub("image.six")))
    let tool = try #require(Spawn.locate("sixel2png", environment: ProcessInfo.processInfo.environment), "sixel2png (libsixel-bin) is not installed: run scripts/setup")
    let finished = try Spawn.run(tool, ["-i", directory.sub("image.six"), "-o", directory.sub("image.png")])
    #expect(finished.status == 0, "\(finished.outputText)")
    let png = try PNGCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.sub("image.png")))), source: "image.png")
    return (png, palette)
  }

  /// The largest channel difference between the opaque `expected` (over `background`) and `actual`.
  static func maximumError(_ expected: RGBAImage, _ actual: RGBAImage, background: RGB) -> Int {
    var worst = 0
    let bg = [Int(background.r), Int(background.g), Int(background.b)]
    for i in 0..<expected.pixelCount {
      let a = Int(expected.pixels[i * 4 + 3])
      for c in 0..<3 {
        let want = (Int(expected.pixels[i * 4 + c]) * a + bg[c] * (255 - a) + 127) / 255
        worst = max(worst, abs(want - Int(actual.pixels[i * 4 + c])))
      }
    }
    return worst
  }

  @Test func sixelOfAScreenshotDecodesToItsSizeWithinTheCubeError() throws {
    // 37 rows: not a multiple of six, so the last band is partial.
    let raster = Self.region(PixelRect(x: 0, y: 0, width: 1170, height: 37 + 6 * 60))
    let background = RGB(24, 24, 24)
    let (decoded, palette) = try Self.throughSixel2png(raster, background: background)
    #expect(palette == .cube)
    #expect(decoded.width == raster.width && decoded.height == raster.height)
    let error = Self.maximumError(raster, decoded, background: background)
    #expect(error <= Sixel.Palette.cube.maximumChannelError)
    #expect(error > 1)  // the cube really was used: the region has more than 256 colours
  }

  @Test func sixelOfAFewColoursIsExactWithinPercentRounding() throws {
    // Every value 0–255 on some channel, in 256 distinct colours, plus a half-transparent column.
    var pixels: [UInt8] = []
    for y in 0..<16 {
      for x in 0..<16 {
        let v = UInt8(y * 16 + x)
        pixels += [v, 255 - v, v / 2, x == 15 ? 128 : 255]
      }
    }
    let raster = RGBAImage(width: 16, height: 16, pixels: pixels)
    let background = RGB(200, 10, 40)
    let (decoded, palette) = try Self.throughSixel2png(raster, background: background)
    #expect(palette == .exact)
    #expect(decoded.width == 16 && decoded.height == 16)
    #expect(Self.maximumError(raster, decoded, background: background) <= Sixel.Palette.exact.maximumChannelError)
  }

  @Test func iTerm2PayloadIsAPNGOfTheRegion() throws {
    let rect = PixelRect(x: 500, y: 900, width: 320, height: 240)
    let raster = Self.region(rect)
    let bytes = try ITerm2Image.encode(raster)
    let prefix = Array("\u{1B}]1337;File=".utf8)
    #expect(bytes.starts(with: prefix))
    #expect(bytes.last == 0x07)
    let colon = try #require(bytes.firstIndex(of: UInt8(ascii: ":")))
    let arguments = String(decoding: bytes[prefix.count..<colon], as: UTF8.self).split(separator: ";")
    #expect(arguments.contains("inline=1"))
    #expect(arguments.contains("width=320px") && arguments.contains("height=240px"))
    let png = try #require(Base64.decode(Array(bytes[(colon + 1)..<(bytes.count - 1)])))
    #expect(arguments.contains("size=\(png.count)"[...]))
    let decoded = try PNGCodec.decode(png, source: "iterm2 payload")
    #expect(decoded == raster)
    #expect(decoded.pixels == Self.sourcePixels(Self.screen, rect))
  }

  @Test func tmuxWrappingRoundTripsAndDoublesEveryEscape() throws {
    let sequence = KittyGraphics.query(id: 31) + Array("\u{1B}[c plain \u{1B}\u{1B}".utf8)
    let wrapped = TmuxPassthrough.wrap(sequence)
    #expect(wrapped.starts(with: Array("\u{1B}Ptmux;\u{1B}\u{1B}_G".utf8)))
    #expect(wrapped.suffix(2) == [0x1B, UInt8(ascii: "\\")])
    #expect(TmuxPassthrough.unwrap(wrapped) == sequence)
    // Inside the wrapper every ESC is doubled: no lone ESC can end it early.
    let body = wrapped.dropFirst(7).dropLast(2)
    #expect(body.filter { $0 == 0x1B }.count == sequence.filter { $0 == 0x1B }.count * 2)
    #expect(TmuxPassthrough.unwrap(Array("\u{1B}Ptmux;a\u{1B}b\u{1B}\\".utf8)) == nil)
    #expect(TmuxPassthrough.unwrap(Array("\u{1B}Pnot;\u{1B}\\".utf8)) == nil)
    #expect(TmuxPassthrough.unwrap(Array("\u{1B}Ptmux;".utf8)) == nil)
  }
}
