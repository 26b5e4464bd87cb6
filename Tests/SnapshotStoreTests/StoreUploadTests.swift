import DiffCore
import Foundation
import PNGCodec
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore
import JSONCore

/// A hand-built base and head with sidecars, through the real store and pixel diff.
@Suite struct StoreUploadTests {
  /// PNG bytes whose header is fine but whose pixel data is damaged (IDAT CRC broken).
  static func damagedPNG() throws -> [UInt8] {
    try PNGFixtures.undecodable(width: 8, height: 8, gray: 10, mark: 3)
  }

  /// base: same, changed, noise, removed, old_name, broken, grown
  /// head: same, changed (+sidecar), noise (within its threshold), added, new_name (= old_name), broken (damaged), grown (taller)
  static func makePair(in directory: TemporaryDirectory) throws -> (base: String, head: String) {
    let base = directory.sub("base")
    let head = directory.sub("head")
    let plain = try PNGFixtures.png(gray: 200)
    try TestImages.write(plain, to: base + "/same.png")
    try TestImages.write(plain, to: head + "/same.png")
    try TestImages.write(try PNGFixtures.png(gray: 120), to: base + "/screens/changed.png")
    try TestImages.write(try PNGFixtures.png(gray: 120, mark: 5), to: head + "/screens/changed.png")
    try TestImages.write(
      #"{"display_name": "Changed screen", "group": "Settings", "tags": ["ios", "dark"], "custom_extra": {"k": 1}, "canvas_theme": "dark"}"#,
      to: head + "/screens/changed.json")
    try TestImages.write(try PNGFixtures.png(gray: 90), to: base + "/noise.png")
    try TestImages.write(try PNGFixtures.png(gray: 90, mark: 1), to: head + "/noise.png")
    try TestImages.write(#"{"diff_threshold": 0.05}"#, to: head + "/noise.json")
    try TestImages.write(try PNGFixtures.png(gray: 30), to: base + "/removed.png")
    try TestImages.write(try PNGFixtures.png(gray: 60), to: base + "/old_name.png")
    try TestImages.write(try PNGFixtures.png(gray: 60), to: head + "/new_name.png")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: base + "/broken.png")
    try TestImages.write(try damagedPNG(), to: head + "/broken.png")
    try TestImages.write(try PNGFixtures.png(width: 8, height: 8, gray: 70), to: base + "/grown.png")
    try TestImages.write(try PNGFixtures.png(width: 8, height: 10, gray: 70), to: head + "/grown.png")
    try TestImages.write(try PNGFixtures.png(gray: 240), to: head + "/added.png")
    return (base, head)
  }

  static func request(_ directory: String, head: String, base: String?) -> UploadRequest {
    UploadRequest(
      directory: directory, appId: "com.example.app", buildConfiguration: "Debug",
      vcs: VCSInfo(headSha: head, baseSha: base, headRef: "feature", baseRef: "main", headRepoName: "org/app", prNumber: 42))
  }

