import Foundation
import SWHModel
import SWHTestSupport
import Testing

@Suite struct BranchListTests {
  static let rev = DerivedVectors.revision
  static let rel = DerivedVectors.release

  static func sample() throws -> BranchList {
    try SWHTestData.list([
      Branch(name: "HEAD", target: .alias(Array("refs/heads/main".utf8))),
      Branch(name: "refs/heads/main", target: .object(.revision, rev)),
      Branch(name: "refs/heads/gone", target: .dangling),
      Branch(name: "refs/heads/to-gone", target: .alias(Array("refs/heads/gone".utf8))),
      Branch(name: "refs/heads/nowhere", target: .alias(Array("refs/heads/missing".utf8))),
      Branch(name: "refs/heads/loop", target: .alias(Array("refs/heads/loop".utf8))),
      Branch(name: "refs/pull/1/head", target: .object(.revision, rev)),
      Branch(name: "refs/tags/v1", target: .object(.release, rel)),
      Branch(name: "refs/tags/latest", target: .alias(Array("refs/tags/v1".utf8))),
      Branch(name: "snap", target: .object(.snapshot, rev)),
    ])
  }

  @Test func duplicatesCollapseButConflictsAreRejected() throws {
    var builder = SnapshotBuilder()
    builder.add(name: Array("a".utf8), target: .dangling)
    builder.add(name: Array("a".utf8), target: .dangling)
    #expect(try builder.build().count == 1)
    builder.add(name: Array("a".utf8), target: .object(.revision, Self.rev))
    #expect(throws: SnapshotBuildError.conflictingTargets(name: Array("a".utf8))) { try builder.build() }
  }

