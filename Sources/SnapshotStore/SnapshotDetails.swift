import DiffCore
import SnapshotModel
import Synchronization
import TextEscaping
import JSONCore
import WorkThreads

/// Everything `snaprev show` needs about one artifact, already read from the store.
public struct SnapshotDetailsInput: Sendable {
  public var artifact: Artifact
  public var manifest: ArtifactManifest
  public var comparison: ComparisonStatus
  /// The entries of `comparison.shown` (empty unless in diff mode).
  public var entries: [ComparisonEntry]
  /// Base image lists by artifact id: the base, and ancestors a selective base inherits from.
  public var baseImages: [String: IndexedManifest]
  public var approval: ApprovalState

  public init(
    artifact: Artifact, manifest: ArtifactManifest, comparison: ComparisonStatus,
    entries: [ComparisonEntry], baseImages: [String: IndexedManifest],
    approval: ApprovalState
  ) {
    self.artifact = artifact
    self.manifest = manifest
    self.comparison = comparison
    self.entries = entries
    self.baseImages = baseImages
    self.approval = approval
  }

  /// The base image an entry refers to (its old name for renames), if its metadata exists.
  public func baseImage(for entry: ComparisonEntry) -> SnapshotImage? {
    guard let artifactId = entry.baseArtifactId ?? comparison.baseArtifactId else { return nil }
    return baseImages[artifactId]?[name: Self.baseName(of: entry)]
  }

  /// The base name an entry's base side has (the old name for renames).
  static func baseName(of entry: ComparisonEntry) -> String {
    entry.category == .renamed ? entry.previousImageFileName ?? entry.imageFileName : entry.imageFileName
  }

  /// The base names whose metadata the details response prints (`SnapshotDetails.json`
  /// prints only the head of unchanged and added images).
  static func baseNamesPrinted(_ entries: [ComparisonEntry]) -> Set<String> {
    var names = Set<String>()
    for entry in entries where entry.category != .unchanged && entry.category != .added {
      names.insert(baseName(of: entry))
    }
    return names
  }
}

/// The snapshot-details response (`GET …/preprodartifacts/snapshots/{id}/`) exactly as the
/// Sentry goldens show it: seven lists and seven counts, `vcs_info` with eight keys,
/// `images` filled only outside diff mode, `changed` by diff descending and the rest by file
/// name, bare objects for missing metadata, pass-through sidecar keys, compact mode.
public enum SnapshotDetails {
  /// The keys compact mode keeps (when present).
  static let compactKeys: Set<String> = ["display_name", "image_file_name", "group", "description"]

  public static func json(_ input: SnapshotDetailsInput, compactMetadata: Bool = false) -> JSONValue {
    json(input, compactMetadata: compactMetadata, parallelFrom: 10_000)
  }

  /// `parallelFrom`: from this many entries the items are built on two threads (tests lower it).
  static func json(_ input: SnapshotDetailsInput, compactMetadata: Bool, parallelFrom: Int) -> JSONValue {
    let artifact = input.artifact
    let diffMode = input.comparison.type == .diff
    var lists: [ImageCategory: [JSONValue]] = [:]
    var counts = CategoryCounts()
    let heads = diffMode ? IndexedManifest(input.manifest) : IndexedManifest(ArtifactManifest(images: []))

    @Sendable func shape(_ object: JSONObject) -> JSONValue {
      guard compactMetadata else { return .object(object) }
      return .object(object.filter { compactKeys.contains($0.key) })
    }
    @Sendable func head(_ name: String, _ entry: ComparisonEntry) -> JSONValue {
      if let image = heads[name: name] { return shape(headObject(image, global: artifact.diffThreshold)) }
      return shape(bareObject(name: name, key: entry.headKey, width: entry.headWidth, height: entry.headHeight))
    }
    @Sendable func base(_ name: String, _ entry: ComparisonEntry) -> JSONValue {
      if let image = input.baseImage(for: entry) { return shape(baseObject(image)) }
      return shape(bareObject(name: name, key: entry.baseKey, width: entry.baseWidth, height: entry.baseHeight))
    }
    @Sendable func pair(base: JSONValue, head: JSONValue, diff: Double?, key: String?) -> JSONValue {
      .object(
        JSONObject(sortedUnique: [
          ("base_image", base), ("diff", .double(diff)), ("diff_image_key", .string(key)), ("head_image", head),
        ]))
    }
    @Sendable func item(_ entry: ComparisonEntry) -> JSONValue {
      let name = entry.imageFileName
      switch entry.category {
      case .added, .unchanged:
        return head(name, entry)
      case .removed, .skipped:
        return base(name, entry)
      case .changed:
        return pair(base: base(name, entry), head: head(name, entry), diff: entry.diff, key: entry.diffImageKey)
      case .renamed:
        return pair(
          base: base(entry.previousImageFileName ?? name, entry), head: head(name, entry), diff: nil, key: nil)
      case .errored:
        return pair(base: base(name, entry), head: head(name, entry), diff: nil, key: nil)
      }
    }

    if diffMode {
      let entries = input.entries
      let sorted = displayPositions(entries)
      // Building the items was about half of this function for 50,000 images (perf,
      // docs/PERFORMANCE.md): large lists are built in two halves on two threads, then
      // appended in order.
      let middle = sorted.count / 2
      let halves = Mutex<[[JSONValue]]>([[], []])
      let inHalves = sorted.count >= parallelFrom
      ParallelWork.forEach(iterations: inHalves ? 2 : 1, maxThreads: 2) { half in
        let range = inHalves ? (half == 0 ? 0..<middle : middle..<sorted.count) : sorted.indices
        var built: [JSONValue] = []
        built.reserveCapacity(range.count)
        for position in range { built.append(item(entries[sorted[position]])) }
        halves.withLock { $0[half] = built }
      }
      let items = halves.withLock { $0[0] + $0[1] }
      for (position, item) in zip(sorted, items) {
        let category = entries[position].category
        counts[category] += 1
        lists[category, default: []].append(item)
      }
    }

    let images: [JSONValue] =
      diffMode
      ? [] : input.manifest.images.map { shape(headObject($0, global: artifact.diffThreshold)) }
    var response: JSONObject = [
      "head_artifact_id": .string(artifact.id),
      "base_artifact_id": .string(input.comparison.baseArtifactId),
      "project_id": .string(artifact.project),
      "app_id": .string(artifact.appId),
      "state": .string(Artifact.state),
      "comparison_type": .string(input.comparison.type.rawValue),
      "comparison_state": .string(input.comparison.state),
      "comparison_error_message": .string(input.comparison.errorMessage),
      "approval_status": .string(input.approval.status?.rawValue),
      "approvers": input.approval.approversJSON,
      "diff_threshold": .double(artifact.diffThreshold),
      "is_selective": .bool(artifact.selective),
      "image_count": .int(artifact.imageCount),
      "images": .array(images),
      "vcs_info": artifact.vcs.apiJSON,
    ]
    for category in ImageCategory.allCases {
      response[category.rawValue] = .array(lists[category] ?? [])
      response[category.rawValue + "_count"] = .int(counts[category])
    }
    return .object(response)
  }

