import WorkThreads
/// pixelmatch v7.2.0 (mapbox/pixelmatch, ISC), ported literally: same options, same counts,
/// same diff image. The count never depends on whether a diff image is drawn.
public enum PixelMatch {
  /// Mismatched pixel count; writes the pixelmatch-style diff image into `output` when given.
  ///
  /// `output` must hold `width * height * 4` bytes. As in pixelmatch, `diffMask` mode writes
  /// only the differing pixels, so zero the buffer first.
  public static func compare(
    _ a: RGBAImage, _ b: RGBAImage, output: UnsafeMutableBufferPointer<UInt8>?,
    options: PixelMatchOptions = PixelMatchOptions()
  ) throws(DiffError) -> Int {
    try checkSizes(a, b)
    if let output {
      guard output.count == a.pixelCount * 4, let base = output.baseAddress else {
        if a.pixelCount == 0 && output.count == 0 { return 0 }
        throw .outputSizeMismatch(expectedBytes: a.pixelCount * 4, actualBytes: output.count)
      }
      return a.pixels.withUnsafeBufferPointer { first in
        guard let image1 = first.baseAddress else { return 0 }
        var sink = DiffImageSink(output: base, image1: image1, options: options)
        return run(a, b, options: options, sink: &sink)
      }
    }
    var sink = CountingSink()
    return run(a, b, options: options, sink: &sink)
  }

  /// Mismatched pixel count only.
  public static func compare(
    _ a: RGBAImage, _ b: RGBAImage, options: PixelMatchOptions = PixelMatchOptions()
  ) throws(DiffError) -> Int {
    try compare(a, b, output: nil, options: options)
  }

  /// The count and a freshly drawn diff image (zero-initialised, so `diffMask` works as in pixelmatch).
  public static func diffImage(
    _ a: RGBAImage, _ b: RGBAImage, options: PixelMatchOptions = PixelMatchOptions()
  ) throws(DiffError) -> (mismatchedPixels: Int, image: RGBAImage) {
    try checkSizes(a, b)
    var image = RGBAImage(transparentWidth: a.width, height: a.height)
    let count = image.pixels.withUnsafeMutableBufferPointer { out in
      a.pixels.withUnsafeBufferPointer { first in
        guard let output = out.baseAddress, let image1 = first.baseAddress else { return 0 }
        var sink = DiffImageSink(output: output, image1: image1, options: options)
        return run(a, b, options: options, sink: &sink)
      }
    }
    return (count, image)
  }

  static func checkSizes(_ a: RGBAImage, _ b: RGBAImage) throws(DiffError) {
    guard a.width == b.width && a.height == b.height else {
      throw .sizeMismatch(width1: a.width, height1: a.height, width2: b.width, height2: b.height)
    }
  }

  /// Images with at least this many pixels are scanned in row bands on every core.
  static let parallelPixelThreshold = 1 << 18

  /// Runs the kernel over two equal-sized images, in parallel row bands when they are large
  /// (counts add up and bands draw disjoint pixels, so the result is the same as one pass).
  static func run<Sink: PixelSink>(
    _ a: RGBAImage, _ b: RGBAImage, options: PixelMatchOptions, sink: inout Sink,
    parallel: Bool = true
  ) -> Int {
    a.pixels.withUnsafeBufferPointer { first in
      b.pixels.withUnsafeBufferPointer { second in
        // Only an empty image has no storage, and it has nothing to compare.
        guard let image1 = first.baseAddress, let image2 = second.baseAddress else { return 0 }
        let kernel = PixelMatchKernel(
          image1: image1, image2: image2, width: a.width, height: a.height,
          checkerboard: options.checkerboard)
        let cores = ParallelWork.processorCount
        guard parallel, cores > 1, a.pixelCount >= parallelPixelThreshold else {
          return kernel.run(options: options, sink: &sink)
        }
        return runInBands(kernel, bands: min(a.height, cores * 4), options: options, sink: sink)
      }
    }
  }

  private static func runInBands<Sink: PixelSink>(
    _ kernel: PixelMatchKernel, bands: Int, options: PixelMatchOptions, sink: Sink
  ) -> Int {
    let identical = kernel.identical()
    if identical && !sink.visitsUnchanged { return 0 }
    let width = kernel.width
    let rowsPerBand = (kernel.height + bands - 1) / bands
    let counts = BandCounts(bands)
    defer { counts.deallocate() }
    ParallelWork.forEach(iterations: bands) { band in
      let firstRow = min(kernel.height, band * rowsPerBand)
      let endRow = min(kernel.height, firstRow + rowsPerBand)
      let pixels = (firstRow * width)..<(endRow * width)
      var local = sink
      if identical {
        kernel.visitUnchanged(pixels, sink: &local)
      } else {
        counts.slots[band] = kernel.scan(pixels, options: options, sink: &local)
      }
    }
    return counts.slots.reduce(0, +)
  }
}

/// One count per band; each band writes only its own slot.
private struct BandCounts: @unchecked Sendable {
  let slots: UnsafeMutableBufferPointer<Int>

  init(_ count: Int) {
    slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
    slots.initialize(repeating: 0)
  }

  func deallocate() { slots.deallocate() }
}