  @Test func uploadsComparesAndCategorizesEveryImage() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))

    let base = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    #expect(base.artifactId == "1")
    #expect(base.summary.comparison.type == .solo)
    #expect(base.summary.comparison.state == nil)
    let head = try store.upload(Self.request(headDir, head: "bbb", base: "aaa"))
    #expect(head.artifactId == "2")
    #expect(head.imageCount == 7)
    #expect(head.summary.comparison.state == "success")
    #expect(head.summary.comparison.baseArtifactId == "1")

    let details = try store.details(of: "2")
    let categories = Dictionary(uniqueKeysWithValues: details.items.map { ($0.imageFileName, $0.category) })
    #expect(
      categories == [
        "same.png": .unchanged, "screens/changed.png": .changed, "noise.png": .unchanged,
        "removed.png": .removed, "new_name.png": .renamed, "broken.png": .errored, "grown.png": .changed,
        "added.png": .added,
      ])
    let counts = try #require(details.summary.counts)
    #expect(counts.changed == 2 && counts.added == 1 && counts.removed == 1 && counts.renamed == 1)
    #expect(counts.unchanged == 2 && counts.errored == 1 && counts.skipped == 0)

    let items = Dictionary(uniqueKeysWithValues: details.items.map { ($0.imageFileName, $0) })
    let changed = try #require(items["screens/changed.png"])
    #expect(changed.diff == 1.0 / 64.0)
    #expect(changed.head?.metadata.displayName == "Changed screen")
    #expect(changed.head?.metadata.group == "Settings")
    #expect(changed.head?.metadata.tags == ["ios": "ios", "dark": "dark"])
    #expect(changed.head?.metadata.extra == ["custom_extra": .object(["k": .int(1)])])
    #expect(items["broken.png"]?.erroredReason == .imageProcessingFailed)
    #expect(items["new_name.png"]?.previousImageFileName == "old_name.png")
    // Padded canvas 8×10: the two new rows are transparent on the base side.
    #expect(items["grown.png"]?.diff == 16.0 / 80.0)
    #expect(details.items.first?.imageFileName == "grown.png", "changed comes first, largest diff first")

    // The mask is a canvas-sized gray PNG, 255 where changed, stored under diff_image_key.
    let maskKey = try #require(changed.diffImageKey)
    let mask = try PNGCodec.decode(try store.imageData(key: maskKey), source: "mask")
    #expect(mask.width == 8 && mask.height == 8)
    let changedPixels = stride(from: 0, to: mask.pixels.count, by: 4).filter { mask.pixels[$0] == 255 }.count
    #expect(changedPixels == 1)
    #expect(try store.imageData(key: try #require(changed.headKey)) == (try PNGFixtures.png(gray: 120, mark: 5)))

    // Changes match the default rules (changed, removed): approval is required.
    #expect(details.summary.approval.status == .requiresApproval)
    #expect(details.summary.gate == .requiresApproval)
  }

  @Test func showPrintsTheContractShapeForARealComparison() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    var request = Self.request(headDir, head: "bbb", base: "aaa")
    request.diffThreshold = 0.01
    _ = try store.upload(request)

    let shown = try store.snapshotDetails(of: "2")
    let golden = try GoldenTests.golden("snapshot_diff.json")
    #expect(Set(try #require(shown.objectValue).keys) == Set(try #require(golden.objectValue).keys))
    #expect(shown["images"] == .array([]))
    #expect(shown["image_count"] == .int(7))
    #expect(shown["state"] == .string("UPLOADED"))
    #expect(shown["vcs_info"]?["pr_number"] == .int(42))
    #expect(Set(try #require(shown["vcs_info"]?.objectValue).keys) == Set(try #require(golden["vcs_info"]?.objectValue).keys))
    let changed = try #require(shown["changed"]?.arrayValue?.first { $0["head_image"]?["image_file_name"] == .string("screens/changed.png") })
    #expect(changed["diff"] == .double(1.0 / 64.0))
    #expect(changed["head_image"]?["diff_threshold"] == .double(0.01))
    #expect(changed["head_image"]?["custom_extra"] == .object(["k": .int(1)]))
    #expect(changed["base_image"]?["diff_threshold"] == nil)
    let renamed = try #require(shown["renamed"]?.arrayValue?.first)
    #expect(renamed["base_image"]?["image_file_name"] == .string("old_name.png"))
    #expect(renamed["diff"] == .null)
    let errored = try #require(shown["errored"]?.arrayValue?.first)
    #expect(errored["diff"] == .null && errored["diff_image_key"] == .null)

    // Solo: the base itself has every image in `images` and empty lists.
    let solo = try store.snapshotDetails(of: "1")
    #expect(solo["comparison_type"] == .string("solo"))
    #expect(solo["images"]?.arrayValue?.count == 7)
    #expect(solo["changed_count"] == .int(0))
  }

  @Test func aBaseUploadedLaterComparesTheWaitingHead() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let clock = TestClock()
    let store = SnapshotStore.testStore(directory.sub("store"), clock: clock)

    let head = try store.upload(Self.request(headDir, head: "bbb", base: "aaa"))
    #expect(head.summary.comparison.type == .waitingForBase)
    #expect(head.summary.comparison.state == "waiting_for_base")
    #expect(head.summary.gate.exitCode == 4)
    let waiting = try store.snapshotDetails(of: head.artifactId)
    #expect(waiting["comparison_type"] == .string("waiting_for_base"))
    #expect(waiting["images"]?.arrayValue?.count == 7)

    clock.advance(601)
    let late = try store.summary(of: head.artifactId)
    #expect(late.comparison.state == "no_base_build")
    #expect(late.comparison.type == .waitingForBase)
    #expect(late.gate.exitCode == 3)

    let base = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    #expect(base.comparedHeadIds == [head.artifactId])
    let compared = try store.summary(of: head.artifactId)
    #expect(compared.comparison.state == "success")
    #expect(compared.comparison.baseArtifactId == base.artifactId)
    #expect(compared.approval.status == .requiresApproval)
  }

  @Test func approvalRecordsWhoApprovedAndKeepsHistoryAcrossUndo() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    _ = try store.upload(Self.request(headDir, head: "bbb", base: "aaa"))

    guard case .approved(let record) = try store.approve(id: "2", reviewer: alice) else {
      Issue.record("first approval must be recorded")
      return
    }
    #expect(record.reviewer == alice)
    #expect(try store.approve(id: "2", reviewer: bob) == .alreadyApproved)
    let approved = try store.summary(of: "2")
    #expect(approved.approval.status == .approved)
    #expect(approved.approval.approvals.map(\.reviewer) == [alice])
    #expect(approved.gate.exitCode == 0)
    let approvers = try #require(try store.snapshotDetails(of: "2")["approvers"]?.arrayValue)
    #expect(approvers.count == 1)
    #expect(approvers.first?["username"] == .string("alice"))
    #expect(approvers.first?["identified_by"] == .string("reviewer_flag"))

    let revocation = try store.unapprove(id: "2", reviewer: bob)
    #expect(revocation.revokes == [record.id])
    let revoked = try store.summary(of: "2")
    #expect(revoked.approval.status == .requiresApproval)
    #expect(revoked.approval.approvals.isEmpty)
    #expect(try store.approvalHistory(id: "2").map(\.kind) == [.needsApproval, .approved, .revoked])
    #expect(throws: StoreError.notApproved(id: "2")) { try store.unapprove(id: "2", reviewer: bob) }
  }

  /// An SSH key's reviewer round-trips with its fingerprint; the other sources' records are
  /// written without the key, byte for byte as before.
  @Test func anSSHKeysReviewerIsRecordedWithTheFingerprint() throws {
    let resolved = Reviewer.resolve(
      flag: "Ann B", key: "SHA256:abc", environment: ["SNAPREV_REVIEWER": "x"], osUser: ("root", nil))
    #expect(resolved == Reviewer(name: "Ann B", username: "Ann B", source: .sshKey, key: "SHA256:abc"))
    #expect(Reviewer.resolve(flag: "Ann B", key: " ", environment: [:], osUser: ("root", nil)).source == .flag)
    #expect(Reviewer.resolve(flag: nil, key: "SHA256:abc", environment: [:], osUser: ("root", nil)).source == .osUser)

    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    _ = try store.upload(Self.request(headDir, head: "bbb", base: "aaa"))
    _ = try store.approve(id: "2", reviewer: resolved)
    #expect(try store.approvalHistory(id: "2").last?.reviewer == resolved)
    let approvers = try #require(try store.snapshotDetails(of: "2")["approvers"]?.arrayValue)
    #expect(approvers.first?["identified_by"] == .string("ssh_key"))
    #expect(approvers.first?["key_fingerprint"] == .string("SHA256:abc"))
    _ = try store.unapprove(id: "2", reviewer: bob)
    let file = try String(contentsOfFile: directory.sub("store/artifacts/2/approvals.json"), encoding: .utf8)
    #expect(file.components(separatedBy: "key_fingerprint").count == 2, "only the SSH record carries a key")
  }

  @Test func approvingWithoutAComparisonNeedsForce() throws {
    let directory = try TemporaryDirectory()
    let (_, headDir) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(Self.request(headDir, head: "bbb", base: "missing"))
    #expect(throws: StoreError.approvalNeedsForce(id: "1", state: "waiting_for_base")) {
      try store.approve(id: "1", reviewer: alice)
    }
    guard case .approved(let record) = try store.approve(id: "1", reviewer: alice, force: true) else {
      Issue.record("force approval must be recorded")
      return
    }
    #expect(record.force)
    #expect(try store.summary(of: "1").gate == .passes("approved"))
  }

  @Test func reviewMarksArePerReviewerAndSurviveANewSession() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, _) = try Self.makePair(in: directory)
    let root = directory.sub("store")
    let store = SnapshotStore.testStore(root)
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    try store.markReviewed(artifact: "1", imageFileName: "same.png", reviewer: alice)
    try store.markReviewed(artifact: "1", imageFileName: "screens/changed.png", reviewer: alice)
    try store.markReviewed(artifact: "1", imageFileName: "noise.png", reviewer: bob)
    try store.unmark(artifact: "1", imageFileName: "same.png", reviewer: alice)

    let later = SnapshotStore(root: root)
    #expect(try later.reviewedImages(artifact: "1", reviewer: alice) == ["screens/changed.png"])
    #expect(try later.reviewedImages(artifact: "1", reviewer: bob) == ["noise.png"])
    let odd = Reviewer(name: "../evil/x", username: "../evil\u{1B}/x", source: .flag)
    try later.markReviewed(artifact: "1", imageFileName: "same.png", reviewer: odd)
    #expect(try later.reviewedImages(artifact: "1", reviewer: odd) == ["same.png"])
    #expect(FileManager.default.fileExists(atPath: root + "/artifacts/1/reviews/%2E.%2Fevil%1B%2Fx.json"))
    #expect(throws: StoreError.unknownArtifact(id: "9")) {
      try later.markReviewed(artifact: "9", imageFileName: "same.png", reviewer: alice)
    }
  }

  @Test func marksFromTenThreadsAtOnceAllLand() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, _) = try Self.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    let names = (0..<10).map { "screen-\($0).png" }
    // Each writer opens its own lock file description, so flock serializes threads too.
    try ParallelIO.forEach(names.count, width: names.count) { index throws(StoreError) in
      try store.markReviewed(artifact: "1", imageFileName: names[index], reviewer: alice)
    }
    #expect(try store.reviewedImages(artifact: "1", reviewer: alice) == Set(names))
  }

  @Test func storeFilesAreVersionedSortedJSON() throws {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try Self.makePair(in: directory)
    let root = directory.sub("store")
    let store = SnapshotStore.testStore(root)
    _ = try store.upload(Self.request(baseDir, head: "aaa", base: nil))
    _ = try store.upload(Self.request(headDir, head: "bbb", base: "aaa"))
    for file in [
      "store.json", "artifacts/2/artifact.json", "artifacts/2/images.json", "artifacts/2/comparison-1.json",
      "artifacts/2/comparison-1-images.json", "artifacts/2/approvals.json",
    ] {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: root + "/" + file)))
      let value = try JSONParser.parse(bytes, options: .store)
      #expect(value["version"] == .int(1), "\(file)")
      #expect(value["format"]?.stringValue?.hasPrefix("snaprev-") == true, "\(file)")
      #expect(JSONWriter.bytes(value, style: .storePretty) == bytes, "\(file) is written sorted and pretty")
    }
  }
}

