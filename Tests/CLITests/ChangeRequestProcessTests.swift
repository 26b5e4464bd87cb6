import Foundation
import ProcessSpawn
import SnapshotStore
import TestSupport
import Testing

/// `snaprev request-changes` as real processes: killed at every durable step, the store's
/// change requests are the old ones or the new ones, never half a file; ten processes at
/// once all land.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ChangeRequestProcessTests {
  static func store(_ root: String) throws -> String {
    let store = root + "/store"
    let head = try StoreCLI.folder(root, "head", (0..<10).reduce(into: [:]) { $0["i\($1).png"] = (UInt8(10 + $1), nil) })
    #expect(try SnaprevBinary.run(["upload", head, "--head-sha", "s0", "--store", store]).status == 0)
    return store
  }

  @Test func killedAtAnyPointTheRequestIsWhollyThereOrAbsent() throws {
    let root = try TemporaryDirectory.create("changes-crash")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let prepared = try Self.store(root)
    #expect(
      try SnaprevBinary.run(["request-changes", "1", "i0.png", "--note", "first", "--reviewer", "bob", "--store", prepared])
        .status == 0)
    var step = 1
    var sawKill = false
    while step < 50 {
      let store = root + "/run"
      try StoreCrashTests.copy(prepared, to: store)
      let run = try SnaprevBinary.run(
        ["request-changes", "1", "i1.png", "--note", "second", "--reviewer", "carol", "--store", store],
        environment: ["SNAPREV_TEST_KILL_AFTER_WRITES": "\(step)"])
      let notes = try SnapshotStore(root: store).changeRequests(artifact: "1").map(\.note)
      #expect(notes == ["first"] || notes == ["first", "second"], "step \(step): \(notes)")
      // The next writer sweeps what the killed one left and lands.
      let again = try SnaprevBinary.run(
        ["request-changes", "1", "i2.png", "--note", "third", "--reviewer", "dave", "--store", store])
      #expect(again.status == 0, "step \(step): \(again.stderrText)")
      #expect(StoreCLI.temporaryFiles(store).isEmpty, "step \(step): \(StoreCLI.temporaryFiles(store))")
      if run.termination.signal == nil {
        #expect(run.status == 0, "step \(step): \(run.stderrText)")
        break
      }
      sawKill = true
      step += 1
    }
    #expect(sawKill)
    #expect(step >= 3, "a request is written, fsynced, renamed and its directory fsynced; \(step) steps seems too few")
  }

  @Test func tenProcessesAtOnceAllLand() throws {
    let root = try TemporaryDirectory.create("changes-concurrency")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try Self.store(root)
    let started = try (0..<10).map {
      try SnaprevBinary.start(
        ["request-changes", "1", "i\($0).png", "--note", "note \($0)", "--reviewer", "r\($0)", "--store", store])
    }
    let runs = try started.map { try $0.wait() }
    #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderrText))")
    let notes = Set(try SnapshotStore(root: store).changeRequests(artifact: "1").map(\.note))
    #expect(notes == Set((0..<10).map { "note \($0)" }))
  }

  @Test func aBadNoteIsRefusedWithTheReason() throws {
    let root = try TemporaryDirectory.create("changes-bad")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = try Self.store(root)
    let run = try SnaprevBinary.run(["request-changes", "1", "i0.png", "--note", " ", "--store", store])
    #expect(run.status == 1)
    #expect(run.stderrText == "snaprev request-changes: artifact 1: cannot request changes: the note is empty\n")
  }
}
