import Foundation
import ProcessSpawn
import SnapshotStore
import TestSupport
import Testing

/// What failed and killed writers leave behind (issue 10, defects 8 and 9), and `snaprev gc`.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct StoreCleanupTests {
  /// Defect 8: an upload refused after it stored some blobs ("the file changed") removes them.
  @Test func refusedUploadLeavesNoBlobs() throws {
    let root = try TemporaryDirectory.create("store-cleanup")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    try StoreCLI.createStore(root, store)
    let before = StoreCLI.blobs(store)
    let directory = try StoreCLI.folder(
      root, "shots", ["a.png": (10, nil), "b.png": (20, nil), "c.png": (30, nil), "d.png": (40, nil), "z.png": (50, nil)])
    let run = try StoreCLI.uploadWhileLocked(directory, store: store) {
      try Data(try PNGFixtures.png(gray: 51)).write(to: URL(fileURLWithPath: directory + "/z.png"))
    }
    #expect(run.status == 1, "\(run.stderrText)")
    #expect(run.stderrText.contains("z.png") && run.stderrText.contains("changed while it was being uploaded"), "\(run.stderrText)")
    #expect(StoreCLI.blobs(store) == before, "blobs left: \(StoreCLI.blobs(store).subtracting(before).sorted())")
    #expect(StoreCLI.temporaryFiles(store).isEmpty)
  }

  /// Defect 8: `gc` removes blobs no artifact references once they are older than the grace
  /// period; `--dry-run` only lists them; referenced blobs (images and masks) stay.
  @Test func gcRemovesUnreferencedBlobsPastTheGracePeriod() throws {
    let root = try TemporaryDirectory.create("store-cleanup")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    let base = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (20, nil)])
    let head = try StoreCLI.folder(root, "head", ["a.png": (10, nil), "b.png": (20, 3)])
    #expect(try SnaprevBinary.run(["upload", base, "--head-sha", "s0", "--store", store]).status == 0)
    #expect(try SnaprevBinary.run(["upload", head, "--head-sha", "s1", "--base-sha", "s0", "--store", store]).status == 0)
    let referenced = StoreCLI.blobs(store)
    #expect(referenced.count == 4, "three images and one mask: \(referenced.sorted())")

    let old = "ab/" + String(repeating: "ab", count: 32) + ".png"
    let fresh = "cd/" + String(repeating: "cd", count: 32) + ".png"
    for orphan in [old, fresh] {
      try FileManager.default.createDirectory(
        atPath: store + "/images/" + (orphan as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(try PNGFixtures.png(gray: 77)).write(to: URL(fileURLWithPath: store + "/images/" + orphan))
    }
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: store + "/images/" + old)

    let dry = try SnaprevBinary.run(["gc", "--dry-run", "--store", store])
    #expect(dry.status == 0, "\(dry.stderrText)")
    #expect(dry.stdoutText.contains(String(repeating: "ab", count: 32)), "\(dry.stdoutText)")
    #expect(!dry.stdoutText.contains(String(repeating: "cd", count: 32)), "\(dry.stdoutText)")
    #expect(dry.stderrText.contains("would remove 1 unreferenced blob"), "\(dry.stderrText)")
    #expect(StoreCLI.blobs(store) == referenced.union([old, fresh]))

    let collected = try SnaprevBinary.run(["gc", "--store", store])
    #expect(collected.status == 0, "\(collected.stderrText)")
    #expect(collected.stderrText.contains("removed 1 unreferenced blob"), "\(collected.stderrText)")
    #expect(StoreCLI.blobs(store) == referenced.union([fresh]), "the fresh orphan is inside the grace period")

    #expect(try SnaprevBinary.run(["gc", "--grace", "0", "--store", store]).status == 0)
    #expect(StoreCLI.blobs(store) == referenced)
    let status = try SnaprevBinary.run(["status", "2", "--store", store])
    #expect(status.status == 2, "\(status.stdoutText)")
    let shown = try SnaprevBinary.run(["show", "2", "--store", store])
    #expect(shown.status == 0)
    #expect(try SnaprevBinary.run(["gc", "--store", root + "/none"]).status == 1, "no store")
  }

  /// Defect 8: `gc --grace 0` running alongside uploads never removes a blob an upload
  /// stores (it takes the writers' lock, so it never sees an upload half done).
  @Test func gcConcurrentWithUploadsKeepsEveryReferencedBlob() throws {
    let root = try TemporaryDirectory.create("store-cleanup")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    try StoreCLI.createStore(root, store)
    var children: [Spawn.Child] = []
    for index in 0..<4 {
      let shots = try StoreCLI.folder(
        root, "shots\(index)", ["a\(index).png": (UInt8(index * 20), nil), "b\(index).png": (UInt8(index * 20 + 7), 2)])
      children.append(try SnaprevBinary.start(["upload", shots, "--store", store]))
      children.append(try SnaprevBinary.start(["gc", "--grace", "0", "--store", store]))
    }
    for child in children {
      let result = try child.wait()
      #expect(result.status == 0, "\(result.stderrText)")
    }
    let opened = SnapshotStore(root: store)
    #expect(try opened.summaries().count == 5)
    for summary in try opened.summaries() {
      for item in try opened.details(of: summary.id).items {
        for key in [item.headKey, item.baseKey, item.diffImageKey].compactMap({ $0 }) {
          #expect(!(try opened.imageData(key: key)).isEmpty, "artifact \(summary.id): blob \(key)")
        }
      }
    }
  }

  /// Defect 9: temporary files of killed writers are removed by the next writer (root and
  /// the artifact it writes to), by the next upload and by `gc` (everywhere).
  @Test func staleTemporaryFilesAreRemovedByTheNextWriterAndGC() throws {
    let root = try TemporaryDirectory.create("store-cleanup")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    try StoreCLI.createStore(root, store)
    let shard = try #require(StoreCLI.blobs(store).first.map { ($0 as NSString).deletingLastPathComponent })
    let planted = [
      ".store.json.tmp-4000001-17", "artifacts/1/.comparison-1.json.tmp-4000001-18",
      "artifacts/1/.approvals.json.tmp-4000001-19", "artifacts/1/reviews/.alice.json.tmp-4000001-20",
      "images/\(shard)/.\(String(repeating: "ef", count: 32)).png.tmp-4000001-21",
    ]
    func plant() throws {
      try FileManager.default.createDirectory(atPath: store + "/artifacts/1/reviews", withIntermediateDirectories: true)
      for path in planted { try Data("half".utf8).write(to: URL(fileURLWithPath: store + "/" + path)) }
      #expect(StoreCLI.temporaryFiles(store).count == planted.count)
    }
    try plant()
    let approve = try SnaprevBinary.run(["approve", "1", "--force", "--reviewer", "alice", "--store", store])
    #expect(approve.status == 0, "\(approve.stderrText)")
    #expect(StoreCLI.temporaryFiles(store) == [planted[4]], "approve sweeps the root and its artifact")

    try plant()
    let shots = try StoreCLI.folder(root, "shots", ["x.png": (1, nil)])
    #expect(try SnaprevBinary.run(["upload", shots, "--store", store]).status == 0)
    #expect(StoreCLI.temporaryFiles(store).isEmpty, "an upload sweeps every directory")

    try plant()
    #expect(try SnaprevBinary.run(["gc", "--store", store]).status == 0)
    #expect(StoreCLI.temporaryFiles(store).isEmpty, "gc sweeps every directory")
  }
}
