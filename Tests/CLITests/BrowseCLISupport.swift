import Foundation
import SWHArchive
import SWHModel

#if canImport(Glibc)
  import Glibc
#endif
import Testing
import TestSupport

@testable import DemoContent

/// Stores for the browser's end-to-end tests: the demo's two builds, plus a snapshot whose
/// branches point at their head_sha values.
enum BrowseE2E {
  static let baseCommit = ObjectID(hex: DemoBuild.baseSHA)
  static let headCommit = ObjectID(hex: DemoBuild.headSHA)
  static let otherCommit = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")
  static let evilName = Array("refs/heads/evil\u{1B}[2J\u{1B}[31mred".utf8)

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// The snapshot linking the demo builds: `main` → build #1, `feature/trail-profiles` →
  /// build #2, with an alias, a dangling branch, a pull request and a hostile name.
  static func linkedList() throws -> (BranchList, [TargetInfo]) {
    guard let base = baseCommit, let head = headCommit, let other = otherCommit else { throw Failure("bad demo sha") }
    var builder = SnapshotBuilder()
    builder.add(name: Array("HEAD".utf8), target: .alias(Array("refs/heads/main".utf8)))
    builder.add(name: Array("refs/heads/main".utf8), target: .object(.revision, base))
    builder.add(name: Array("refs/heads/feature/trail-profiles".utf8), target: .object(.revision, head))
    builder.add(name: Array("refs/heads/gone".utf8), target: .dangling)
    builder.add(name: Array("refs/pull/42/head".utf8), target: .object(.revision, head))
    builder.add(name: evilName, target: .object(.revision, other))
    let infos = [
      TargetInfo(id: base, kind: .revision, title: Array("Trailmix 2.3".utf8), date: 1_700_000_000),
      TargetInfo(id: head, kind: .revision, title: Array("Trail profiles".utf8), date: 1_700_086_400),
    ]
    return (try builder.build(), infos)
  }

  /// A demo store (builds #1 and #2) with the linked snapshot archived in it.
  static func linkedStore() throws -> (store: String, snapshot: ObjectID) {
    let store = try ReviewE2E.demoStore()
    let (list, infos) = try linkedList()
    let visit = ArchiveVisit(
      snapshot: list.id, origin: "https://example.org/trailmix/ios.git", date: 1_700_100_000, source: .git,
      location: "/src/trailmix/.git")
    try ArchiveStore(storeRoot: store).save(list, targets: infos, visit: visit)
    return (store, list.id)
  }

  /// A store holding only the 1391-branch snapshot cabcc7d7…, imported by the real binary.
  static func importedStore() throws -> String {
    let directory = try TemporaryDirectory.create("browse")
    let store = directory + "/store"
    let pages = try ArchiveCLI.pageFiles(in: directory)
    let result = try ArchiveCLI.run(["import"] + pages + ["--origin", "https://github.com/SoftwareHeritage/swh-web-client"], store: store)
    guard result.status == 0 else { throw Failure("snaprev import failed (\(result.status)): \(result.stderrText)") }
    return store
  }
}
