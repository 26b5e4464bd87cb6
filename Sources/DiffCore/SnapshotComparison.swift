/// How two snapshots are compared (Sentry's contract on top of pixelmatch).
public struct SnapshotComparisonOptions: Sendable, Equatable {
  /// The per-pixel test.
  public var pixelMatch: PixelMatchOptions
  /// An image is changed iff `ratio > diffThreshold` (strict); 0 means one pixel is enough.
  public var diffThreshold: Double
  /// Produce the canvas-sized mask (255 = counted). Off saves a quarter-image allocation.
  public var makeMask: Bool
  /// Also draw pixelmatch's diff image over the canvas (one more decoded-image-sized buffer).
  public var makeDiffImage: Bool

  public init(
    pixelMatch: PixelMatchOptions = PixelMatchOptions(),
    diffThreshold: Double = 0,
    makeMask: Bool = true,
    makeDiffImage: Bool = false
  ) {
    self.pixelMatch = pixelMatch
    self.diffThreshold = diffThreshold
    self.makeMask = makeMask
    self.makeDiffImage = makeDiffImage
  }
}

/// Sentry's rules that every comparison shares, whoever measures the pixels (`snaprev
/// diff`, the store's categorizer).
public enum SnapshotRule {
  /// Sentry's per-canvas limit (`MAX_DIFF_PIXELS`): larger canvases are not decoded or diffed.
  public static let pixelLimit = 40_000_000

  /// mismatched / canvas pixels, 0 for an empty canvas.
  public static func ratio(mismatchedPixels: Int, canvasPixels: Int) -> Double {
    canvasPixels <= 0 ? 0 : Double(mismatchedPixels) / Double(canvasPixels)
  }

  /// Changed iff the ratio is strictly above the threshold: with 0, one pixel is enough,
  /// and a ratio equal to the threshold is unchanged.
  public static func isChanged(ratio: Double, threshold: Double) -> Bool {
    ratio > threshold
  }
}

/// The outcome of comparing a base snapshot with a head snapshot on their shared canvas.
public struct SnapshotComparison: Sendable, Equatable {
  /// max(base.width, head.width)
  public let canvasWidth: Int
  /// max(base.height, head.height)
  public let canvasHeight: Int
  /// Pixels pixelmatch counts as different on the padded canvas.
  public let mismatchedPixels: Int
  /// mismatchedPixels / canvas pixels (0 for an empty canvas).
  public let ratio: Double
  /// ratio > diffThreshold (strict).
  public let isChanged: Bool
  /// Canvas-sized, 255 where a pixel is counted and 0 elsewhere; nil unless requested.
  public let mask: GrayImage?
  /// pixelmatch's diff image over the canvas; nil unless requested.
  public let diffImage: RGBAImage?

  public init(
    canvasWidth: Int, canvasHeight: Int, mismatchedPixels: Int, diffThreshold: Double,
    mask: GrayImage?, diffImage: RGBAImage?
  ) {
    self.canvasWidth = canvasWidth
    self.canvasHeight = canvasHeight
    self.mismatchedPixels = mismatchedPixels
    ratio = SnapshotRule.ratio(mismatchedPixels: mismatchedPixels, canvasPixels: canvasWidth * canvasHeight)
    isChanged = SnapshotRule.isChanged(ratio: ratio, threshold: diffThreshold)
    self.mask = mask
    self.diffImage = diffImage
  }

  public var canvasPixels: Int { canvasWidth * canvasHeight }
}

/// Sentry's snapshot semantics: both images are padded to max(width) × max(height) with
/// transparent pixels anchored top-left (a size change is a difference, never an error),
/// then compared with pixelmatch.
public enum SnapshotComparer {
  public static func compare(
    base: RGBAImage, head: RGBAImage, options: SnapshotComparisonOptions = SnapshotComparisonOptions()
  ) -> SnapshotComparison {
    let (paddedBase, paddedHead) = canvas(base, head)
    let width = paddedBase.width
    let height = paddedBase.height

    var mask = options.makeMask ? GrayImage(zeroWidth: width, height: height) : nil
    var diffImage = options.makeDiffImage ? RGBAImage(transparentWidth: width, height: height) : nil
    let pixelMatch = options.pixelMatch
    let count: Int
    switch (mask != nil, diffImage != nil) {
    case (false, false):
      var sink = CountingSink()
      count = PixelMatch.run(paddedBase, paddedHead, options: pixelMatch, sink: &sink)
    case (true, false):
      count = withMask(&mask) { maskSink in
        var sink = maskSink
        return PixelMatch.run(paddedBase, paddedHead, options: pixelMatch, sink: &sink)
      }
    case (false, true):
      count = withDiffImage(&diffImage, over: paddedBase, options: pixelMatch) { imageSink in
        var sink = imageSink
        return PixelMatch.run(paddedBase, paddedHead, options: pixelMatch, sink: &sink)
      }
    case (true, true):
      count = withMask(&mask) { maskSink in
        withDiffImage(&diffImage, over: paddedBase, options: pixelMatch) { imageSink in
          var sink = PairSink(first: maskSink, second: imageSink)
          return PixelMatch.run(paddedBase, paddedHead, options: pixelMatch, sink: &sink)
        }
      }
    }
    return SnapshotComparison(
      canvasWidth: width, canvasHeight: height, mismatchedPixels: count,
      diffThreshold: options.diffThreshold, mask: mask, diffImage: diffImage)
  }

