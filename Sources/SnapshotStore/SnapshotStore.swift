import DiffCore
import FoundationEssentials
import ImageCompare
import JSONCore
import SnapshotModel
import Synchronization
import WorkThreads

/// Which base images `snapshotDetailsInput` reads the metadata of.
public enum BaseMetadata: Sendable {
  /// All of them (the reviewer shows the base of unchanged images too).
  case all
  /// Those the details response prints it for: the base side of changed, removed, renamed,
  /// skipped and errored images (unchanged and added ones print their head only).
  case response
}

/// The three large files of `snapshotDetailsInput`, read on two threads.
private struct DetailsReads: Sendable {
  var manifest: Result<ArtifactManifest, StoreError>? = nil
  var entries: Result<[ComparisonEntry], StoreError>? = nil
  var base: Result<IndexedManifest?, StoreError>? = nil
  /// With `.response`: the base names the response prints, from the entries.
  var printedBaseNames: Set<String>? = nil
}

/// The version written into every store file (`"version"`). Readers refuse other versions.
public enum StoreFormat {
  public static let version = 1
}

/// The local snapshot store (docs/STORE.md): open one with `SnapshotStore(root:)`, read
/// artifacts, their categorized images and image bytes, upload, approve, and keep review
/// marks. Readers take no lock; writers hold the store's exclusive lock for the whole
/// operation, and every file is replaced atomically.
public struct SnapshotStore: Sendable {
  public let root: String
  /// The clock (tests inject one to cross the 600 s grace period).
  public var now: @Sendable () -> Date
  /// The pixel comparison (tests inject a fake).
  public var differ: PixelDiffer<StoreError>

  let files: StoreFiles
  let blobs: BlobStore

  public static let defaultDirectoryName = ".snaprev"

  /// Does not touch the disk; reading an absent store fails with `StoreError.noStore`.
  public init(
    root: String, now: @escaping @Sendable () -> Date = { Date() }, differ: PixelDiffer<StoreError>? = nil
  ) {
    let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    self.root = trimmed
    self.now = now
    files = StoreFiles(root: trimmed)
    blobs = BlobStore(directory: files.imagesDirectory)
    self.differ = differ ?? PixelDiffer.pixelmatch(blobs: blobs)
  }

  /// `--store DIR`, else `$SNAPREV_STORE`, else `.snaprev` in the working directory.
  public static func resolveRoot(
    flag: String?, environment: [String: String], currentDirectory: String
  ) -> String {
    if let flag, !flag.isEmpty { return flag }
    if let variable = environment["SNAPREV_STORE"], !variable.isEmpty { return variable }
    return currentDirectory + "/" + defaultDirectoryName
  }

  /// Whether a store exists here (its store.json does).
  public var exists: Bool { FileSystem.exists(files.configPath) }

  public func config() throws(StoreError) -> StoreConfig {
    try files.requireStore()
  }

  // MARK: - Reading

  /// Every artifact, oldest first.
  public func summaries() throws(StoreError) -> [ArtifactSummary] {
    _ = try files.requireStore()
    let artifacts = try files.allArtifacts()
    var summaries: [ArtifactSummary] = []
    for artifact in artifacts {
      summaries.append(try summary(of: artifact, among: { artifacts }))
    }
    return summaries
  }

  public func summary(of id: String) throws(StoreError) -> ArtifactSummary {
    _ = try files.requireStore()
    let artifact = try files.artifact(id)
    return try summary(of: artifact, among: { () throws(StoreError) in try files.allArtifacts() })
  }

  /// `among` is only called when needed (an artifact waiting for its base).
  func summary(
    of artifact: Artifact, among: () throws(StoreError) -> [Artifact]
  ) throws(StoreError) -> ArtifactSummary {
    let records = try files.comparisons(artifact.id)
    var baseExists = false
    if records.isEmpty && artifact.vcs.baseSha != nil {
      baseExists = BaseSelection.base(for: artifact, among: try among()) != nil
    }
    let status = ComparisonStatus(artifact: artifact, records: records, baseExists: baseExists, now: now())
    return ArtifactSummary(
      artifact: artifact, comparison: status, counts: status.shown?.counts,
      approval: ApprovalState(records: try files.approvals(artifact.id)))
  }

