@testable import DiffCore
import TestSupport
import Testing

/// Sentry's snapshot semantics: padding to the shared canvas, ratio, strict threshold, mask.
struct SnapshotComparerTests {
  static func setPixel(_ image: inout RGBAImage, _ x: Int, _ y: Int, _ color: RGB) {
    let pos = (y * image.width + x) * 4
    image.pixels[pos..<pos + 4] = [color.r, color.g, color.b, 255]
  }

  static let white = RGB(255, 255, 255)
  static let black = RGB(0, 0, 0)

  @Test func equalImagesAreUnchangedWithZeroMask() {
    let image = PNGFixtures.solid(width: 7, height: 5, color: Self.white)
    let result = SnapshotComparer.compare(base: image, head: image)
    #expect(result.mismatchedPixels == 0)
    #expect(result.ratio == 0)
    #expect(!result.isChanged)
    #expect(result.mask == GrayImage(zeroWidth: 7, height: 5))
    #expect(result.canvasWidth == 7 && result.canvasHeight == 5)
  }

  @Test func paddingAnchorsTopLeftWithTransparentPixels() throws {
    // Head is 2 columns wider and 1 row taller; base's extra area is transparent,
    // which differs from head's opaque black there.
    let base = PNGFixtures.solid(width: 3, height: 2, color: Self.black)
    let head = PNGFixtures.solid(width: 5, height: 3, color: Self.black)
    let result = SnapshotComparer.compare(base: base, head: head)
    #expect(result.canvasWidth == 5 && result.canvasHeight == 3)
    #expect(result.mismatchedPixels == 5 * 3 - 3 * 2)
    let mask = try #require(result.mask)
    for y in 0..<3 {
      for x in 0..<5 {
        let inBase = x < 3 && y < 2
        #expect(mask.pixels[y * 5 + x] == (inBase ? 0 : 255), "pixel \(x),\(y)")
      }
    }
  }

  @Test func paddedPixelsEqualToTransparentAreNotCounted() {
    // Both images are transparent outside the smaller one's area: no difference there.
    var head = RGBAImage(transparentWidth: 4, height: 4)
    head.pixels[0..<4] = [10, 20, 30, 255]
    var base = RGBAImage(transparentWidth: 2, height: 2)
    base.pixels[0..<4] = [10, 20, 30, 255]
    let result = SnapshotComparer.compare(base: base, head: head)
    #expect(result.canvasWidth == 4 && result.canvasHeight == 4)
    #expect(result.mismatchedPixels == 0)
    #expect(!result.isChanged)
  }

  @Test func crossedSizesPadBoth() {
    // 4x1 against 1x4: canvas 4x4, both padded.
    let base = PNGFixtures.solid(width: 4, height: 1, color: Self.white)
    let head = PNGFixtures.solid(width: 1, height: 4, color: Self.white)
    let result = SnapshotComparer.compare(base: base, head: head)
    #expect(result.canvasWidth == 4 && result.canvasHeight == 4)
    // Row 0 columns 1–3 (base only) and column 0 rows 1–3 (head only) differ.
    #expect(result.mismatchedPixels == 6)
    #expect(result.mask?.pixels.filter { $0 == 255 }.count == 6)
  }