  /// The pixels `compare` would not count because pixelmatch took them for anti-aliasing
  /// (255 there, on the padded canvas): what its own diff image draws in yellow. The reviewer
  /// asks for it on demand (`i`), so the store's masks stay as Sentry's.
  public static func antialiasedPixels(
    base: RGBAImage, head: RGBAImage, options: SnapshotComparisonOptions = SnapshotComparisonOptions()
  ) -> GrayImage {
    let (paddedBase, paddedHead) = canvas(base, head)
    var mask = GrayImage(zeroWidth: paddedBase.width, height: paddedBase.height)
    guard !options.pixelMatch.includeAA else { return mask }
    mask.pixels.withUnsafeMutableBufferPointer { out in
      guard let base = out.baseAddress else { return }
      var sink = AntialiasedMaskSink(mask: base)
      _ = PixelMatch.run(paddedBase, paddedHead, options: options.pixelMatch, sink: &sink)
    }
    return mask
  }

  /// The result for two images known to hold the same pixels (for example the same file bytes),
  /// without comparing anything.
  public static func identical(
    _ image: RGBAImage, options: SnapshotComparisonOptions = SnapshotComparisonOptions()
  ) -> SnapshotComparison {
    var diffImage: RGBAImage? = nil
    if options.makeDiffImage {
      var drawn: RGBAImage? = RGBAImage(transparentWidth: image.width, height: image.height)
      _ = withDiffImage(&drawn, over: image, options: options.pixelMatch) { imageSink in
        var sink = imageSink
        return PixelMatch.run(image, image, options: options.pixelMatch, sink: &sink)
      }
      diffImage = drawn
    }
    return unchanged(
      canvasWidth: image.width, canvasHeight: image.height, options: options, diffImage: diffImage)
  }

  /// The result for an unchanged canvas of this size (zero mask when requested, no diff image
  /// unless given).
  public static func unchanged(
    canvasWidth: Int, canvasHeight: Int,
    options: SnapshotComparisonOptions = SnapshotComparisonOptions(), diffImage: RGBAImage? = nil
  ) -> SnapshotComparison {
    SnapshotComparison(
      canvasWidth: canvasWidth, canvasHeight: canvasHeight, mismatchedPixels: 0,
      diffThreshold: options.diffThreshold,
      mask: options.makeMask ? GrayImage(zeroWidth: canvasWidth, height: canvasHeight) : nil,
      diffImage: diffImage)
  }

  /// Both images on the comparison canvas: max(width) × max(height), anchored top-left.
  private static func canvas(_ base: RGBAImage, _ head: RGBAImage) -> (RGBAImage, RGBAImage) {
    let width = max(base.width, head.width)
    let height = max(base.height, head.height)
    return (padded(base, width: width, height: height), padded(head, width: width, height: height))
  }

  /// `image` on a transparent canvas of at least its size, anchored top-left. Returns the
  /// image itself (no copy) when it already has the canvas size.
  public static func padded(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
    precondition(width >= image.width && height >= image.height, "canvas smaller than image")
    if image.width == width && image.height == height { return image }
    var canvas = RGBAImage(transparentWidth: width, height: height)
    let rowBytes = image.width * 4
    canvas.pixels.withUnsafeMutableBufferPointer { out in
      image.pixels.withUnsafeBufferPointer { source in
        guard let to = out.baseAddress, let from = source.baseAddress else { return }
        for row in 0..<image.height {
          (to + row * width * 4).update(from: from + row * rowBytes, count: rowBytes)
        }
      }
    }
    return canvas
  }

  private static func withMask(
    _ mask: inout GrayImage?, _ body: (MaskSink) -> Int
  ) -> Int {
    guard var image = mask else { return 0 }
    mask = nil  // keep the buffer uniquely referenced while it is written
    let count = image.pixels.withUnsafeMutableBufferPointer { out in
      guard let base = out.baseAddress else { return 0 }
      return body(MaskSink(mask: base))
    }
    mask = image
    return count
  }

  private static func withDiffImage(
    _ diffImage: inout RGBAImage?, over image1: RGBAImage, options: PixelMatchOptions,
    _ body: (DiffImageSink) -> Int
  ) -> Int {
    guard var drawn = diffImage else { return 0 }
    diffImage = nil
    let count = drawn.pixels.withUnsafeMutableBufferPointer { out in
      image1.pixels.withUnsafeBufferPointer { first in
        guard let output = out.baseAddress, let source = first.baseAddress else { return 0 }
        return body(DiffImageSink(output: output, image1: source, options: options))
      }
    }
    diffImage = drawn
    return count
  }
}