  /// What `snaprev show` prints, as a value. `baseMetadata`: `.response` reads the base's
  /// metadata only of the images the response prints it for (see `BaseMetadata`).
  public func snapshotDetailsInput(
    of id: String, baseMetadata: BaseMetadata = .all
  ) throws(StoreError) -> SnapshotDetailsInput {
    let summary = try summary(of: id)
    let shown = summary.comparison.shown
    // The head's manifest, the comparison's entries and the base's manifest are 17-19 MB each
    // for 50,000 images, and parsing them was 40% of the CPU of `show` and of the server's
    // details (perf, docs/PERFORMANCE.md): they are read on two threads. With `.response`
    // the base is read after the entries on the same thread, since the entries say which of
    // its images are needed. Errors are thrown in the order the reads had one after the
    // other, so they do not depend on timing.
    let files = self.files
    let read = Mutex(DetailsReads())
    let jobs = shown == nil ? 1 : baseMetadata == .all ? 3 : 2
    ParallelWork.forEach(iterations: jobs, maxThreads: 2) { job in
      switch job {
      case 0:
        let manifest = Result { () throws(StoreError) in try files.manifest(id) }
        read.withLock { $0.manifest = manifest }
      case 1:
        guard let shown else { return }
        let entries = Result { () throws(StoreError) in try files.comparisonEntries(id, shown.number) }
        read.withLock { $0.entries = entries }
        if baseMetadata == .response, let listed = try? entries.get() {
          let names = SnapshotDetailsInput.baseNamesPrinted(listed)
          read.withLock { $0.printedBaseNames = names }
          let base = Result { () throws(StoreError) in
            try files.manifest(shown.baseArtifactId, keeping: names).map(IndexedManifest.init)
          }
          read.withLock { $0.base = base }
        }
      default:
        guard let shown else { return }
        let base = Result { () throws(StoreError) in try Self.baseImages(shown.baseArtifactId, files: files) }
        read.withLock { $0.base = base }
      }
    }
    let reads = read.withLock { $0 }
    guard let manifestRead = reads.manifest else {
      throw .corruptFile(path: files.manifestPath(id), reason: "internal error: not read")
    }
    let manifest = try manifestRead.get()
    var entries: [ComparisonEntry] = []
    var baseImages: [String: IndexedManifest] = [:]
    if let shown {
      entries = try reads.entries?.get() ?? []
      let names = reads.printedBaseNames
      var needed = Set([shown.baseArtifactId])
      for entry in entries { if let origin = entry.baseArtifactId { needed.insert(origin) } }
      for artifactId in needed.sorted() {
        let images =
          try artifactId == shown.baseArtifactId
          ? reads.base?.get() : Self.baseImages(artifactId, files: files, keeping: names)
        if let images { baseImages[artifactId] = images }
      }
    }
    return SnapshotDetailsInput(
      artifact: summary.artifact, manifest: manifest, comparison: summary.comparison, entries: entries,
      baseImages: baseImages, approval: summary.approval)
  }

  /// A base's images by name, nil when its manifest is gone: a base that vanished shows bare
  /// base objects, as Sentry does for missing metadata; corrupt files still fail loudly.
  /// `keeping`: only these images (nil: all).
  static func baseImages(
    _ artifactId: String, files: StoreFiles, keeping names: Set<String>? = nil
  ) throws(StoreError) -> IndexedManifest? {
    if let names { return try files.manifest(artifactId, keeping: names).map(IndexedManifest.init) }
    guard FileSystem.exists(files.manifestPath(artifactId)) else { return nil }
    return IndexedManifest(try files.manifest(artifactId))
  }

  /// The snapshot-details response (`snaprev show`).
  public func snapshotDetails(of id: String, compactMetadata: Bool = false) throws(StoreError) -> JSONValue {
    SnapshotDetails.json(try snapshotDetailsInput(of: id, baseMetadata: .response), compactMetadata: compactMetadata)
  }

