import Foundation
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// Selective uploads, and bases rebuilt from a selective base's ancestry.
@Suite struct StoreSelectiveTests {
  @Test func aSelectiveBaseIsFoldedOntoItsAncestor() throws {
    let directory = try TemporaryDirectory()
    let store = SnapshotStore.testStore(directory.sub("store"))
    let full = directory.sub("full")
    for (name, color) in [("a", 10), ("b", 20), ("c", 30)] {
      try TestImages.write(try PNGFixtures.png(gray: UInt8(color)), to: "\(full)/\(name).png")
    }
    _ = try store.upload(UploadRequest(directory: full, vcs: VCSInfo(headSha: "s0")))

    let partial = directory.sub("partial")
    try TestImages.write(try PNGFixtures.png(gray: 120), to: partial + "/b.png")
    let selective = try store.upload(
      UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s1", baseSha: "s0"), selective: true))
    let selectiveItems = try store.details(of: selective.artifactId).items
    #expect(
      Dictionary(uniqueKeysWithValues: selectiveItems.map { ($0.imageFileName, $0.category) })
        == ["a.png": .skipped, "b.png": .changed, "c.png": .skipped])
    #expect(try store.snapshotDetails(of: selective.artifactId)["is_selective"] == .bool(true))

    let next = directory.sub("next")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: next + "/a.png")
    try TestImages.write(try PNGFixtures.png(gray: 120), to: next + "/b.png")
    try TestImages.write(try PNGFixtures.png(gray: 200), to: next + "/c.png")
    try TestImages.write(try PNGFixtures.png(gray: 40), to: next + "/d.png")
    let head = try store.upload(UploadRequest(directory: next, vcs: VCSInfo(headSha: "s2", baseSha: "s1")))
    #expect(head.summary.comparison.baseArtifactId == selective.artifactId)
    let items = try store.details(of: head.artifactId).items
    #expect(
      Dictionary(uniqueKeysWithValues: items.map { ($0.imageFileName, $0.category) })
        == ["a.png": .unchanged, "b.png": .unchanged, "c.png": .changed, "d.png": .added])
    // c's base image is inherited from the first build, and `show` finds its metadata there.
    let shown = try store.snapshotDetails(of: head.artifactId)
    let changed = try #require(shown["changed"]?.arrayValue?.first)
    #expect(changed["base_image"]?["key"] == .string(BlobStore.key(of: try PNGFixtures.png(gray: 30))))
    #expect(changed["base_image"]?["width"] == .int(8))
  }

  @Test func aMissingAncestorIsPendingThenFailsAfterTheGracePeriodThenRecovers() throws {
    let directory = try TemporaryDirectory()
    let clock = TestClock()
    let store = SnapshotStore.testStore(directory.sub("store"), clock: clock)
    let partial = directory.sub("partial")
    try TestImages.write(try PNGFixtures.png(gray: 5), to: partial + "/a.png")
    let selective = try store.upload(
      UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s1", baseSha: "s0"), selective: true))
    let head = try store.upload(UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s2", baseSha: "s1")))
    let pending = try store.summary(of: head.artifactId)
    #expect(pending.comparison.state == "pending")
    #expect(pending.comparison.type == .solo)
    #expect(pending.gate.exitCode == 4)

    clock.advance(601)
    let failed = try store.summary(of: head.artifactId)
    #expect(failed.comparison.state == "failed")
    #expect(failed.comparison.errorMessage == ComparisonStatus.chainIncompleteMessage)
    #expect(try store.snapshotDetails(of: head.artifactId)["comparison_error_message"] == .string(ComparisonStatus.chainIncompleteMessage))
    #expect(failed.gate.exitCode == 3)

    let full = directory.sub("full")
    try TestImages.write(try PNGFixtures.png(gray: 5), to: full + "/a.png")
    try TestImages.write(try PNGFixtures.png(gray: 6), to: full + "/z.png")
    let ancestor = try store.upload(UploadRequest(directory: full, vcs: VCSInfo(headSha: "s0")))
    #expect(Set(ancestor.comparedHeadIds) == [selective.artifactId, head.artifactId])
    let recovered = try store.summary(of: head.artifactId)
    #expect(recovered.comparison.state == "success")
    // z.png lives only in the ancestor: the selective base inherited it, the head lacks it.
    #expect(recovered.counts?.removed == 1)
  }

  @Test func aChainOfSelectiveBuildsWithNoBaseAtAllFails() throws {
    let directory = try TemporaryDirectory()
    let store = SnapshotStore.testStore(directory.sub("store"))
    let partial = directory.sub("partial")
    try TestImages.write(try PNGFixtures.png(gray: 5), to: partial + "/a.png")
    // s1 -> s2 -> s1: a cycle of selective builds with no complete one.
    _ = try store.upload(UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s1", baseSha: "s2"), selective: true))
    _ = try store.upload(UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s2", baseSha: "s1"), selective: true))
    let head = try store.upload(UploadRequest(directory: partial, vcs: VCSInfo(headSha: "s3", baseSha: "s2")))
    let summary = try store.summary(of: head.artifactId)
    #expect(summary.comparison.state == "failed")
    #expect(summary.comparison.errorMessage == "No complete base snapshot exists in the ancestry chain.")
  }
}
