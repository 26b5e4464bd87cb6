import DiffCore
import TextEscaping

/// A same-name pair whose keys differ: it needs a pixel diff.
public struct DiffCandidate: Sendable, Equatable {
  public var imageFileName: String
  public var headKey: String
  public var baseKey: String
  public var headWidth: Int
  public var headHeight: Int
  public var baseWidth: Int
  public var baseHeight: Int
  /// The head image's threshold, else the upload's, else 0.
  public var threshold: Double
  /// Set when the base image belongs to an ancestor of a selective base.
  public var baseArtifactId: String?

  public init(
    imageFileName: String, headKey: String, baseKey: String, headWidth: Int, headHeight: Int,
    baseWidth: Int, baseHeight: Int, threshold: Double, baseArtifactId: String? = nil
  ) {
    self.imageFileName = imageFileName
    self.headKey = headKey
    self.baseKey = baseKey
    self.headWidth = headWidth
    self.headHeight = headHeight
    self.baseWidth = baseWidth
    self.baseHeight = baseHeight
    self.threshold = threshold
    self.baseArtifactId = baseArtifactId
  }

  /// max(width) × max(height): both images are padded to this canvas.
  public var canvasPixels: Int {
    let (pixels, overflow) = max(headWidth, baseWidth).multipliedReportingOverflow(
      by: max(headHeight, baseHeight))
    return overflow ? Int.max : pixels
  }
}

/// What the pixel differ measured for one candidate.
public enum PixelDiffOutcome: Sendable, Equatable {
  case measured(changedPixels: Int, totalPixels: Int, diffImageKey: String?)
  case failed(ErroredReason)
}

/// The base side of a comparison: its complete image set (after folding a selective base
/// onto its ancestors) and, for images inherited from an ancestor, which artifact holds them.
public struct BaseImageSet: Sendable, Equatable {
  public var images: [String: SnapshotImage]
  public var origins: [String: String]

  public init(images: [String: SnapshotImage], origins: [String: String] = [:]) {
    self.images = images
    self.origins = origins
  }

  public init(_ manifest: ArtifactManifest) {
    self.init(images: manifest.byName)
  }
}

/// The head side: its manifest and the upload options that steer categorization.
public struct HeadImageSet: Sendable, Equatable {
  public var images: [String: SnapshotImage]
  public var diffThreshold: Double?
  public var selective: Bool
  public var allImageFileNames: [String]?

  public init(
    images: [String: SnapshotImage], diffThreshold: Double? = nil, selective: Bool = false,
    allImageFileNames: [String]? = nil
  ) {
    self.images = images
    self.diffThreshold = diffThreshold
    self.selective = selective
    self.allImageFileNames = allImageFileNames
  }

  public init(_ manifest: ArtifactManifest, artifact: Artifact) {
    self.init(
      images: manifest.byName, diffThreshold: artifact.diffThreshold, selective: artifact.selective,
      allImageFileNames: manifest.allImageFileNames)
  }
}

/// Everything decided without pixels, plus the pairs that still need a diff.
public struct ComparisonPlan: Sendable, Equatable {
  public var entries: [ComparisonEntry]
  public var candidates: [DiffCandidate]
}

/// Sentry's categorization (`snapshots/categorize.py`, `comparison.py`) as pure functions:
/// match by file name, same key is unchanged without pixel work, renames are identical keys
/// paired greedily by name similarity, selective uploads skip what they did not upload.
public enum Categorizer {
  /// `categorize_image_sets`: (matched, added, removed, skipped) by name.
  public static func imageSets(
    headNames: Set<String>, baseNames: Set<String>, selective: Bool, allImageFileNames: [String]?
  ) -> (matched: Set<String>, added: Set<String>, removed: Set<String>, skipped: Set<String>) {
    let matched = headNames.intersection(baseNames)
    let added = headNames.subtracting(baseNames)
    if let allImageFileNames {
      let all = Set(allImageFileNames)
      return (matched, added, baseNames.subtracting(all), all.subtracting(headNames).intersection(baseNames))
    }
    if selective { return (matched, added, [], baseNames.subtracting(headNames)) }
    return (matched, added, baseNames.subtracting(headNames), [])
  }

