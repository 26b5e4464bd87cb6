import Foundation
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// What the reviewer's live view reads: every reviewer's marks, and the directories a
/// watch must cover so that every write changes one of them.
struct StoreWatchingTests {
  @Test func everyReviewersMarksAreReadByTheirName() throws {
    let directory = try TemporaryDirectory()
    let root = directory.sub("store")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: directory.sub("shots/a.png"))
    try TestImages.write(try PNGFixtures.png(gray: 20), to: directory.sub("shots/b.png"))
    let store = SnapshotStore.testStore(root)
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    #expect(try store.reviewMarks(artifact: "1").isEmpty)
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: alice)
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: bob)
    try store.markReviewed(artifact: "1", imageFileName: "b.png", reviewer: bob)
    // A staging file left by a killed writer is not a reviewer.
    try TestImages.write("{", to: root + "/artifacts/1/reviews/.carol.json.tmp-1-2")
    #expect(try store.reviewMarks(artifact: "1") == ["alice": ["a.png"], "bob": ["a.png", "b.png"]])
  }

  @Test func aCorruptMarksFileIsNamed() throws {
    let directory = try TemporaryDirectory()
    let root = directory.sub("store")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: directory.sub("shots/a.png"))
    let store = SnapshotStore.testStore(root)
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: alice)
    try TestImages.write("{\"format\": \"snaprev-reviews\"", to: root + "/artifacts/1/reviews/bob.json")
    #expect {
      _ = try store.reviewMarks(artifact: "1")
    } throws: { error in
      String(describing: error).contains("reviews/bob.json")
    }
  }

  @Test func theWatchedDirectoriesCoverEveryWrite() throws {
    let directory = try TemporaryDirectory()
    let root = directory.sub("store")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: directory.sub("shots/a.png"))
    let store = SnapshotStore.testStore(root)
    #expect(store.watchedDirectories().isEmpty)
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    #expect(store.watchedDirectories() == [root, root + "/artifacts", root + "/artifacts/1"])
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: alice)
    #expect(
      store.watchedDirectories() == [root, root + "/artifacts", root + "/artifacts/1", root + "/artifacts/1/reviews"])
  }
}