  /// Every list by file name (code point order), except `changed`: diff descending, then name.
  public static func orderedForDisplay(_ entries: [ComparisonEntry]) -> [ComparisonEntry] {
    displayPositions(entries).map { entries[$0] }
  }

  /// The positions of `entries` in display order (`orderedForDisplay` without copying the
  /// entries: copying 50,000 of them, a dozen strings each, was 5% of `show`'s CPU).
  public static func displayPositions(_ entries: [ComparisonEntry]) -> [Int] {
    // Entries are stored sorted by name: group them by category keeping that order, and
    // sort only `changed` by diff.
    let isByName = zip(entries, entries.dropFirst()).allSatisfy {
      CodePoint.precedes($0.imageFileName, $1.imageFileName)
    }
    let byName =
      isByName
      ? Array(entries.indices)
      : entries.indices.sorted { CodePoint.precedes(entries[$0].imageFileName, entries[$1].imageFileName) }
    var buckets: [ImageCategory: [Int]] = [:]
    for position in byName { buckets[entries[position].category, default: []].append(position) }
    var ordered: [Int] = []
    ordered.reserveCapacity(entries.count)
    for category in ImageCategory.allCases {
      var positions = buckets[category] ?? []
      if category == .changed {
        positions.sort { displayOrder(entries[$0], entries[$1]) }
      }
      ordered.append(contentsOf: positions)
    }
    return ordered
  }

  /// Category first (the reviewer's order), then within one list: changed by diff
  /// descending (ties by name), the others by name.
  public static func displayOrder(_ a: ComparisonEntry, _ b: ComparisonEntry) -> Bool {
    if a.category != b.category { return a.category < b.category }
    if a.category == .changed, (a.diff ?? 0) != (b.diff ?? 0) {
      return (a.diff ?? 0) > (b.diff ?? 0)
    }
    return CodePoint.precedes(a.imageFileName, b.imageFileName)
  }

  /// A head image: every metadata key, `diff_threshold` (own, else global), pass-through keys.
  public static func headObject(_ image: SnapshotImage, global: Double?) -> JSONObject {
    imageObject(image, diffThreshold: .double(image.metadata.diffThreshold ?? global))
  }

  /// A base image: like a head image without `diff_threshold`.
  public static func baseObject(_ image: SnapshotImage) -> JSONObject {
    imageObject(image, diffThreshold: nil)
  }

  /// Members written in key order directly (this runs 100,000 times for a large `show`);
  /// pass-through keys are merged in after.
  static func imageObject(_ image: SnapshotImage, diffThreshold: JSONValue?) -> JSONObject {
    let metadata = image.metadata
    var members: [(key: String, value: JSONValue)] = [
      ("canvas_theme", .string(metadata.canvasTheme)), ("description", .string(metadata.description)),
    ]
    members.reserveCapacity(10)
    if let diffThreshold { members.append(("diff_threshold", diffThreshold)) }
    members += [
      ("display_name", .string(metadata.displayName)), ("group", .string(metadata.group)),
      ("height", .int(image.height)), ("image_file_name", .string(image.imageFileName)),
      ("key", .string(image.key)),
      ("tags", metadata.tags.map { .object(JSONObject($0.mapValues(JSONValue.string))) } ?? .null),
      ("width", .int(image.width)),
    ]
    var object = JSONObject(sortedUnique: members)
    // Sidecar keys cannot collide with these (reserved or known keys are not pass-through).
    for (key, value) in metadata.extra where object[key] == nil { object[key] = value }
    return object
  }

  /// The fallback when metadata is missing: the hash (or ""), the file name as display name,
  /// the sizes the comparison recorded (or 0), and no description or tags.
  public static func bareObject(name: String, key: String?, width: Int?, height: Int?) -> JSONObject {
    [
      "key": .string(key ?? ""), "image_file_name": .string(name), "display_name": .string(name),
      "group": .null, "canvas_theme": .null, "width": .int(width ?? 0), "height": .int(height ?? 0),
    ]
  }
}
