import Foundation
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// Request changes (docs/STORE.md, "Change requests"): durable, one per reviewer and image,
/// written under the lock, refused when the note or the image is wrong.
struct ChangeRequestTests {
  static func storeWithOneBuild(_ directory: TemporaryDirectory, images: Int = 1) throws -> SnapshotStore {
    for index in 0..<images {
      try TestImages.write(try PNGFixtures.png(gray: UInt8(10 + index)), to: directory.sub("shots/i\(index).png"))
    }
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    return store
  }

  @Test func aRequestIsStoredAndReadBackByAnotherStoreValue() throws {
    let directory = try TemporaryDirectory()
    let store = try Self.storeWithOneBuild(directory)
    try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: "Button cut off", reviewer: bob)
    let reread = try SnapshotStore(root: directory.sub("store")).changeRequests(artifact: "1")
    #expect(reread.map(\.note) == ["Button cut off"])
    #expect(reread.first?.reviewer == bob)
    let json = try String(contentsOfFile: directory.sub("store/artifacts/1/change-requests.json"), encoding: .utf8)
    #expect(json.contains("\"format\": \"snaprev-change-requests\""))
    // Asking again replaces the reviewer's note; another reviewer adds one.
    try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: "Still cut off", reviewer: bob)
    try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: "Wrong colour", reviewer: alice)
    #expect(try store.changeRequests(artifact: "1").map(\.note) == ["Still cut off", "Wrong colour"])
  }

  @Test func badNotesAndUnknownImagesAreRefusedAndNothingIsWritten() throws {
    let directory = try TemporaryDirectory()
    let store = try Self.storeWithOneBuild(directory)
    for note in ["", "   ", "two\nlines", String(repeating: "x", count: ChangeRequest.noteLimit + 1)] {
      #expect(throws: StoreError.self) {
        try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: note, reviewer: bob)
      }
    }
    #expect {
      try store.requestChanges(artifact: "1", imageFileName: "missing.png", note: "x", reviewer: bob)
    } throws: { error in
      String(describing: error) == "artifact 1 has no image named missing.png"
    }
    #expect(!FileManager.default.fileExists(atPath: directory.sub("store/artifacts/1/change-requests.json")))
  }

  @Test func aCorruptFileIsNamedAndLeftAlone() throws {
    let directory = try TemporaryDirectory()
    let store = try Self.storeWithOneBuild(directory)
    let path = directory.sub("store/artifacts/1/change-requests.json")
    try TestImages.write("{\"format\": \"snaprev-change-requests\", \"version\": 1, \"requests\": [", to: path)
    #expect {
      try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: "x", reviewer: bob)
    } throws: { error in
      String(describing: error).contains("change-requests.json: corrupt store file")
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("["))
  }

  /// Eight writers at once (each its own lock descriptor, so flock serializes them as it
  /// does processes): every request lands, none overwrites another.
  @Test func concurrentWritersAllLand() throws {
    let directory = try TemporaryDirectory()
    let store = try Self.storeWithOneBuild(directory, images: 8)
    let failures = DispatchQueue(label: "failures")
    nonisolated(unsafe) var errors: [String] = []
    DispatchQueue.concurrentPerform(iterations: 8) { index in
      let reviewer = Reviewer(name: "R\(index)", username: "r\(index)", source: .flag)
      do {
        try store.requestChanges(artifact: "1", imageFileName: "i\(index).png", note: "note \(index)", reviewer: reviewer)
      } catch {
        failures.sync { errors.append(String(describing: error)) }
      }
    }
    #expect(errors.isEmpty)
    let requests = try store.changeRequests(artifact: "1")
    #expect(Set(requests.map(\.note)) == Set((0..<8).map { "note \($0)" }))
  }

  /// A writer killed between writing its staging file and the rename leaves
  /// `.change-requests.json.tmp-…`: never read as requests, swept by the next writer.
  @Test func aKilledWritersStagingFileIsIgnoredAndSwept() throws {
    let directory = try TemporaryDirectory()
    let store = try Self.storeWithOneBuild(directory)
    let staging = directory.sub("store/artifacts/1/.change-requests.json.tmp-99999-abc")
    try TestImages.write("{\"format\": \"snaprev-change-requests\", \"vers", to: staging)
    #expect(try store.changeRequests(artifact: "1").isEmpty)
    try store.requestChanges(artifact: "1", imageFileName: "i0.png", note: "x", reviewer: bob)
    #expect(!FileManager.default.fileExists(atPath: staging))
    #expect(try store.changeRequests(artifact: "1").count == 1)
  }

  @Test func anApprovalAfterARequestOverridesItAndOneBeforeDoesNot() throws {
    let clock = TestClock()
    let directory = try TemporaryDirectory()
    try TestImages.write(try PNGFixtures.png(gray: 10), to: directory.sub("shots/a.png"))
    let store = SnapshotStore.testStore(directory.sub("store"), clock: clock)
    _ = try store.upload(UploadRequest(directory: directory.sub("shots")))
    try store.approve(id: "1", reviewer: alice, force: true)
    clock.advance(1)
    try store.requestChanges(artifact: "1", imageFileName: "a.png", note: "x", reviewer: bob)
    let summary = try store.summary(of: "1")
    #expect(ChangeRequest.standing(try store.changeRequests(artifact: "1"), approval: summary.approval).count == 1)
    clock.advance(1)
    try store.unapprove(id: "1", reviewer: alice)
    try store.approve(id: "1", reviewer: alice, force: true)
    let after = try store.summary(of: "1")
    #expect(ChangeRequest.standing(try store.changeRequests(artifact: "1"), approval: after.approval).isEmpty)
  }
}
