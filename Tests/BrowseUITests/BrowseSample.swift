import BrowseUI
import Foundation
import SWHArchive
import SWHModel
import TerminalCanvas
import TestSupport

/// Snapshots, builds and key scripts for the browser tests.
enum BrowseSample {
  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// A made-up object id that looks like a real one (distinct leading digits).
  static func id(_ seed: Int) -> ObjectID {
    var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
    var hex = ""
    while hex.count < 40 {
      state = (state ^ (state >> 31)) &* 0xBF58_476D_1CE4_E5B9 &+ 1
      let digits = String(state, radix: 16)
      hex += String(repeating: "0", count: 16 - digits.count) + digits
    }
    return ObjectID(hex: hex.prefix(40)) ?? SnapshotIdentifier.compute(for: [])
  }

  static let mainCommit = id(0xa1)
  static let featureCommit = id(0xb2)
  static let releaseObject = id(0xc3)
  static let taggedCommit = id(0xd4)
  static let date: Int64 = 1_700_000_000

  /// A small snapshot with every kind of row: an alias, a dangling branch, a release, an
  /// alias to a missing branch, an alias loop, a directory, a pull request, hostile names
  /// (an escape sequence, invalid UTF-8, wide characters) and 250 numbered branches.
  static func snapshot(numbered: Int = 250) throws -> BrowsedSnapshot {
    var builder = SnapshotBuilder()
    func add(_ name: [UInt8], _ target: BranchTarget) { builder.add(name: name, target: target) }
    add(Array("HEAD".utf8), .alias(Array("refs/heads/main".utf8)))
    add(Array("refs/heads/main".utf8), .object(.revision, mainCommit))
    add(Array("refs/heads/feature/login".utf8), .object(.revision, featureCommit))
    add(Array("refs/heads/gone".utf8), .dangling)
    add(Array("refs/heads/to-nowhere".utf8), .alias(Array("refs/heads/missing".utf8)))
    add(Array("refs/heads/loop-a".utf8), .alias(Array("refs/heads/loop-b".utf8)))
    add(Array("refs/heads/loop-b".utf8), .alias(Array("refs/heads/loop-a".utf8)))
    add(Array("refs/heads/docs-tree".utf8), .object(.directory, id(0xe5)))
    add(Array("refs/pull/7/head".utf8), .object(.revision, id(0x77)))
    add(Array("refs/tags/v1.0".utf8), .object(.release, releaseObject))
    add(Array("refs/heads/evil\u{1B}[31mred\u{1B}[0m".utf8), .object(.revision, id(0xee)))
    add(Array("refs/heads/latin1-".utf8) + [0xE9, 0xFF], .object(.revision, id(0xef)))
    add(Array("refs/heads/日本語-branch".utf8), .object(.revision, id(0xf0)))
    for number in 0..<numbered {
      let padded = String(format: "%03d", number)
      add(Array("refs/heads/n/\(padded)".utf8), .object(.revision, id(0x1000 + number)))
    }
    let list = try builder.build()
    let infos = [
      TargetInfo(id: mainCommit, kind: .revision, title: Array("Merge the login screen".utf8), date: date, utcOffsetMinutes: 60),
      TargetInfo(id: featureCommit, kind: .revision, title: Array("Login: new layout".utf8), date: date + 86_400),
      TargetInfo(
        id: releaseObject, kind: .release, title: Array("Version 1.0".utf8), date: date + 2 * 86_400,
        releaseName: Array("v1.0".utf8), releaseTarget: (.revision, taggedCommit)),
      TargetInfo(id: id(0xee), kind: .revision, title: Array("title with \u{1B}]0;pwned\u{07} in it".utf8), date: date),
    ]
    let targets = try TargetInfoTable(data: Data(TargetInfoTable.encode(infos)))
    let visit = ArchiveVisit(
      snapshot: list.id, origin: "https://example.org/trailmix.git", date: date, source: .git, location: "/src/trailmix/.git")
    return BrowsedSnapshot(list: list, targets: targets, visit: visit)
  }

