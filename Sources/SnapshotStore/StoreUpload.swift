import FoundationEssentials
import ImageCompare
import SnapshotModel
import TextEscaping

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SnapshotStore {
  /// Uploads a directory of PNGs as a new artifact, compares it with its base (if that is
  /// in the store), records whether it needs approval, and compares every earlier head that
  /// was waiting for it. All or nothing: bad input writes nothing, and the artifact appears
  /// in one rename, complete with its comparison.
  public func upload(_ request: UploadRequest) throws(StoreError) -> UploadResult {
    try request.validateOptions()
    // Everything that can be wrong with the input is found before the lock is taken.
    let scanned = try UploadScanner.scan(directory: request.directory, maxImages: request.maxImages)
    if let all = request.allImageFileNames {
      let declared = Set(all)
      if let missing = scanned.first(where: { !declared.contains($0.image.imageFileName) }) {
        throw .invalidUpload(
          path: "--all-image-file-names",
          reason: "does not list \(SafeText.escaped(missing.image.imageFileName)), which was uploaded")
      }
    }
    return try withWriteLock(create: true) { config throws(StoreError) in
      try commitUpload(request, scanned: scanned, config: config)
    }
  }

  private func commitUpload(
    _ request: UploadRequest, scanned: [ScannedImage], config: StoreConfig
  ) throws(StoreError) -> UploadResult {
    let existing = try files.allArtifacts()
    // An upload is the store's big writer: it sweeps every directory, blob shards included.
    try removeStaleTemporaryFiles(everywhere: true)

    // 1. Blobs, each verified against the hash taken while scanning.
    let store = blobs
    var seen = Set<String>()
    let missing = scanned.filter { !store.contains($0.image.key) && seen.insert($0.image.key).inserted }
    // Until the artifact's rename commits it, a failure (a file that changed, a full disk)
    // removes the blobs this upload added: they were absent when it took the lock, so no
    // artifact can name them. (Masks a failed comparison stored are left to `snaprev gc`.)
    var committed = false
    defer {
      if !committed {
        for item in missing { unlink(store.path(item.image.key)) }
      }
    }
    let shards = Set(missing.map { store.shard($0.image.key) })
    for shard in shards.sorted() { try FileSystem.makeDirectories(shard) }
    let directory = request.directory
    try ParallelIO.forEach(missing.count) { index throws(StoreError) in
      let item = missing[index]
      let shown = directory + "/" + item.image.imageFileName
      let bytes = try UploadScanner.readRegularFile(item.source, shown: shown)
      guard BlobStore.key(of: bytes) == item.image.key else {
        throw .invalidUpload(path: shown, reason: "the file changed while it was being uploaded")
      }
      try store.put(bytes, key: item.image.key)
    }
    let shardList = shards.sorted()
    try ParallelIO.forEach(shardList.count) { index throws(StoreError) in
      try FileSystem.syncDirectory(shardList[index])
    }
    let newImages = missing.count

    // 2. The artifact, staged in tmp/ and renamed into artifacts/ once complete.
    let id = String((existing.map(\.number).max() ?? 0) + 1)
    let manifest = ArtifactManifest(
      images: scanned.map(\.image), allImageFileNames: request.allImageFileNames)
    let artifact = Artifact(
      id: id, project: request.project, appId: request.appId,
      buildConfiguration: request.buildConfiguration, vcs: request.vcs, createdAt: now(),
      diffThreshold: request.diffThreshold, selective: request.selective,
      imageCount: manifest.images.count)
    let all = existing + [artifact]
    var cache = ManifestCache(files: files)
    cache.manifests[id] = manifest

    let staging = files.temporaryDirectory + "/upload-\(id)-\(getpid())"
    try FileSystem.makeDirectories(staging)
    try files.write(artifact.storeJSON, to: staging + "/artifact.json")
    try files.write(manifest.storeJSON, to: staging + "/images.json")
    if let base = BaseSelection.base(for: artifact, among: existing) {
      let outcome = try compare(
        head: artifact, base: base, artifacts: all, number: 1, history: [],
        rules: config.rules(for: artifact.project), cache: &cache)
      try files.writeComparison(outcome.record, entries: outcome.entries, in: staging)
      if !outcome.approvals.isEmpty { try files.writeApprovals(outcome.approvals, in: staging) }
    }
    try FileSystem.syncDirectory(staging)
    try FileSystem.renameDirectory(staging, to: files.artifactDirectory(id))
    committed = true
    try FileSystem.syncDirectory(files.artifactsDirectory)

    // 3. Heads that were waiting for this build (or, after a crash, for any base now present).
    var compared: [String] = []
    for head in existing where try needsComparison(head, newBase: artifact, among: all, cache: &cache) {
      compared.append(head.id)
    }
    return UploadResult(
      artifactId: id, imageCount: manifest.images.count,
      summary: try summary(of: artifact, among: { all }), comparedHeadIds: compared,
      newImageCount: newImages)
  }

  /// Compares `head` now if it has no successful comparison and its base exists: when the
  /// base is `newBase`, when it was never compared, or when a pending comparison's missing
  /// ancestor has arrived. Returns whether a comparison was written.
  private func needsComparison(
    _ head: Artifact, newBase: Artifact, among all: [Artifact], cache: inout ManifestCache
  ) throws(StoreError) -> Bool {
    guard head.vcs.baseSha != nil, let base = BaseSelection.base(for: head, among: all) else { return false }
    let records = try files.comparisons(head.id)
    if records.contains(where: { $0.state == .success }) { return false }
    let newest = records.max { $0.number < $1.number }
    guard base.id == newBase.id || newest == nil || newest?.state == .pending else { return false }
    let history = try files.approvals(head.id)
    let config = try files.config() ?? StoreConfig()
    let number = try files.nextComparisonNumber(head.id)
    let outcome = try compare(
      head: head, base: base, artifacts: all, number: number, history: history,
      rules: config.rules(for: head.project), cache: &cache)
    // A still-incomplete chain is already recorded as pending; do not pile up rows.
    if outcome.record.state == .pending && newest?.state == .pending { return false }
    try files.writeComparison(outcome.record, entries: outcome.entries, in: files.artifactDirectory(head.id))
    if outcome.approvals.count > history.count {
      try files.writeApprovals(outcome.approvals, in: files.artifactDirectory(head.id))
    }
    return true
  }

  struct ComparisonOutcome {
    var record: ComparisonRecord
    var entries: [ComparisonEntry]
    /// The whole approval history after the comparison (unchanged if nothing was added).
    var approvals: [ApprovalRecord]
  }

  /// One comparison of `head` with `base`: rebuild a selective base, categorize, diff two
  /// pairs at a time, then decide auto-approval or whether approval is needed.
  func compare(
    head: Artifact, base: Artifact, artifacts: [Artifact], number: Int, history: [ApprovalRecord],
    rules: ApprovalRules, cache: inout ManifestCache
  ) throws(StoreError) -> ComparisonOutcome {
    let started = now()
    let (chain, ancestorMissing) = BaseSelection.chain(from: base, among: artifacts)
    var chainManifests: [String: ArtifactManifest] = [:]
    for artifact in chain { chainManifests[artifact.id] = try cache.manifest(artifact.id) }
    let headManifest = try cache.manifest(head.id)
    func record(_ state: ComparisonRecordState, _ message: String? = nil, _ counts: CategoryCounts = .init())
      -> ComparisonRecord
    {
      ComparisonRecord(
        number: number, headArtifactId: head.id, baseArtifactId: base.id, state: state,
        errorMessage: message, createdAt: started, algorithm: differ.algorithm, counts: counts)
    }
    switch BaseSelection.reconstruct(chain: chain, ancestorMissing: ancestorMissing, manifests: chainManifests) {
    case .incomplete:
      return ComparisonOutcome(record: record(.pending), entries: [], approvals: history)
    case .unresolvable(let message):
      return ComparisonOutcome(record: record(.failed, message), entries: [], approvals: history)
    case .complete(let baseSet):
      let plan = Categorizer.plan(head: HeadImageSet(headManifest, artifact: head), base: baseSet)
      let outcomes = try PixelDiffRunner.run(plan.candidates, storeMasks: true, differ: differ)
      let entries = Categorizer.assemble(plan, outcomes: outcomes)
      let counts = CategoryCounts(entries)
      let approvals = try approvalsAfterSuccess(
        head: head, headManifest: headManifest, entries: entries, counts: counts, history: history,
        rules: rules, artifacts: artifacts, cache: &cache)
      return ComparisonOutcome(record: record(.success, nil, counts), entries: entries, approvals: approvals)
    }
  }

  /// After a successful comparison: auto-approve when a human-approved sibling had the
  /// same changes, else ask for approval when the rules say so (and nothing is approved).
  private func approvalsAfterSuccess(
    head: Artifact, headManifest: ArtifactManifest, entries: [ComparisonEntry], counts: CategoryCounts,
    history: [ApprovalRecord], rules: ApprovalRules, artifacts: [Artifact], cache: inout ManifestCache
  ) throws(StoreError) -> [ApprovalRecord] {
    let state = ApprovalState(records: history)
    if state.isApproved || state.status == .requiresApproval { return history }
    let nextId = (history.map(\.id).max() ?? 0) + 1
    if let record = try autoApproval(
      head: head, headManifest: headManifest, entries: entries, artifacts: artifacts, id: nextId,
      cache: &cache)
    {
      return history + [record]
    }
    if rules.requireApproval(counts) {
      return history + [ApprovalRecord(id: nextId, kind: .needsApproval, createdAt: now())]
    }
    return history
  }

  private func autoApproval(
    head: Artifact, headManifest: ArtifactManifest, entries: [ComparisonEntry], artifacts: [Artifact],
    id: Int, cache: inout ManifestCache
  ) throws(StoreError) -> ApprovalRecord? {
    let headPrints = AutoApproval.fingerprints(entries)
    guard !headPrints.isEmpty, let pr = head.vcs.prNumber, let repo = head.vcs.headRepoName else { return nil }
    // Read approvals and comparisons only for builds of the same PR.
    var approvals: [String: ApprovalState] = [:]
    var successes: [String: ComparisonRecord] = [:]
    for candidate in artifacts
    where candidate.id != head.id && candidate.vcs.prNumber == pr && candidate.vcs.headRepoName == repo {
      approvals[candidate.id] = ApprovalState(records: try files.approvals(candidate.id))
      successes[candidate.id] = try files.comparisons(candidate.id).filter { $0.state == .success }
        .max { $0.number < $1.number }
    }
    guard
      let sibling = AutoApproval.sibling(
        of: head, among: artifacts, approvals: { approvals[$0] ?? ApprovalState(records: []) },
        hasSuccess: { successes[$0] != nil }),
      let siblingRecord = successes[sibling.id]
    else { return nil }
    let siblingPrints = AutoApproval.fingerprints(
      try files.comparisonEntries(sibling.id, siblingRecord.number))
    var evidence: [String: Bool] = [:]
    if let differences = AutoApproval.hashOnlyDifferences(head: headPrints, sibling: siblingPrints),
      !differences.isEmpty
    {
      let siblingByKey = Dictionary(
        try cache.manifest(sibling.id).images.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
      let headImages = headManifest.byName
      var candidates: [DiffCandidate] = []
      for difference in differences {
        guard let mine = headImages[difference.name], let theirs = siblingByKey[difference.siblingHash] else {
          continue
        }
        candidates.append(
          DiffCandidate(
            imageFileName: difference.name, headKey: mine.key, baseKey: theirs.key, headWidth: mine.width,
            headHeight: mine.height, baseWidth: theirs.width, baseHeight: theirs.height,
            threshold: mine.effectiveThreshold(global: head.diffThreshold)))
      }
      let outcomes = try PixelDiffRunner.run(candidates, storeMasks: false, differ: differ)
      for candidate in candidates {
        if case .measured(let changed, let total, _) = outcomes[candidate.imageFileName] {
          let ratio = total > 0 ? Double(changed) / Double(total) : 0
          evidence[candidate.imageFileName] = ratio <= candidate.threshold
        }
      }
    }
    guard case .approved = AutoApproval.decide(head: headPrints, sibling: siblingPrints, evidence: evidence)
    else { return nil }
    return ApprovalRecord(
      id: id, kind: .approved, createdAt: now(), auto: true, previousApprovedArtifactId: sibling.id)
  }
}

/// Manifests read during one write, so a base is parsed once however many heads use it.
struct ManifestCache {
  let files: StoreFiles
  var manifests: [String: ArtifactManifest] = [:]

  init(files: StoreFiles) {
    self.files = files
  }

  mutating func manifest(_ id: String) throws(StoreError) -> ArtifactManifest {
    if let cached = manifests[id] { return cached }
    let manifest = try files.manifest(id)
    manifests[id] = manifest
    return manifest
  }
}