  @Test func paddedKeepsTheImageWhenItFits() {
    let image = PNGFixtures.solid(width: 2, height: 2, color: Self.white)
    #expect(SnapshotComparer.padded(image, width: 2, height: 2) == image)
    let padded = SnapshotComparer.padded(image, width: 3, height: 2)
    #expect(padded.pixels == [255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0]
      + [255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0])
  }

  @Test func ratioIsMismatchedOverCanvasPixels() {
    let base = PNGFixtures.solid(width: 10, height: 10, color: Self.white)
    var head = base
    for x in 0..<4 { Self.setPixel(&head, x * 2, 5, Self.black) }
    let result = SnapshotComparer.compare(base: base, head: head)
    #expect(result.mismatchedPixels == 4)
    #expect(result.ratio == 0.04)
    #expect(result.isChanged)
  }

  @Test func changedIsStrictlyAboveTheThreshold() {
    let base = PNGFixtures.solid(width: 10, height: 10, color: Self.white)
    var head = base
    for x in 0..<4 { Self.setPixel(&head, x * 2, 5, Self.black) }
    let at = SnapshotComparer.compare(
      base: base, head: head, options: SnapshotComparisonOptions(diffThreshold: 0.04))
    #expect(at.ratio == 0.04 && !at.isChanged)
    let below = SnapshotComparer.compare(
      base: base, head: head, options: SnapshotComparisonOptions(diffThreshold: 0.0399))
    #expect(below.isChanged)
    // Default threshold 0: a single pixel is a change.
    var one = base
    Self.setPixel(&one, 0, 0, Self.black)
    #expect(SnapshotComparer.compare(base: base, head: one).isChanged)
  }

  @Test func emptyCanvasHasZeroRatio() {
    let empty = RGBAImage(transparentWidth: 0, height: 0)
    let result = SnapshotComparer.compare(base: empty, head: empty)
    #expect(result.canvasWidth == 0 && result.mismatchedPixels == 0 && result.ratio == 0)
    #expect(!result.isChanged)
  }

  @Test func maskIsOffWhenNotRequested() {
    let base = PNGFixtures.solid(width: 3, height: 3, color: Self.white)
    let head = PNGFixtures.solid(width: 3, height: 3, color: Self.black)
    let result = SnapshotComparer.compare(
      base: base, head: head, options: SnapshotComparisonOptions(makeMask: false))
    #expect(result.mask == nil)
    #expect(result.diffImage == nil)
    #expect(result.mismatchedPixels == 9)
  }

  /// The mask marks exactly the pixels pixelmatch's diffMask image colours (AA excluded).
  @Test func maskMatchesPixelmatchDiffMask() throws {
    let a = try PixelMatchFixtureTests.image("4a.png")
    let b = try PixelMatchFixtureTests.image("4b.png")
    var options = SnapshotComparisonOptions(makeDiffImage: true)
    options.pixelMatch.threshold = 0.05
    let result = SnapshotComparer.compare(base: a, head: b, options: options)
    #expect(result.mismatchedPixels == 36049)
    var maskOptions = options.pixelMatch
    maskOptions.diffMask = true
    let (_, drawn) = try PixelMatch.diffImage(a, b, options: maskOptions)
    let mask = try #require(result.mask)
    let fromDiffMask = stride(from: 3, to: drawn.pixels.count, by: 4).map { drawn.pixels[$0] }
    #expect(mask.pixels == fromDiffMask)
    #expect(mask.pixels.filter { $0 == 255 }.count == 36049)
    #expect(mask.pixels.allSatisfy { $0 == 0 || $0 == 255 })
    // The diff image drawn alongside the mask equals pixelmatch's own.
    let (_, expected) = try PixelMatch.diffImage(a, b, options: options.pixelMatch)
    #expect(result.diffImage == expected)
  }

  /// Large canvases are scanned in row bands on several threads; the result must be the
  /// same as one serial pass, down to every mask and diff-image byte.
  @Test func parallelBandsMatchSerialScan() throws {
    // 700x700 = 490,000 px, above the parallel threshold.
    let width = 700
    let height = 700
    var generator = SplitMix(seed: 42)
    var base = RGBAImage(transparentWidth: width, height: height)
    for i in 0..<(width * height) {
      // Flat areas with noisy blocks, some semi-transparent, so AA detection and
      // alpha blending both run.
      let block = (i / width / 50 + (i % width) / 50) % 3
      let value = block == 0 ? UInt8(200) : UInt8(truncatingIfNeeded: generator.next())
      base.pixels[i * 4] = value
      base.pixels[i * 4 + 1] = block == 1 ? value : 90
      base.pixels[i * 4 + 2] = 30
      base.pixels[i * 4 + 3] = block == 2 ? 128 : 255
    }
    var head = base
    for _ in 0..<20_000 {
      let i = Int(generator.next() % UInt64(width * height))
      head.pixels[i * 4 + Int(generator.next() % 3)] &+= 77
    }
    #expect(base.pixelCount >= PixelMatch.parallelPixelThreshold)

    let options = PixelMatchOptions()
    let (serial, serialImage) = Self.drawDiff(base, head, options: options, parallel: false)
    let (parallel, parallelImage) = Self.drawDiff(base, head, options: options, parallel: true)
    #expect(serial > 1000)
    #expect(serial == parallel)
    #expect(serialImage == parallelImage)
    var serialCounter = CountingSink()
    let serialCount = PixelMatch.run(
      base, head, options: options, sink: &serialCounter, parallel: false)
    let result = SnapshotComparer.compare(base: base, head: head)
    #expect(result.mismatchedPixels == serialCount)
    #expect(result.mask?.pixels.filter { $0 == 255 }.count == serialCount)
  }
}

extension SnapshotComparerTests {
  static func drawDiff(
    _ base: RGBAImage, _ head: RGBAImage, options: PixelMatchOptions, parallel: Bool
  ) -> (Int, RGBAImage) {
    var image = RGBAImage(transparentWidth: base.width, height: base.height)
    let count = image.pixels.withUnsafeMutableBufferPointer { out in
      base.pixels.withUnsafeBufferPointer { first in
        guard let output = out.baseAddress, let image1 = first.baseAddress else { return -1 }
        var sink = DiffImageSink(output: output, image1: image1, options: options)
        return PixelMatch.run(base, head, options: options, sink: &sink, parallel: parallel)
      }
    }
    return (count, image)
  }
}