  /// `_match_by_name_similarity`: score every pair, sort by (ratio, added index, removed
  /// index) descending as Python's `sort(reverse=True)` on tuples does, then pair greedily.
  /// Python feeds the names in set order (arbitrary); snaprev sorts them by code point first
  /// so the result is reproducible.
  public static func pairBySimilarity(added: [String], removed: [String]) -> [(String, String)] {
    var scored: [(ratio: Double, added: Int, removed: Int)] = []
    scored.reserveCapacity(added.count * removed.count)
    for (ai, a) in added.enumerated() {
      for (ri, r) in removed.enumerated() {
        scored.append((SequenceMatcher.ratio(a, r), ai, ri))
      }
    }
    scored.sort { x, y in
      if x.ratio != y.ratio { return x.ratio > y.ratio }
      if x.added != y.added { return x.added > y.added }
      return x.removed > y.removed
    }
    var pairs: [(String, String)] = []
    var usedAdded = Set<Int>()
    var usedRemoved = Set<Int>()
    for score in scored where !usedAdded.contains(score.added) && !usedRemoved.contains(score.removed) {
      pairs.append((added[score.added], removed[score.removed]))
      usedAdded.insert(score.added)
      usedRemoved.insert(score.removed)
    }
    return pairs
  }

  /// Renames among `added` and `gone` (removed, or skipped) names whose keys are identical.
  static func renames(
    added: Set<String>, gone: Set<String>, headKey: (String) -> String, baseKey: (String) -> String
  ) -> [(new: String, old: String)] {
    let addedByKey = Dictionary(grouping: added, by: headKey)
    let goneByKey = Dictionary(grouping: gone, by: baseKey)
    var pairs: [(new: String, old: String)] = []
    for (key, newNames) in addedByKey {
      guard let oldNames = goneByKey[key] else { continue }
      if newNames.count == 1 && oldNames.count == 1 {
        pairs.append((newNames[0], oldNames[0]))
      } else {
        let sortedNew = newNames.sorted(by: CodePoint.precedes)
        let sortedOld = oldNames.sorted(by: CodePoint.precedes)
        pairs += pairBySimilarity(added: sortedNew, removed: sortedOld).map { ($0.0, $0.1) }
      }
    }
    return pairs
  }

  /// `plan_snapshot_changes`: every entry that needs no pixels, and the diff candidates.
  public static func plan(
    head: HeadImageSet, base: BaseImageSet, pixelLimit: Int = SnapshotRule.pixelLimit
  ) -> ComparisonPlan {
    var (matched, added, removed, skipped) = imageSets(
      headNames: Set(head.images.keys), baseNames: Set(base.images.keys), selective: head.selective,
      allImageFileNames: head.allImageFileNames)
    let headKey = { (name: String) in head.images[name]?.key ?? "" }
    let baseKey = { (name: String) in base.images[name]?.key ?? "" }

    var renamed = renames(added: added, gone: removed, headKey: headKey, baseKey: baseKey)
    for pair in renamed {
      added.remove(pair.new)
      removed.remove(pair.old)
    }
    if !skipped.isEmpty {
      let fromSkipped = renames(added: added, gone: skipped, headKey: headKey, baseKey: baseKey)
      for pair in fromSkipped {
        added.remove(pair.new)
        skipped.remove(pair.old)
      }
      renamed += fromSkipped
    }

    var entries: [ComparisonEntry] = []
    var candidates: [DiffCandidate] = []
    for name in matched {
      guard let headImage = head.images[name], let baseImage = base.images[name] else { continue }
      let origin = base.origins[name]
      if headImage.key == baseImage.key {
        entries.append(
          ComparisonEntry(
            imageFileName: name, category: .unchanged, headKey: headImage.key, baseKey: baseImage.key,
            baseWidth: baseImage.width, baseHeight: baseImage.height, headWidth: headImage.width,
            headHeight: headImage.height, baseArtifactId: origin))
        continue
      }
      let candidate = DiffCandidate(
        imageFileName: name, headKey: headImage.key, baseKey: baseImage.key,
        headWidth: headImage.width, headHeight: headImage.height, baseWidth: baseImage.width,
        baseHeight: baseImage.height,
        threshold: headImage.effectiveThreshold(global: head.diffThreshold), baseArtifactId: origin)
      if candidate.canvasPixels > pixelLimit {
        entries.append(errored(candidate, .exceedsPixelLimit))
      } else {
        candidates.append(candidate)
      }
    }
    for name in added {
      guard let image = head.images[name] else { continue }
      entries.append(
        ComparisonEntry(
          imageFileName: name, category: .added, headKey: image.key, headWidth: image.width,
          headHeight: image.height))
    }
    for (category, names) in [(ImageCategory.removed, removed), (.skipped, skipped)] {
      for name in names {
        guard let image = base.images[name] else { continue }
        entries.append(
          ComparisonEntry(
            imageFileName: name, category: category, baseKey: image.key, baseWidth: image.width,
            baseHeight: image.height, baseArtifactId: base.origins[name]))
      }
    }
    for pair in renamed {
      guard let image = head.images[pair.new], let old = base.images[pair.old] else { continue }
      entries.append(
        ComparisonEntry(
          imageFileName: pair.new, category: .renamed, headKey: image.key, baseKey: old.key,
          previousImageFileName: pair.old, baseWidth: old.width, baseHeight: old.height,
          headWidth: image.width, headHeight: image.height, baseArtifactId: base.origins[pair.old]))
    }
    candidates.sort { CodePoint.precedes($0.imageFileName, $1.imageFileName) }
    return ComparisonPlan(entries: entries, candidates: candidates)
  }

