import Foundation
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// Defect 10 of issue 10: a reviewer name whose encoded file name would pass 255 bytes.
struct ReviewerFileNameTests {
  @Test func aThreeHundredByteReviewerNameKeepsItsMarks() throws {
    let directory = try TemporaryDirectory()
    let root = directory.sub("store")
    try TestImages.write(try PNGFixtures.png(gray: 10), to: directory.sub("shots/a.png"))
    let store = SnapshotStore.testStore(root)
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    // 300 bytes, and 100 of them percent-encode to three: 500 bytes encoded.
    let long = Reviewer(name: "Long", username: String(repeating: "ab", count: 100) + String(repeating: "é", count: 50), source: .flag)
    #expect(long.username.utf8.count == 300)
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: long)
    #expect(try SnapshotStore(root: root).reviewedImages(artifact: "1", reviewer: long) == ["a.png"])
    let names = try FileManager.default.contentsOfDirectory(atPath: root + "/artifacts/1/reviews")
    #expect(names.count == 1)
    #expect(names.allSatisfy { $0.utf8.count <= 255 }, "\(names)")
    // Short names keep their readable (and already stored) file names.
    try store.markReviewed(artifact: "1", imageFileName: "a.png", reviewer: alice)
    #expect(FileManager.default.fileExists(atPath: root + "/artifacts/1/reviews/alice.json"))
    #expect(try store.reviewedImages(artifact: "1", reviewer: alice) == ["a.png"])
    // Two long names that share their first 255 encoded bytes do not share a file.
    let other = Reviewer(name: "Other", username: long.username + "x", source: .flag)
    #expect(try store.reviewedImages(artifact: "1", reviewer: other).isEmpty)
  }
}
