import SnaprevApp
import BrowseUI
import FoundationEssentials
import ImageCompare
import ReviewUI
import SnapshotModel
import SnapshotStore
import Synchronization
import TerminalCanvas
import TextEscaping

/// Diff masks of ad-hoc comparisons, kept in memory (nothing is written to the store).
public final class AdHocMasks: Sendable {
  private let masks = Mutex<[String: [UInt8]]>([:])

  public static let keyPrefix = "adhoc-mask-"

  public func put(_ key: String, _ png: [UInt8]) {
    masks.withLock { $0[key] = png }
  }

  public func get(_ key: String) -> [UInt8]? {
    masks.withLock { $0[key] }
  }
}

/// Build A as base against build B as head, in memory: the store's own categorizer
/// (`Categorizer.plan` / `assemble`: names, renames, selective heads, thresholds) with
/// pixelmatch measured here, so nothing is persisted and no approval can follow.
///
/// The base side is A's own uploaded images: a selective A is not folded onto its
/// ancestors (the store does that only for the base it chose itself).
public enum AdHocComparison {
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  public static func run(
    store: SnapshotStore, base: LinkedBuild, baseBranch: [UInt8], head: LinkedBuild, headBranch: [UInt8],
    label: String, masks: AdHocMasks, algorithm: DiffAlgorithm = .current
  ) throws -> ReviewData {
    let baseInput: SnapshotDetailsInput
    let headInput: SnapshotDetailsInput
    do {
      baseInput = try store.snapshotDetailsInput(of: base.id)
      headInput = try store.snapshotDetailsInput(of: head.id)
    } catch {
      throw Failure(description: "cannot compare #\(head.id) with #\(base.id): \(error.description)")
    }
    let plan = Categorizer.plan(
      head: HeadImageSet(headInput.manifest, artifact: headInput.artifact), base: BaseImageSet(baseInput.manifest))
    var outcomes: [String: PixelDiffOutcome] = [:]
    for (number, candidate) in plan.candidates.enumerated() {
      outcomes[candidate.imageFileName] = measure(
        candidate, store: store, maskKey: "\(AdHocMasks.keyPrefix)\(label)-\(number)", masks: masks, algorithm: algorithm)
    }
    let entries = SnapshotDetails.orderedForDisplay(Categorizer.assemble(plan, outcomes: outcomes))
    let heads = IndexedManifest(headInput.manifest)
    let bases = IndexedManifest(baseInput.manifest)
    var counts: [ReviewCategory: Int] = [:]
    let reviewEntries = entries.map { entry -> ReviewEntry in
      let reviewEntry = Self.entry(entry, heads: heads, bases: bases)
      counts[reviewEntry.category, default: 0] += 1
      return reviewEntry
    }
    let artifact = headInput.artifact
    let summary = BuildSummary(
      id: label, appID: artifact.appId, headRef: SafeText.escaped(bytes: headBranch),
      baseRef: SafeText.escaped(bytes: baseBranch), headSHA: artifact.vcs.headSha,
      baseSHA: baseInput.artifact.vcs.headSha, prNumber: artifact.vcs.prNumber,
      buildConfiguration: artifact.buildConfiguration, counts: counts, imageCount: artifact.imageCount,
      comparisonState: "ad hoc, read-only")
    return ReviewData(artifact: summary, entries: reviewEntries)
  }

  /// pixelmatch as the store runs it (`PixelDiffer.measure`), with the mask kept in
  /// memory under `maskKey`.
  public static func measure(
    _ candidate: DiffCandidate, store: SnapshotStore, maskKey: String, masks: AdHocMasks, algorithm: DiffAlgorithm
  ) -> PixelDiffOutcome {
    PixelDiffer<Never>.measure(
      candidate, algorithm: algorithm, read: { key in try? store.imageData(key: key) },
      storeMask: { png in
        masks.put(maskKey, png)
        return maskKey
      })
  }

  /// The reviewer's row for one entry, with the same sides `ReviewStoreAdapter` gives
  /// stored comparisons.
  public static func entry(_ entry: ComparisonEntry, heads: IndexedManifest, bases: IndexedManifest) -> ReviewEntry {
    let category = ReviewStoreAdapter.category(entry.category)
    func size(_ width: Int?, _ height: Int?) -> ImageSize? {
      guard let width, let height else { return nil }
      return ImageSize(width: width, height: height)
    }
    let headImage = ReviewStoreAdapter.image(
      heads[name: entry.imageFileName], name: entry.imageFileName, key: entry.headKey,
      size: size(entry.headWidth, entry.headHeight))
    let baseName = entry.previousImageFileName ?? entry.imageFileName
    let baseImage = ReviewStoreAdapter.image(
      bases[name: baseName], name: baseName, key: entry.baseKey, size: size(entry.baseWidth, entry.baseHeight))
    let head: ImageRef?
    let base: ImageRef?
    switch category {
    case .removed, .skipped:
      head = nil
      base = baseImage
    case .added, .uncompared:
      head = headImage
      base = nil
    case .renamed, .changed, .unchanged, .errored:
      head = headImage
      base = baseImage
    }
    return ReviewEntry(
      category: category, head: head, base: base, diff: entry.diff, diffImageKey: entry.diffImageKey,
      errorReason: entry.reason?.rawValue)
  }
}
