import Foundation
import SWHArchive
import SWHModel
import SWHTestSupport
import Testing

@Suite struct ArchiveStoreTests {
  private func temporaryStore() throws -> ArchiveStore {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-archive-\(UUID().uuidString)")
    return ArchiveStore(storeRoot: url.path + "/")
  }

  @Test func saveReadAndListVisits() throws {
    let store = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: store.root) }
    let list = try SWHTestData.cabcc7d7List()
    #expect(try store.branchList(list.id) == nil)
    #expect(try store.visits().isEmpty)
    let first = ArchiveVisit(snapshot: list.id, origin: "https://github.com/x/y", date: 1_700_000_000, source: .api, location: "https://a/api/1/")
    #expect(try store.save(list, visit: first).newSnapshot)
    let second = ArchiveVisit(snapshot: list.id, origin: nil, date: 1_700_000_100, source: .file, location: "/tmp/p1.json")
    #expect(try store.save(list, visit: second).newSnapshot == false)
    let read = try #require(try store.branchList(list.id))
    #expect(read.id == list.id)
    #expect(read.computeIdentifier() == list.id)
    #expect(read.data == list.data)
    #expect(try store.visits() == [first, second])
    let summaries = try store.summaries()
    #expect(summaries.map(\.counts.releasesTab) == [636, 636])
    #expect(first.isoDate == "2023-11-14T22:13:20Z")
    let names = try FileManager.default.contentsOfDirectory(atPath: store.directory + "/snapshots")
    #expect(names == ["\(list.id.hex).branches"])  // no temporary files left behind
  }

  @Test func refusesAListThatDoesNotHashToItsID() throws {
    let store = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: store.root) }
    var bytes = [UInt8](try SWHTestData.cabcc7d7List().data)
    bytes[160 + 16] ^= 1
    let damaged = try BranchList(bytes: bytes)
    let visit = ArchiveVisit(snapshot: damaged.id, origin: nil, date: 0, source: .file, location: "x")
    #expect(throws: ArchiveStoreError.self) { try store.save(damaged, visit: visit) }
    #expect(!FileManager.default.fileExists(atPath: store.directory + "/snapshots/\(damaged.id.hex).branches"))
  }

  @Test func corruptStoredFilesAreReportedByPath() throws {
    let store = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: store.root) }
    let list = try SWHTestData.list([Branch(name: "a", target: .dangling)])
    try store.save(list, targets: [TargetInfo(id: DerivedVectors.revision, kind: .revision, title: [], date: nil)],
                   visit: ArchiveVisit(snapshot: list.id, origin: nil, date: 0, source: .git, location: "/r"))
    let path = store.directory + "/snapshots/\(list.id.hex).branches"
    try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: ArchiveStoreError.corrupt(path: path, reason: "file is truncated (7 bytes, shorter than the header)")) {
      try store.branchList(list.id)
    }
    #expect(try store.targetTable(list.id)?.count == 1)
    let visitPath = store.directory + "/visits/bad.json"
    try Data(#"{"version": 2}"#.utf8).write(to: URL(fileURLWithPath: visitPath))
    #expect(throws: ArchiveStoreError.corrupt(path: visitPath, reason: "version 2 is not supported (this snaprev reads 1)")) {
      try store.visits()
    }
  }
}
