import DiffCore
import Dispatch
import PNGCodec
import Synchronization

/// The pixel comparison the store runs for a candidate pair, as a value so tests can put a
/// fake in its place. `storeMask` asks for the diff mask to be stored when the pair is
/// changed; the outcome then names it. I/O failures (a full disk) throw; image problems
/// are outcomes (errored pairs).
public struct PixelDiffer: Sendable {
  public var measure: @Sendable (_ candidate: DiffCandidate, _ storeMask: Bool) throws(StoreError) -> PixelDiffOutcome
  /// Recorded with each comparison.
  public var algorithm: DiffAlgorithm

  public init(
    algorithm: DiffAlgorithm = .current,
    measure: @escaping @Sendable (DiffCandidate, Bool) throws(StoreError) -> PixelDiffOutcome
  ) {
    self.algorithm = algorithm
    self.measure = measure
  }

  /// pixelmatch v7.2.0 through the diff core (threshold 0.1, anti-aliasing ignored) on the
  /// store's blobs. Masks are 8-bit gray PNGs, 255 = changed, stored as blobs.
  static func pixelmatch(blobs: BlobStore, algorithm: DiffAlgorithm = .current) -> PixelDiffer {
    PixelDiffer(algorithm: algorithm) { candidate, storeMask throws(StoreError) in
      guard let baseBytes = try blobs.read(candidate.baseKey),
        let headBytes = try blobs.read(candidate.headKey)
      else { return .failed(.imageFetchFailed) }
      let options = SnapshotComparisonOptions(
        pixelMatch: PixelMatchOptions(threshold: algorithm.threshold, includeAA: algorithm.includeAA),
        diffThreshold: candidate.threshold, makeMask: storeMask)
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
      if storeMask && comparison.isChanged, let mask = comparison.mask {
        guard let png = try? PNGCodec.encode(mask, compressionLevel: 1) else {
          return .failed(.imageProcessingFailed)
        }
        let key = BlobStore.key(of: png)
        try blobs.put(png, key: key)
        try blobs.syncShards([blobs.shard(key)])
        maskKey = key
      }
      return .measured(
        changedPixels: comparison.mismatchedPixels, totalPixels: comparison.canvasPixels,
        diffImageKey: maskKey)
    }
  }
}

/// Runs pixel diffs two at a time (one per core), so memory stays at two decoded pairs.
enum PixelDiffRunner {
  static let width = 2

  static func run(
    _ candidates: [DiffCandidate], storeMasks: Bool, differ: PixelDiffer
  ) throws(StoreError) -> [String: PixelDiffOutcome] {
    guard !candidates.isEmpty else { return [:] }
    let results = Mutex<[Int: Result<PixelDiffOutcome, StoreError>]>([:])
    let next = Atomic<Int>(0)
    // ParallelWork starts its threads; concurrentPerform may run every iteration on the caller
    // in a fresh process (ParallelWork.swift). One-shot CPU-vs-wall figures: docs/PERFORMANCE.md.
    ParallelWork.forEach(iterations: min(width, candidates.count), maxThreads: width) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < candidates.count else { return }
        let result = Result { () throws(StoreError) -> PixelDiffOutcome in
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
