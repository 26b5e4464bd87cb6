import Foundation
import ProcessSpawn
import SnapshotStore
import TestSupport
import Testing

/// Ten real processes writing to one store at the same moment: every record lands.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct StoreConcurrencyTests {
  @Test func tenProcessesUploadingAndApprovingAtOnceLoseNothing() throws {
    let root = try TemporaryDirectory.create("store-concurrency")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let base = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (200, nil)])
    #expect(try SnaprevBinary.run(["upload", base, "--head-sha", "main"] + store).status == 0)
    // Five heads that each need approval (ids 2...6).
    for index in 0..<5 {
      let head = try StoreCLI.folder(root, "head\(index)", ["a.png": (10, nil), "b.png": (200, index)])
      let run = try SnaprevBinary.run(["upload", head, "--head-sha", "h\(index)", "--base-sha", "main"] + store)
      #expect(run.stdoutText == "\(index + 2)\n", "\(run.stderrText)")
    }

    // At once: five approvals of those heads and five new uploads.
    var started: [Spawn.Child] = []
    for index in 0..<5 {
      started.append(try SnaprevBinary.start(["approve", "\(index + 2)", "--reviewer", "reviewer\(index)"] + store))
      let folder = try StoreCLI.folder(root, "new\(index)", ["a.png": (10, nil), "n\(index).png": (UInt8(30 + index), nil)])
      started.append(try SnaprevBinary.start(["upload", folder, "--head-sha", "n\(index)", "--base-sha", "main"] + store))
    }
    let runs = try started.map { try $0.wait() }
    for run in runs { #expect(run.status == 0, "\(run.stderrText)") }
    #expect(runs.filter { $0.stdoutText.hasPrefix("Approved") }.count == 5)

    let opened = SnapshotStore(root: root + "/store")
    let summaries = try opened.summaries()
    #expect(summaries.map(\.id) == (1...11).map(String.init))
    for index in 0..<5 {
      let approved = try opened.summary(of: "\(index + 2)").approval
      #expect(approved.status == .approved)
      #expect(approved.history.map(\.kind) == [.needsApproval, .approved])
      #expect(approved.approvals.compactMap(\.reviewer?.username) == ["reviewer\(index)"])
    }
    let uploads = summaries.dropFirst(6)
    #expect(uploads.allSatisfy { $0.artifact.imageCount == 2 && $0.comparison.state == "success" })
    #expect(Set(uploads.map { $0.artifact.vcs.headSha ?? "" }) == ["n0", "n1", "n2", "n3", "n4"])
  }

  @Test func tenReviewersApprovingOneBuildAtOnceRecordOneApproval() throws {
    let root = try TemporaryDirectory.create("store-concurrency")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let base = try StoreCLI.folder(root, "base", ["a.png": (200, nil)])
    let head = try StoreCLI.folder(root, "head", ["a.png": (200, 1)])
    #expect(try SnaprevBinary.run(["upload", base, "--head-sha", "main"] + store).status == 0)
    #expect(try SnaprevBinary.run(["upload", head, "--head-sha", "pr", "--base-sha", "main"] + store).status == 0)

    let started = try (0..<10).map { try SnaprevBinary.start(["approve", "2", "--reviewer", "r\($0)"] + store) }
    let runs = try started.map { try $0.wait() }
    #expect(runs.allSatisfy { $0.status == 0 })
    #expect(runs.filter { $0.stdoutText.hasPrefix("Approved") }.count == 1)
    #expect(runs.filter { $0.stdoutText == "Already approved\n" }.count == 9)
    let history = try SnapshotStore(root: root + "/store").approvalHistory(id: "2")
    #expect(history.map(\.kind) == [.needsApproval, .approved])
  }

  @Test func tenUploadsAtOnceGetTenDistinctIncreasingIds() throws {
    let root = try TemporaryDirectory.create("store-concurrency")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let folders = try (0..<10).map { index in
      try StoreCLI.folder(root, "u\(index)", ["shared.png": (5, nil), "own\(index).png": (UInt8(100 + index), nil)])
    }
    let runs = try folders.map { try SnaprevBinary.start(["upload", $0] + store) }.map { try $0.wait() }
    #expect(runs.allSatisfy { $0.status == 0 })
    #expect(Set(runs.map(\.stdoutText)) == Set((1...10).map { "\($0)\n" }))
    let opened = SnapshotStore(root: root + "/store")
    let summaries = try opened.summaries()
    #expect(summaries.count == 10)
    for summary in summaries {
      let names = try opened.details(of: summary.id).items.map(\.imageFileName)
      #expect(names.count == 2 && names.contains("shared.png"))
    }
  }
}
