import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// Decoding rules (pngjs-exact), encoding round trips, the pixel limit and error wording.
struct PNGCodecTests {
  @Test func rgbaRoundTrip() throws {
    var pixels: [UInt8] = []
    for i in 0..<(13 * 7) {
      pixels += [UInt8(i % 256), UInt8((i * 7) % 256), UInt8(255 - i % 256), UInt8((i * 31) % 256)]
    }
    let image = RGBAImage(width: 13, height: 7, pixels: pixels)
    for level in [0, 1, 6, 9] {
      let encoded = try PNGCodec.encode(image, compressionLevel: level)
      #expect(try PNGCodec.decode(encoded, source: "round trip") == image)
      let header = try PNGCodec.header(of: encoded, source: "round trip")
      #expect(header == PNGHeader(width: 13, height: 7, bitDepth: 8, colorType: 6, interlaced: false))
    }
  }

  @Test func grayRoundTripExpandsToOpaqueRGBA() throws {
    let mask = GrayImage(width: 3, height: 2, pixels: [0, 255, 0, 128, 0, 255])
    let encoded = try PNGCodec.encode(mask, compressionLevel: 1)
    let header = try PNGCodec.header(of: encoded, source: "mask.png")
    #expect(header.colorType == 0 && header.bitDepth == 8)
    let decoded = try PNGCodec.decode(encoded, source: "mask.png")
    let expected = mask.pixels.flatMap { value -> [UInt8] in [value, value, value, 255] }
    #expect(decoded == RGBAImage(width: 3, height: 2, pixels: expected))
  }

  @Test func encodingAnEmptyImageFails() {
    #expect(throws: PNGError.self) {
      _ = try PNGCodec.encode(RGBAImage(transparentWidth: 0, height: 3))
    }
  }

  /// 16-bit samples are scaled with rounding (png_set_scale_16, as pngjs), not truncated.
  @Test func sixteenBitSamplesAreRounded() throws {
    // One RGBA16 pixel: 0x12F0 → 18.86 → 19 (the high byte alone would give 18);
    // 0x7F80 → 127.0 → 127; 0xFFFF → 255; 0x8000 → 127.5 → 128 (high byte: 128).
    let samples: [UInt16] = [0x12F0, 0x7F80, 0xFFFF, 0x8000]
    var builder = PNGBuilder(width: 1, height: 1, bitDepth: 16, colorType: 6)
    builder.raw = [0] + samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    let image = try PNGCodec.decode(builder.build(), source: "rgba16.png")
    let rounded = samples.map { UInt8((Double($0) * 255 / 65535).rounded()) }
    #expect(image.pixels == rounded)
    #expect(image.pixels == [19, 127, 255, 128])
  }

  @Test func sixteenBitGrayIsRoundedAndExpanded() throws {
    var builder = PNGBuilder(width: 2, height: 1, bitDepth: 16, colorType: 0)
    builder.raw = [0, 0x12, 0xF0, 0x00, 0x80]
    let image = try PNGCodec.decode(builder.build(), source: "gray16.png")
    #expect(image.pixels == [19, 19, 19, 255, 0, 0, 0, 255])
  }

  /// Refused from the IHDR alone: 100000 x 100000 RGBA would be 40 GB.
  @Test func pixelLimitRefusesBeforeAllocating() throws {
    var builder = PNGBuilder(width: 100_000, height: 100_000)
    builder.raw = [0, 1, 2, 3, 4]
    let bytes = builder.build()
    let expected = PNGError.tooLarge(
      source: "huge.png", width: 100_000, height: 100_000, limit: 40_000_000)
    #expect(throws: expected) { _ = try PNGCodec.decode(bytes, source: "huge.png") }
    let message = expected.description
    #expect(message.contains("huge.png"))
    #expect(message.contains("100000×100000"))
    #expect(message.contains("40000000"))
    // The header itself is readable: the limit is a policy, not a parse error.
    #expect(try PNGCodec.header(of: bytes, source: "huge.png").width == 100_000)
  }

  @Test func pixelLimitIsAnOption() throws {
    let image = RGBAImage(transparentWidth: 10, height: 10)
    let bytes = try PNGCodec.encode(image)
    #expect(try PNGCodec.decode(bytes, source: "a.png", pixelLimit: 100) == image)
    #expect(throws: PNGError.tooLarge(source: "a.png", width: 10, height: 10, limit: 99)) {
      _ = try PNGCodec.decode(bytes, source: "a.png", pixelLimit: 99)
    }
  }

  /// IDAT CRC-32 is checked (a flipped data byte is rejected); the zlib Adler-32 over the
  /// same bytes is not re-checked (see docs/PERFORMANCE.md).
  @Test func idatIsGuardedByItsCRC() throws {
    var builder = PNGBuilder(width: 2, height: 1)
    builder.raw = [0, 1, 2, 3, 4, 5, 6, 7, 8]
    var bytes = builder.build()
    #expect(try PNGCodec.decode(bytes, source: "ok.png").pixels == [1, 2, 3, 4, 5, 6, 7, 8])
    // The IDAT data starts after signature (8) + IHDR chunk (25) + IDAT length and type (8).
    bytes[8 + 25 + 8 + 2 + 5 + 3] ^= 0x40
    #expect(throws: PNGError.corrupt(source: "flipped.png", reason: "IDAT: CRC error")) {
      _ = try PNGCodec.decode(bytes, source: "flipped.png")
    }
    builder.corruptAdler = true
    #expect(try PNGCodec.decode(builder.build(), source: "adler.png").pixels == [1, 2, 3, 4, 5, 6, 7, 8])
  }

  @Test func truncatedFileNamesTheFile() throws {
    let bytes = try Fixtures.bytes("pngsuite/basn6a08.png")
    let truncated = Array(bytes.prefix(bytes.count / 2))
    do {
      _ = try PNGCodec.decode(truncated, source: "half.png")
      Issue.record("a truncated file decoded")
    } catch {
      #expect(error.description.hasPrefix("half.png: not a valid PNG: "))
    }
  }

  static let interlacedPairs: [(String, String)] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("pngsuite").path)) ?? []
    let set = Set(names)
    return names.sorted().compactMap { name -> (String, String)? in
      // Name code: [type][i|n][colour][depth]; the interlaced twin swaps i for n.
      guard name.hasSuffix(".png"), !name.hasPrefix("x") else { return nil }
      var chars = Array(name)
      guard chars.count > 3, chars[3] == "i" else { return nil }
      chars[3] = "n"
      let twin = chars
      let twinName = String(twin)
      return set.contains(twinName) ? (name, twinName) : nil
    }
  }()

  @Test func interlacedPairsAreFound() {
    // basi* (15), s01i..s40i (9) and other interlaced PngSuite files with a twin.
    #expect(Self.interlacedPairs.count >= 24)
    #expect(Self.interlacedPairs.contains { $0 == ("basi6a16.png", "basn6a16.png") })
    #expect(Self.interlacedPairs.contains { $0 == ("s39i3p04.png", "s39n3p04.png") })
  }

  @Test(arguments: interlacedPairs)
  func interlacedDecodesLikeNonInterlaced(_ interlaced: String, _ plain: String) throws {
    let a = try PNGCodec.decode(Fixtures.bytes("pngsuite/\(interlaced)"), source: interlaced)
    let b = try PNGCodec.decode(Fixtures.bytes("pngsuite/\(plain)"), source: plain)
    #expect(try PNGCodec.header(of: Fixtures.bytes("pngsuite/\(interlaced)"), source: interlaced).interlaced)
    #expect(a == b)
  }
}