  @Test func lookupsByNameAndTarget() throws {
    let list = try Self.sample()
    #expect(list.index(of: Array("refs/heads/main".utf8)) != nil)
    #expect(list.index(of: Array("refs/heads/mai".utf8)) == nil)
    #expect(list.lowerBound(Array("refs/heads/mai".utf8)) == list.index(of: Array("refs/heads/main".utf8)))
    #expect(list.lowerBound(Array("zzz".utf8)) == list.count)
    let main = try #require(list.index(of: Array("refs/heads/main".utf8)))
    let pull = try #require(list.index(of: Array("refs/pull/1/head".utf8)))
    let snap = try #require(list.index(of: Array("snap".utf8)))
    #expect(list.indices(targeting: Self.rev) == [main, pull, snap])
    #expect(list.indices(targetingHexPrefix: String(Self.rev.hex.prefix(7))) == [main, pull, snap])
    #expect(list.indices(targetingHexPrefix: "aa") == [])  // too short to mean anything
    // A build's head_sha finds the branches, and the aliases that resolve to them.
    #expect(list.names(targeting: Self.rev.hex).map { String(decoding: $0, as: UTF8.self) } == [
      "HEAD", "refs/heads/main", "refs/pull/1/head", "snap",
    ])
    #expect(list.names(targeting: Self.rel.hex.uppercased()).map { String(decoding: $0, as: UTF8.self) } == [
      "refs/tags/latest", "refs/tags/v1",
    ])
    #expect(list.names(targeting: String(repeating: "0", count: 40)).isEmpty)
  }

  @Test func aliasResolutionNeverLoops() throws {
    let list = try Self.sample()
    func resolve(_ name: String) throws -> AliasResolution {
      list.resolve(at: try #require(list.index(of: Array(name.utf8))))
    }
    let main = try #require(list.index(of: Array("refs/heads/main".utf8)))
    #expect(try resolve("HEAD") == .object(index: main, kind: .revision, id: Self.rev, hops: 1))
    #expect(try resolve("refs/heads/main") == .object(index: main, kind: .revision, id: Self.rev, hops: 0))
    #expect(try resolve("refs/heads/to-gone") == .dangling(index: try #require(list.index(of: Array("refs/heads/gone".utf8))), hops: 1))
    #expect(try resolve("refs/heads/nowhere") == .missing(name: Array("refs/heads/missing".utf8), hops: 1))
    #expect(try resolve("refs/heads/loop") == .cycle(hops: 1))
    let long = try SWHTestData.list((0..<150).map { Branch(name: "b\($0)", target: .alias(Array("b\($0 + 1)".utf8))) } + [Branch(name: "b150", target: .dangling)])
    #expect(long.resolve(at: try #require(long.index(of: Array("b0".utf8)))) == .cycle(hops: 101))
  }

  @Test func tabsCountAndFilterAsSwhWebDoesAndMore() throws {
    let list = try Self.sample()
    #expect(list.counts.branchesTab == 1)  // refs/heads/main; refs/pull/ and aliases are not counted
    #expect(list.counts.releasesTab == 1)
    #expect(list.counts.all.alias == 5)
    func names(_ filter: BranchFilter) -> [String] {
      list.rows(from: 0, count: 100, filter: filter).rows.map { String(decoding: $0.name, as: UTF8.self) }
    }
    #expect(names(BranchFilter(tab: .branches)) == [
      "HEAD", "refs/heads/gone", "refs/heads/loop", "refs/heads/main", "refs/heads/nowhere", "refs/heads/to-gone", "snap",
    ])
    #expect(names(BranchFilter(tab: .releases)) == ["refs/tags/latest", "refs/tags/v1"])
    #expect(names(BranchFilter(tab: .branches, showPullRequests: true)).contains("refs/pull/1/head"))
    #expect(names(BranchFilter(tab: .all, nameContains: Array("heads/".utf8))).count == 5)
    #expect(list.count(matching: BranchFilter(tab: .all)) == 9)
    #expect(list.count(matching: BranchFilter(tab: .all, showPullRequests: true)) == list.count)

    let rows = list.rows(from: 0, count: 100, filter: BranchFilter(tab: .all)).rows
    let head = try #require(rows.first)
    #expect(head.isAlias)
    #expect(head.finalObject?.id == Self.rev)
    #expect(head.category == .branch)
    let gone = try #require(rows.first { $0.name == Array("refs/heads/gone".utf8) })
    #expect(gone.isDangling && gone.category == .other)
    let latest = try #require(rows.first { $0.name == Array("refs/tags/latest".utf8) })
    #expect(latest.category == .release && latest.target == .alias(Array("refs/tags/v1".utf8)))
  }

  @Test func pagingForwardAndBack() throws {
    let list = try SWHTestData.cabcc7d7List()
    let filter = BranchFilter(tab: .branches)
    var starts = [Int]()
    var page = list.rows(from: 0, count: 100, filter: filter)
    #expect(page.previousStart == nil)
    var seen = [Int]()
    while true {
      starts.append(page.rows[0].index)
      seen += page.rows.map(\.index)
      #expect(page.rows.count <= 100)
      guard let next = page.nextStart else { break }
      page = list.rows(from: next, count: 100, filter: filter)
    }
    #expect(seen == seen.sorted())
    #expect(Set(seen).count == seen.count)
    #expect(seen.count == list.count(matching: filter))
    // The revision branches outside refs/pull/ plus the HEAD alias: swh-web's count + 1.
    #expect(seen.count == list.counts.branchesTab + 1)
    // Walking back gives the same page starts.
    var back = [Int]()
    var previous: Int? = page.previousStart
    while let start = previous {
      let earlier = list.rows(endingBefore: page.rows[0].index, count: 100, filter: filter)
      back.append(earlier.rows[0].index)
      #expect(earlier.rows[0].index == start)
      page = earlier
      previous = page.previousStart
    }
    #expect(back.reversed() == Array(starts.dropLast()))
    let releases = list.count(matching: BranchFilter(tab: .releases))
    #expect(releases == list.counts.releasesTab)
  }

  @Test func corruptFilesAreRefusedWithoutCrashing() throws {
    let good = [UInt8](try Self.sample().data)
    #expect(throws: BranchListError.truncated(size: 10)) { try BranchList(bytes: Array(good.prefix(10))) }
    var magic = good
    magic[0] = 0
    #expect(throws: BranchListError.notABranchList) { try BranchList(bytes: magic) }
    var version = good
    version[8] = 9
    #expect(throws: BranchListError.unsupportedVersion(9)) { try BranchList(bytes: version) }
    #expect(throws: (any Error).self) { try BranchList(bytes: Array(good.dropLast(good.count - 300))) }
    // A name offset pointing past the names section: opening is constant-time, reads stay
    // in bounds (an empty name), and verify() names the record.
    var offset = good
    offset[160 + 7] = 0x7F
    let damagedName = try BranchList(bytes: offset)
    #expect(damagedName.name(at: 0) == [])
    #expect(throws: BranchListError.corrupt("record 0 names bytes outside the names section")) { try damagedName.verify() }
    var kind = good
    kind[160 + 40 + 12] = 99
    #expect(throws: BranchListError.corrupt("record 1 has an unknown kind")) { try BranchList(bytes: kind).verify() }
    try BranchList(bytes: good).verify()
    // Truncations fail cleanly; random damage still reads in bounds.
    for length in stride(from: 0, to: good.count, by: 7) {
      #expect(throws: BranchListError.self) { try BranchList(bytes: Array(good.prefix(length))) }
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      var noisy = good
      for _ in 0..<8 { noisy[Int.random(in: 160..<noisy.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
      guard let list = try? BranchList(bytes: noisy) else { continue }
      _ = list.branches
      _ = list.rows(from: 0, count: 100, filter: BranchFilter(tab: .all, showPullRequests: true))
      _ = list.indices(targeting: Self.rev)
      _ = try? list.verify()
    }
    // A flipped target byte still reads, but no longer hashes to the recorded id.
    var flipped = good
    flipped[160 + 3 * 40 + 16] ^= 0xFF  // refs/heads/main's target
    let damaged = try BranchList(bytes: flipped)
    #expect(damaged.computeIdentifier() != damaged.id)
    #expect(throws: BranchListError.self) { try damaged.verify() }
  }

  @Test func targetInfoTableRoundTrip() throws {
    let infos = [
      TargetInfo(id: Self.rev, kind: .revision, title: Array("Fix \u{1b}[31m".utf8), date: 1_600_000_000, utcOffsetMinutes: -300),
      TargetInfo(id: Self.rel, kind: .release, title: [0xFF], date: nil, releaseName: Array("v1".utf8), releaseTarget: (.revision, Self.rev)),
    ]
    let table = try TargetInfoTable(data: Data(TargetInfoTable.encode(infos)))
    #expect(table.count == 2)
    #expect(table.info(for: Self.rev) == infos[0])
    #expect(table.info(for: Self.rel) == infos[1])
    #expect(table.info(for: try SWHTestData.id(String(repeating: "1", count: 40))) == nil)
    #expect(infos[0].isoDate == "2020-09-13T07:26:40-05:00")
    #expect(TargetInfo(id: Self.rev, kind: .revision, title: [], date: -1).isoDate == "1969-12-31T23:59:59+00:00")
    let list = try Self.sample()
    let head = list.row(at: 0, targets: table)
    #expect(head.info?.title == Array("Fix \u{1b}[31m".utf8))
  }
}
