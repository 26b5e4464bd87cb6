import DiffCore
import PNGCodec
import Synchronization
import WorkThreads

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One encoded PNG and the name to use for it in errors (usually its path).
public struct PNGSource: Sendable {
  public var bytes: [UInt8]
  public var name: String

  public init(bytes: [UInt8], name: String) {
    self.bytes = bytes
    self.name = name
  }
}

/// Decode two PNGs and compare them as snapshots, as fast as the machine allows:
/// identical file bytes skip decoding, the two decodes run on two threads, and the
/// pixel limit is checked against the shared canvas before anything is allocated.
public enum ImagePairDiff {
  public static func compare(
    base: PNGSource, head: PNGSource,
    options: SnapshotComparisonOptions = SnapshotComparisonOptions(),
    pixelLimit: Int = PNGCodec.defaultPixelLimit
  ) throws(PNGError) -> SnapshotComparison {
    let (baseHeader, _) = try headers(base, head, pixelLimit: pixelLimit)
    if sameBytes(base.bytes, head.bytes) {
      // Same file, same pixels: nothing to decode unless a diff image is wanted.
      guard options.makeDiffImage else {
        return SnapshotComparer.unchanged(
          canvasWidth: baseHeader.width, canvasHeight: baseHeader.height, options: options)
      }
      let image = try PNGCodec.decode(base.bytes, source: base.name, pixelLimit: pixelLimit)
      return SnapshotComparer.identical(image, options: options)
    }
    let (baseImage, headImage) = try decodePair(base, head, pixelLimit: pixelLimit)
    return SnapshotComparer.compare(base: baseImage, head: headImage, options: options)
  }

  /// Both images decoded concurrently (the calling thread and one started for it).
  /// When both fail, the base's error is reported.
  public static func decodePair(
    _ first: PNGSource, _ second: PNGSource, pixelLimit: Int = PNGCodec.defaultPixelLimit
  ) throws(PNGError) -> (RGBAImage, RGBAImage) {
    let slots = ResultSlots()
    let sources = [first, second]
    ParallelWork.forEach(iterations: 2) { index in
      let source = sources[index]
      let result = Result { () throws(PNGError) -> RGBAImage in
        try PNGCodec.decode(source.bytes, source: source.name, pixelLimit: pixelLimit)
      }
      slots.store(result, at: index)
    }
    let (firstResult, secondResult) = slots.take()
    return (try firstResult.get(), try secondResult.get())
  }

  /// Both headers, checked against the pixel limit for each image and for their shared canvas.
  public static func headers(
    _ base: PNGSource, _ head: PNGSource, pixelLimit: Int = PNGCodec.defaultPixelLimit
  ) throws(PNGError) -> (PNGHeader, PNGHeader) {
    let baseHeader = try PNGCodec.header(of: base.bytes, source: base.name)
    let headHeader = try PNGCodec.header(of: head.bytes, source: head.name)
    for (header, name) in [(baseHeader, base.name), (headHeader, head.name)] {
      guard pixels(header.width, header.height) <= pixelLimit else {
        throw .tooLarge(source: name, width: header.width, height: header.height, limit: pixelLimit)
      }
    }
    let width = max(baseHeader.width, headHeader.width)
    let height = max(baseHeader.height, headHeader.height)
    guard pixels(width, height) <= pixelLimit else {
      throw .canvasTooLarge(
        base: base.name, head: head.name, width: width, height: height, limit: pixelLimit)
    }
    return (baseHeader, headHeader)
  }

  private static func pixels(_ width: Int, _ height: Int) -> Int {
    let (product, overflow) = width.multipliedReportingOverflow(by: height)
    return overflow ? Int.max : product
  }

  /// Whether two encoded files are byte-identical (memcmp).
  public static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { first in
      b.withUnsafeBytes { second in
        guard let x = first.baseAddress, let y = second.baseAddress else { return true }
        return memcmp(x, y, first.count) == 0
      }
    }
  }
}

/// Two result slots, one per decode.
private final class ResultSlots: Sendable {
  private let results = Mutex<[Result<RGBAImage, PNGError>?]>([nil, nil])

  func store(_ result: Result<RGBAImage, PNGError>, at index: Int) {
    results.withLock { $0[index] = result }
  }

  func take() -> (Result<RGBAImage, PNGError>, Result<RGBAImage, PNGError>) {
    results.withLock { slots in
      // forEach returns only after both iterations ran, so both are filled.
      let missing = Result<RGBAImage, PNGError>.failure(.corrupt(source: "", reason: "not decoded"))
      return (slots[0] ?? missing, slots[1] ?? missing)
    }
  }
}