  /// Folds the measurements in: changed iff diff > threshold (strict); within the threshold
  /// the pair is listed unchanged. Entries come back sorted by file name.
  public static func assemble(
    _ plan: ComparisonPlan, outcomes: [String: PixelDiffOutcome]
  ) -> [ComparisonEntry] {
    var entries = plan.entries
    for candidate in plan.candidates {
      switch outcomes[candidate.imageFileName] {
      case .measured(let changedPixels, let totalPixels, let diffImageKey):
        let ratio = SnapshotRule.ratio(mismatchedPixels: changedPixels, canvasPixels: totalPixels)
        let changed = SnapshotRule.isChanged(ratio: ratio, threshold: candidate.threshold)
        entries.append(
          ComparisonEntry(
            imageFileName: candidate.imageFileName, category: changed ? .changed : .unchanged,
            headKey: candidate.headKey, baseKey: candidate.baseKey, baseWidth: candidate.baseWidth,
            baseHeight: candidate.baseHeight, headWidth: candidate.headWidth,
            headHeight: candidate.headHeight, changedPixels: changedPixels, totalPixels: totalPixels,
            diffImageKey: changed ? diffImageKey : nil, baseArtifactId: candidate.baseArtifactId))
      case .failed(let reason):
        entries.append(errored(candidate, reason))
      case nil:
        // A measurement that never came back is a failed chunk in Sentry's terms.
        entries.append(errored(candidate, .chunkFailed))
      }
    }
    return entries.sorted { CodePoint.precedes($0.imageFileName, $1.imageFileName) }
  }

  /// Plan, measure every candidate with `measure`, assemble. For tests and small inputs;
  /// the store runs the measurements two at a time (`PixelDiffRunner`).
  public static func categorize(
    head: HeadImageSet, base: BaseImageSet, measure: (DiffCandidate) -> PixelDiffOutcome
  ) -> [ComparisonEntry] {
    let plan = plan(head: head, base: base)
    var outcomes: [String: PixelDiffOutcome] = [:]
    for candidate in plan.candidates { outcomes[candidate.imageFileName] = measure(candidate) }
    return assemble(plan, outcomes: outcomes)
  }

  static func errored(_ candidate: DiffCandidate, _ reason: ErroredReason) -> ComparisonEntry {
    ComparisonEntry(
      imageFileName: candidate.imageFileName, category: .errored, headKey: candidate.headKey,
      baseKey: candidate.baseKey, baseWidth: candidate.baseWidth, baseHeight: candidate.baseHeight,
      headWidth: candidate.headWidth, headHeight: candidate.headHeight, reason: reason,
      baseArtifactId: candidate.baseArtifactId)
  }
}