/// Approval rules are settable for the store and per project.
@Suite struct StoreRulesTests {
  @Test func projectRulesDecideWhetherChangesNeedApproval() throws {
    let directory = try TemporaryDirectory()
    let store = SnapshotStore.testStore(directory.sub("store"))
    let base = directory.sub("base")
    let head = directory.sub("head")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: base + "/a.png")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: head + "/a.png")
    try TestImages.write(try PNGFixtures.png(gray: 99), to: head + "/new.png")
    func upload(_ folder: String, project: String, head: String, base: String?) throws -> UploadResult {
      try store.upload(UploadRequest(directory: folder, project: project, vcs: VCSInfo(headSha: head, baseSha: base)))
    }
    // Defaults: an added image needs no approval.
    _ = try upload(base, project: "ios", head: "b1", base: nil)
    #expect(try upload(head, project: "ios", head: "h1", base: "b1").summary.approval.status == nil)

    try store.setRules(ApprovalRules(failOnAdded: true), project: "ios")
    #expect(try store.config().rules(for: "ios").failOnAdded)
    #expect(try store.config().rules(for: "android") == ApprovalRules())
    let strict = try upload(head, project: "ios", head: "h2", base: "b1")
    #expect(strict.summary.approval.status == .requiresApproval)
    #expect(strict.summary.counts?.added == 1)

    // Another project keeps the store's rules; turning approval off applies everywhere else.
    _ = try upload(base, project: "android", head: "b1", base: nil)
    #expect(try upload(head, project: "android", head: "h3", base: "b1").summary.approval.status == nil)
    try store.setRules(ApprovalRules(enabled: false, failOnAdded: true))
    #expect(try upload(head, project: "android", head: "h4", base: "b1").summary.approval.status == nil)
    #expect(try upload(head, project: "ios", head: "h5", base: "b1").summary.approval.status == .requiresApproval)
  }
}
