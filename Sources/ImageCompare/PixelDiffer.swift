import DiffCore
import PNGCodec
import SnapshotModel
import Synchronization
import WorkThreads

/// The pixel comparison run for a candidate pair, as a value so tests can put a fake in its
/// place. `storeMask` asks for the diff mask to be kept when the pair is changed; the
/// outcome then names it. `Failure` is the caller's I/O error (the store's: a full disk),
/// thrown; image problems are outcomes (errored pairs).
public struct PixelDiffer<Failure: Error>: Sendable {
  public var measure: @Sendable (_ candidate: DiffCandidate, _ storeMask: Bool) throws(Failure) -> PixelDiffOutcome
  /// Recorded with each comparison.
  public var algorithm: DiffAlgorithm

  public init(
    algorithm: DiffAlgorithm = .current,
    measure: @escaping @Sendable (DiffCandidate, Bool) throws(Failure) -> PixelDiffOutcome
  ) {
    self.algorithm = algorithm
    self.measure = measure
  }

  /// `measure(_:algorithm:read:storeMask:)` for every candidate: images come from
  /// `read`, and masks go to `storeMask` when the caller asks for them.
  public static func pixelmatch(
    algorithm: DiffAlgorithm = .current,
    read: @escaping @Sendable (_ key: String) throws(Failure) -> [UInt8]?,
    storeMask: @escaping @Sendable (_ png: [UInt8]) throws(Failure) -> String
  ) -> PixelDiffer {
    // Two calls, not `wantsMask ? storeMask : nil`: Swift 6.3 cannot type-check that
    // conditional of typed-throws closures ("failed to produce diagnostic").
    PixelDiffer(algorithm: algorithm) { (candidate: DiffCandidate, wantsMask: Bool) throws(Failure) -> PixelDiffOutcome in
      if wantsMask { return try measure(candidate, algorithm: algorithm, read: read, storeMask: storeMask) }
      return try measure(candidate, algorithm: algorithm, read: read, storeMask: nil)
    }
  }

  /// pixelmatch v7.2.0 through the diff core (threshold 0.1, anti-aliasing ignored) on one
  /// candidate, as the store and the CLI's ad-hoc comparisons both measure. `read` gives an
  /// image's encoded bytes by key (nil: missing). With `storeMask`, a changed pair's mask
  /// (an 8-bit gray PNG, 255 = changed) is handed to it and the outcome names the key it
  /// returns.
  public static func measure(
    _ candidate: DiffCandidate, algorithm: DiffAlgorithm = .current,
    read: (_ key: String) throws(Failure) -> [UInt8]?,
    storeMask: ((_ png: [UInt8]) throws(Failure) -> String)?
  ) throws(Failure) -> PixelDiffOutcome {
    guard let baseBytes = try read(candidate.baseKey), let headBytes = try read(candidate.headKey)
    else { return .failed(.imageFetchFailed) }
    let options = SnapshotComparisonOptions(
      pixelMatch: PixelMatchOptions(threshold: algorithm.threshold, includeAA: algorithm.includeAA),
      diffThreshold: candidate.threshold, makeMask: storeMask != nil)
    let comparison: SnapshotComparison
    do throws(PNGError) {
      comparison = try ImagePairDiff.compare(
        base: PNGSource(bytes: baseBytes, name: "base \(candidate.imageFileName)"),
        head: PNGSource(bytes: headBytes, name: "head \(candidate.imageFileName)"),
        options: options, pixelLimit: SnapshotRule.pixelLimit)
    } catch {
      switch error {
      case .tooLarge, .canvasTooLarge: return .failed(.exceedsPixelLimit)
      default: return .failed(.imageProcessingFailed)
      }
    }
    var maskKey: String?
    if let storeMask, comparison.isChanged, let mask = comparison.mask {
      guard let png = try? PNGCodec.encode(mask, compressionLevel: 1) else {
        return .failed(.imageProcessingFailed)
      }
      maskKey = try storeMask(png)
    }
    return .measured(
      changedPixels: comparison.mismatchedPixels, totalPixels: comparison.canvasPixels,
      diffImageKey: maskKey)
  }
}

/// Runs pixel diffs two at a time (one per core), so memory stays at two decoded pairs.
public enum PixelDiffRunner {
  public static let width = 2

  public static func run<Failure: Error>(
    _ candidates: [DiffCandidate], storeMasks: Bool, differ: PixelDiffer<Failure>
  ) throws(Failure) -> [String: PixelDiffOutcome] {
    guard !candidates.isEmpty else { return [:] }
    let results = Mutex<[Int: Result<PixelDiffOutcome, Failure>]>([:])
    let next = Atomic<Int>(0)
    // ParallelWork starts its threads; concurrentPerform may run every iteration on the caller
    // in a fresh process (ParallelWork.swift). One-shot CPU-vs-wall figures: docs/PERFORMANCE.md.
    ParallelWork.forEach(iterations: min(width, candidates.count), maxThreads: width) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < candidates.count else { return }
        let result = Result { () throws(Failure) -> PixelDiffOutcome in
          try differ.measure(candidates[index], storeMasks)
        }
        results.withLock { $0[index] = result }
      }
    }
    let collected = results.withLock { $0 }
    var outcomes: [String: PixelDiffOutcome] = [:]
    for (index, candidate) in candidates.enumerated() {
      if let result = collected[index] { outcomes[candidate.imageFileName] = try result.get() }
    }
    return outcomes
  }
}
