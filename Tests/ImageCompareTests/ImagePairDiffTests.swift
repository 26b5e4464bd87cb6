import DiffCore
import ImageCompare
import PNGCodec
import TestSupport
import Testing

/// The decode-and-compare pipeline: concurrent decode, fast paths, limits, error attribution.
struct ImagePairDiffTests {
  static func source(_ path: String) throws -> PNGSource {
    PNGSource(bytes: try Fixtures.bytes(path), name: path)
  }

  @Test func benchPairMatchesPixelmatchCount() throws {
    let base = try Self.source("bench-screens/base.png")
    let head = try Self.source("bench-screens/small_change.png")
    let result = try ImagePairDiff.compare(base: base, head: head)
    #expect(result.mismatchedPixels == 8768)
    #expect(result.canvasWidth == 1170 && result.canvasHeight == 2532)
    #expect(result.ratio == 8768.0 / 2_962_440.0)
    #expect(result.isChanged)
    #expect(result.mask?.pixels.filter { $0 == 255 }.count == 8768)
  }

  @Test func concurrentDecodeEqualsSequentialDecode() throws {
    let a = try Self.source("pixelmatch/4a.png")
    let b = try Self.source("pngsuite/basi6a16.png")
    let (first, second) = try ImagePairDiff.decodePair(a, b)
    #expect(first == (try PNGCodec.decode(a.bytes, source: a.name)))
    #expect(second == (try PNGCodec.decode(b.bytes, source: b.name)))
  }

  /// Identical bytes are never decoded: even a file whose pixel data is broken compares
  /// as unchanged (as Sentry treats equal content hashes), with its header's canvas.
  @Test func identicalBytesSkipDecoding() throws {
    var builder = PNGBuilder(width: 3, height: 2)
    builder.raw = [0, 1, 2]  // far too short for 3x2 RGBA: decoding would fail
    let bytes = builder.build()
    #expect(throws: PNGError.self) { _ = try PNGCodec.decode(bytes, source: "x.png") }
    let result = try ImagePairDiff.compare(
      base: PNGSource(bytes: bytes, name: "a.png"), head: PNGSource(bytes: bytes, name: "b.png"))
    #expect(result.mismatchedPixels == 0 && !result.isChanged)
    #expect(result.canvasWidth == 3 && result.canvasHeight == 2)
    #expect(result.mask == GrayImage(zeroWidth: 3, height: 2))
  }

  @Test func identicalBytesWithDiffImageDrawTheFadedOriginal() throws {
    let base = try Self.source("pixelmatch/6a.png")
    let options = SnapshotComparisonOptions(makeDiffImage: true)
    let result = try ImagePairDiff.compare(base: base, head: base, options: options)
    // pixelmatch's own expected output for 6a vs 6a (threshold 0): the faded original.
    let expected = try PNGCodec.decode(Fixtures.bytes("pixelmatch/6empty.png"), source: "6empty.png")
    #expect(result.diffImage == expected)
    #expect(result.mismatchedPixels == 0)
  }

  @Test func errorNamesTheBrokenSide() throws {
    let good = try Self.source("pixelmatch/1a.png")
    let broken = try Self.source("pngsuite/xcsn0g01.png")
    #expect(throws: PNGError.corrupt(source: "pngsuite/xcsn0g01.png", reason: "IDAT: CRC error")) {
      _ = try ImagePairDiff.compare(base: good, head: broken)
    }
    #expect(throws: PNGError.corrupt(source: "pngsuite/xcsn0g01.png", reason: "IDAT: CRC error")) {
      _ = try ImagePairDiff.compare(base: broken, head: good)
    }
  }

  /// Two images that fit alone can still make a canvas over the limit (7000x1 and 1x7000).
  @Test func sharedCanvasIsCheckedAgainstTheLimit() throws {
    var wide = PNGBuilder(width: 7000, height: 1)
    wide.raw = [0] + [UInt8](repeating: 0, count: 7000 * 4)
    var tall = PNGBuilder(width: 1, height: 7000)
    tall.raw = [UInt8](repeating: 0, count: 7000 * 5)
    let expected = PNGError.canvasTooLarge(
      base: "wide.png", head: "tall.png", width: 7000, height: 7000, limit: 40_000_000)
    #expect(throws: expected) {
      _ = try ImagePairDiff.compare(
        base: PNGSource(bytes: wide.build(), name: "wide.png"),
        head: PNGSource(bytes: tall.build(), name: "tall.png"))
    }
    #expect(expected.description.contains("wide.png and tall.png"))
    #expect(expected.description.contains("7000×7000 = 49000000 pixels"))
    // With a higher limit they compare; both are fully transparent, so padding adds nothing.
    let result = try ImagePairDiff.compare(
      base: PNGSource(bytes: wide.build(), name: "wide.png"),
      head: PNGSource(bytes: tall.build(), name: "tall.png"), pixelLimit: 50_000_000)
    #expect(result.canvasWidth == 7000 && result.canvasHeight == 7000)
    #expect(result.mismatchedPixels == 0)
  }

  @Test func singleImageOverTheLimitIsNamed() throws {
    let base = try Self.source("pixelmatch/1a.png")
    let header = try PNGCodec.header(of: base.bytes, source: base.name)
    let limit = header.width * header.height - 1
    #expect(
      throws: PNGError.tooLarge(
        source: base.name, width: header.width, height: header.height, limit: limit)
    ) {
      _ = try ImagePairDiff.compare(base: base, head: base, pixelLimit: limit)
    }
  }
}
