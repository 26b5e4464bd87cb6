import Foundation
import TestSupport
import Testing

@testable import SnapshotStore

/// A corrupt, truncated or unknown-version file is an error naming it, and is never
/// overwritten or silently skipped.
@Suite struct StoreCorruptionTests {
  static func storeWithTwoArtifacts() throws -> (TemporaryDirectory, SnapshotStore) {
    let directory = try TemporaryDirectory()
    let (baseDir, headDir) = try StoreUploadTests.makePair(in: directory)
    let store = SnapshotStore.testStore(directory.sub("store"))
    _ = try store.upload(StoreUploadTests.request(baseDir, head: "aaa", base: nil))
    _ = try store.upload(StoreUploadTests.request(headDir, head: "bbb", base: "aaa"))
    return (directory, store)
  }

  private func damage(_ path: String, with bytes: (Data) -> Data) throws -> Data {
    let url = URL(fileURLWithPath: path)
    let damaged = bytes(try Data(contentsOf: url))
    try damaged.write(to: url)
    return damaged
  }

  @Test func aTruncatedApprovalsFileIsReportedAndLeftAlone() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    let path = directory.sub("store") + "/artifacts/2/approvals.json"
    let damaged = try damage(path) { $0.prefix($0.count / 2) }
    for attempt in [
      { _ = try store.summary(of: "2") }, { _ = try store.approve(id: "2", reviewer: alice) },
      { _ = try store.summaries() },
    ] as [() throws -> Void] {
      #expect {
        try attempt()
      } throws: { error in
        guard case .corruptFile(let named, let reason) = error as? StoreError else { return false }
        return named == path && reason.contains("truncated")
      }
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged, "never overwritten")
  }

  /// The details read three files on two threads; with several of them damaged, the error
  /// names the one a one-after-the-other read meets first (head manifest, entries, base), and
  /// a base manifest that is gone still gives the details with bare base objects.
  @Test func detailsReportTheFirstDamagedFileWhateverTheThreadsDo() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    let root = directory.sub("store") + "/artifacts/"
    let good = try store.snapshotDetails(of: "2")
    let head = root + "2/images.json"
    let entries = root + "2/comparison-1-images.json"
    let base = root + "1/images.json"
    func failure() -> String? {
      do {
        _ = try store.snapshotDetailsInput(of: "2")
        return nil
      } catch {
        guard case .corruptFile(let path, _) = error else { return "\(error)" }
        return path
      }
    }
    let originalBase = try Data(contentsOf: URL(fileURLWithPath: base))
    _ = try damage(base) { $0.prefix(10) }
    #expect(failure() == base)
    let originalEntries = try Data(contentsOf: URL(fileURLWithPath: entries))
    _ = try damage(entries) { $0.prefix(10) }
    for _ in 0..<20 { #expect(failure() == entries) }
    let originalHead = try Data(contentsOf: URL(fileURLWithPath: head))
    _ = try damage(head) { $0.prefix(10) }
    for _ in 0..<20 { #expect(failure() == head) }
    try originalHead.write(to: URL(fileURLWithPath: head))
    try originalEntries.write(to: URL(fileURLWithPath: entries))
    try originalBase.write(to: URL(fileURLWithPath: base))
    #expect(try store.snapshotDetails(of: "2") == good)
    try FileManager.default.removeItem(atPath: base)
    let bare = try store.snapshotDetails(of: "2")
    #expect(bare != good && bare["changed_count"] == good["changed_count"])
  }

  @Test func anUnknownVersionIsRefusedNamingTheFile() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    let path = directory.sub("store") + "/artifacts/1/artifact.json"
    let damaged = try damage(path) {
      Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7").utf8)
    }
    #expect(throws: StoreError.unsupportedVersion(path: path, found: "7", supported: 1)) {
      _ = try store.summaries()
    }
    // An upload needs every artifact to find a base: it refuses rather than skip one.
    let more = directory.sub("more")
    try TestImages.write(try PNGFixtures.png(gray: 200), to: more + "/x.png")
    #expect(throws: StoreError.unsupportedVersion(path: path, found: "7", supported: 1)) {
      _ = try store.upload(UploadRequest(directory: more))
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged)
    #expect(!FileManager.default.fileExists(atPath: directory.sub("store") + "/artifacts/3"))
  }

  @Test func aCorruptStoreConfigStopsEveryCommand() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    let path = directory.sub("store") + "/store.json"
    _ = try damage(path) { _ in Data("{\"format\": \"snaprev-store\", \"version\": 1}".utf8) }
    #expect {
      _ = try store.summaries()
    } throws: { error in
      guard case .corruptFile(let named, let reason) = error as? StoreError else { return false }
      return named == path && reason.contains("missing field")
    }
    #expect(throws: StoreError.self) { try store.approve(id: "2", reviewer: alice) }
  }

  @Test func aComparisonEntriesFileWithAWrongFieldIsNamed() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    let path = directory.sub("store") + "/artifacts/2/comparison-1-images.json"
    _ = try damage(path) {
      Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "\"status\": \"added\"", with: "\"status\": \"moved\"").utf8)
    }
    #expect {
      _ = try store.details(of: "2")
    } throws: { error in
      guard case .corruptFile(let named, let reason) = error as? StoreError else { return false }
      return named == path && reason.contains("images[0].status") && reason.contains("moved")
    }
  }

  @Test func unknownIdsAndKeysAreClearErrors() throws {
    let (directory, store) = try Self.storeWithTwoArtifacts()
    defer { withExtendedLifetime(directory) {} }
    #expect(throws: StoreError.unknownArtifact(id: "3")) { _ = try store.summary(of: "3") }
    #expect(throws: StoreError.unknownArtifact(id: "../1")) { _ = try store.summary(of: "../1") }
    #expect(throws: StoreError.invalidKey("zz")) { _ = try store.imageData(key: "zz") }
    let missing = String(repeating: "0", count: 64)
    #expect(throws: StoreError.unknownImage(key: missing)) { _ = try store.imageData(key: missing) }
  }
}