  /// Every image of an artifact, categorized, for the reviewer.
  public func details(of id: String) throws(StoreError) -> ArtifactDetails {
    let input = try snapshotDetailsInput(of: id)
    let summary = ArtifactSummary(
      artifact: input.artifact, comparison: input.comparison, counts: input.comparison.shown?.counts,
      approval: input.approval)
    guard input.comparison.type == .diff else {
      let items = input.manifest.images.map { image in
        ReviewItem(
          category: nil, imageFileName: image.imageFileName, head: image, headKey: image.key,
          headSize: ImageSize(width: image.width, height: image.height))
      }
      return ArtifactDetails(summary: summary, items: items, comparisonRecord: nil)
    }
    let heads = IndexedManifest(input.manifest)
    let items = SnapshotDetails.displayPositions(input.entries).map { position -> ReviewItem in
      let entry = input.entries[position]
      let head = entry.category == .removed || entry.category == .skipped ? nil : heads[name: entry.imageFileName]
      let base = entry.category == .added ? nil : input.baseImage(for: entry)
      return ReviewItem(
        category: entry.category, imageFileName: entry.imageFileName,
        previousImageFileName: entry.previousImageFileName, head: head, base: base,
        headKey: entry.headKey ?? head?.key, baseKey: entry.baseKey ?? base?.key,
        headSize: size(entry.headWidth, entry.headHeight) ?? head.map { ImageSize(width: $0.width, height: $0.height) },
        baseSize: size(entry.baseWidth, entry.baseHeight) ?? base.map { ImageSize(width: $0.width, height: $0.height) },
        diff: entry.diff, diffImageKey: entry.diffImageKey, erroredReason: entry.reason)
    }
    return ArtifactDetails(summary: summary, items: items, comparisonRecord: input.comparison.shown)
  }

  private func size(_ width: Int?, _ height: Int?) -> ImageSize? {
    guard let width, let height else { return nil }
    return ImageSize(width: width, height: height)
  }

  /// The bytes of a stored image or diff mask.
  public func imageData(key: String) throws(StoreError) -> [UInt8] {
    guard BlobStore.isValidKey(key) else { throw .invalidKey(key) }
    _ = try files.requireStore()
    guard let bytes = try blobs.read(key) else { throw .unknownImage(key: key) }
    return bytes
  }

  /// The path of a stored image (for tools that want a file).
  public func imagePath(key: String) -> String? {
    BlobStore.isValidKey(key) && blobs.contains(key) ? blobs.path(key) : nil
  }

  // MARK: - Writing

  /// Runs `body` holding the store's exclusive lock. `create` makes the store first.
  func withWriteLock<T>(
    create: Bool, _ body: (StoreConfig) throws(StoreError) -> T
  ) throws(StoreError) -> T {
    if create {
      try FileSystem.makeDirectories(root)
    } else {
      _ = try files.requireStore()
    }
    let lock = try StoreLock(path: files.lockPath)
    defer { withExtendedLifetime(lock) {} }
    // Read under the lock: another writer may have created or changed it meanwhile.
    let config: StoreConfig
    if let existing = try files.config() {
      config = existing
    } else {
      config = StoreConfig()
      try FileSystem.makeDirectories(files.imagesDirectory)
      try files.write(config.json, to: files.configPath)
    }
    // Whatever is in tmp/ belongs to a writer that died: we hold the lock. So do temporary
    // files beside store.json; the body sweeps the other directories it writes to.
    FileSystem.removeTree(files.temporaryDirectory)
    try removeStaleTemporaryFiles(everywhere: false)
    try FileSystem.makeDirectories(files.temporaryDirectory)
    try FileSystem.makeDirectories(files.artifactsDirectory)
    return try body(config)
  }

  /// Sets the approval rules of the store (`project` nil) or of one project.
  public func setRules(_ rules: ApprovalRules, project: String? = nil) throws(StoreError) {
    try withWriteLock(create: true) { config throws(StoreError) in
      var updated = config
      if let project { updated.projectRules[project] = rules } else { updated.rules = rules }
      try files.write(updated.json, to: files.configPath)
    }
  }
}