  /// The real 1391-branch snapshot cabcc7d7… from its two API pages.
  static func cabcc7d7() throws -> BrowsedSnapshot {
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("swh/cabcc7d7-pages.json")))
    guard let pages = (root as? [String: Any])?["pages"] as? [[String: Any]] else { throw Failure("no pages") }
    var builder = SnapshotBuilder()
    for page in pages {
      guard let body = page["body"] else { throw Failure("page without body") }
      let bytes = try JSONSerialization.data(withJSONObject: body)
      _ = try APIPageParser.parse([UInt8](bytes), into: &builder)
    }
    let list = try builder.build()
    let visit = ArchiveVisit(
      snapshot: list.id, origin: "https://github.com/SoftwareHeritage/swh-web-client", date: date, source: .file,
      location: "cabcc7d7-pages.json")
    return BrowsedSnapshot(list: list, targets: nil, visit: visit)
  }

  static let builds = [
    LinkedBuild(id: "1", headSHA: mainCommit.hex, appID: "com.trailmix.app", headRef: "main", buildConfiguration: "Release", status: "approved"),
    LinkedBuild(id: "2", headSHA: featureCommit.hex, appID: "com.trailmix.app", headRef: "feature/login", buildConfiguration: "Release", status: "NEEDS APPROVAL"),
    LinkedBuild(id: "3", headSHA: String(featureCommit.hex.prefix(7)), appID: "com.trailmix.widget", headRef: "feature/login"),
    LinkedBuild(id: "4", headSHA: taggedCommit.hex, appID: "com.trailmix.app", headRef: "v1.0"),
  ]

  /// The branch screen of `snapshot`, loaded, at a size.
  static func state(
    _ snapshot: BrowsedSnapshot? = nil, width: Int = 80, height: Int = 24, builds: [LinkedBuild] = builds,
    colorMode: ColorMode = .palette256
  ) throws -> BrowseState {
    let snapshot = try snapshot ?? Self.snapshot()
    var state = BrowseState(snapshotID: snapshot.id, width: width, height: height, colorMode: colorMode)
    _ = reduce(&state, .buildsLoaded(builds))
    _ = reduce(&state, .snapshotLoaded(snapshot))
    return state
  }

  static func summaries() throws -> [ArchivedSnapshot] {
    let small = try snapshot()
    let real = try cabcc7d7()
    let hostileVisit = ArchiveVisit(
      snapshot: small.id, origin: "https://evil.example/\u{1B}[2Jrepo", date: date - 3600, source: .api,
      location: "https://archive.example/api/1/")
    return [
      ArchivedSnapshot(visit: real.visit ?? hostileVisit, counts: real.list.counts),
      ArchivedSnapshot(visit: small.visit ?? hostileVisit, counts: small.list.counts),
      ArchivedSnapshot(
        visit: ArchiveVisit(snapshot: small.id, origin: nil, date: date - 7200, source: .git, location: "/home/me/app/.git"),
        counts: small.list.counts),
      ArchivedSnapshot(visit: hostileVisit, counts: small.list.counts),
    ]
  }

  static func keys(_ text: String) -> [BrowseAction] { text.map { .key(.character($0)) } }

  /// Runs actions as the shell would, counting rows at once when asked (the shell does
  /// it in the background); returns the other effects.
  @discardableResult
  static func run(_ state: inout BrowseState, _ actions: [BrowseAction]) -> [BrowseEffect] {
    var effects: [BrowseEffect] = []
    for action in actions {
      for effect in reduce(&state, action) {
        guard case .countRows(let id, let filter) = effect, let list = state.branches?.snapshot.list else {
          effects.append(effect)
          continue
        }
        _ = reduce(&state, .rowsCounted(snapshot: id, filter: filter, count: list.count(matching: filter)))
      }
    }
    return effects
  }

  static func selectedName(_ state: BrowseState) -> String? {
    state.branches?.selectedRow.map { String(decoding: $0.name, as: UTF8.self) }
  }
}
