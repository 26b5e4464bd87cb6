import DiffCore
import Foundation
import PNGCodec
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// A new build whose changes match a human-approved sibling of the same PR is approved
/// automatically, with no approver.
@Suite struct StoreAutoApprovalTests {
  struct Scenario {
    let directory: TemporaryDirectory
    let store: SnapshotStore

    init() throws {
      directory = try TemporaryDirectory()
      store = SnapshotStore.testStore(directory.sub("store"))
      let base = directory.sub("base")
      try TestImages.write(try PNGFixtures.png(gray: 100), to: base + "/screen.png")
      try TestImages.write(try PNGFixtures.png(gray: 50), to: base + "/other.png")
      _ = try store.upload(UploadRequest(directory: base, vcs: VCSInfo(headSha: "main", headRepoName: "org/app")))
    }

    /// A build of the PR whose screen.png holds `screen`.
    func upload(_ screen: [UInt8], pr: Int = 7, sha: String) throws -> UploadResult {
      let folder = directory.sub(sha)
      try TestImages.write(screen, to: folder + "/screen.png")
      try TestImages.write(try PNGFixtures.png(gray: 50), to: folder + "/other.png")
      return try store.upload(
        UploadRequest(
          directory: folder, vcs: VCSInfo(headSha: sha, baseSha: "main", headRepoName: "org/app", prNumber: pr)))
    }
  }

  static func redrawn(level: Int) throws -> [UInt8] {
    let image = try PNGCodec.decode(try PNGFixtures.png(gray: 100, mark: 2), source: "x")
    return try PNGCodec.encode(image, compressionLevel: level)
  }

  @Test func matchingChangesAreAutoApprovedAndOthersAreNot() throws {
    let scenario = try Scenario()
    let edit = try PNGFixtures.png(gray: 100, mark: 2)
    let first = try scenario.upload(edit, sha: "h1")
    #expect(first.summary.approval.status == .requiresApproval)
    _ = try scenario.store.approve(id: first.artifactId, reviewer: alice)

    // Same change again (a rebase): approved without asking.
    let rebased = try scenario.upload(edit, sha: "h2")
    #expect(rebased.summary.approval.status == .autoApproved)
    #expect(rebased.summary.approval.approvals.isEmpty)
    let record = try #require(try scenario.store.approvalHistory(id: rebased.artifactId).last)
    #expect(record.auto && record.previousApprovedArtifactId == first.artifactId)
    #expect(try scenario.store.snapshotDetails(of: rebased.artifactId)["approvers"] == .array([]))

    // Same pixels, different bytes: the hash differs, the pixel evidence says unchanged.
    let reencoded = try Self.redrawn(level: 9)
    #expect(reencoded != edit)
    let same = try scenario.upload(reencoded, sha: "h3")
    #expect(same.summary.approval.status == .autoApproved)

    // A different change needs a human.
    let other = try scenario.upload(try PNGFixtures.png(gray: 100, mark: 6), sha: "h4")
    #expect(other.summary.approval.status == .requiresApproval)

    // Another PR is no sibling.
    let otherPR = try scenario.upload(edit, pr: 8, sha: "h5")
    #expect(otherPR.summary.approval.status == .requiresApproval)
  }

  @Test func autoApprovalsAreNeverSiblings() throws {
    let scenario = try Scenario()
    let edit = try PNGFixtures.png(gray: 100, mark: 2)
    let first = try scenario.upload(edit, sha: "h1")
    _ = try scenario.store.approve(id: first.artifactId, reviewer: alice)
    let auto = try scenario.upload(edit, sha: "h2")
    #expect(auto.summary.approval.status == .autoApproved)
    _ = try scenario.store.unapprove(id: first.artifactId, reviewer: alice)
    // The only approval in force is automatic: the next build asks a human again.
    let next = try scenario.upload(edit, sha: "h3")
    #expect(next.summary.approval.status == .requiresApproval)
  }
}
