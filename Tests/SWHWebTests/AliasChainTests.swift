import JSONCore
import SWHModel
import SWHTestSupport
import SWHWeb
import Testing

/// Issue 10, defect 3: a page of a 100,000-link alias chain used to take 110 s (every alias
/// followed to the end, no hop limit). Each name is now looked up once per response and a
/// chain ends after 100 lookups.
@Suite struct AliasChainTests {
  static let links = 100_000

  /// `chain/000000` → `chain/000001` → … → `chain/099999` → `refs/heads/main` (a revision).
  static func chainList() throws -> BranchList {
    var branches = [Branch(name: "refs/heads/main", target: .object(.revision, DerivedVectors.revision))]
    for link in 0..<links {
      let next = link + 1 < links ? name(link + 1) : "refs/heads/main"
      branches.append(Branch(name: name(link), target: .alias(Array(next.utf8))))
    }
    return try SWHTestData.list(branches)
  }

  static func name(_ link: Int) -> String {
    let digits = String(link)
    return "chain/" + String(repeating: "0", count: 6 - digits.count) + digits
  }

  /// Link i needs 100,000 - i lookups to reach the revision: only the last 100 links are
  /// within the limit, so the last page has exactly 100 URLs and the first page none.
  @Test func pagesOfALongChainResolveWithinTheHopLimit() throws {
    let list = try Self.chainList()
    let url = JSONValue.string("\(SnapshotAPI.defaultBaseURL)/api/1/revision/\(DerivedVectors.revision.hex)/")
    let last = try SnapshotAPI.validate(id: list.id.hex, branchesFrom: Self.name(99_000), count: "1000", targetTypes: nil).get()
    let lastBranches = try #require(SnapshotAPI.respond(to: last, from: list).body["branches"])
    for link in 99_000..<Self.links {
      let branch = lastBranches[Self.name(link)]
      #expect(branch?["target_type"] == .string("alias"))
      #expect(branch?["target_url"] == (link >= 99_900 ? url : nil), "\(Self.name(link))")
    }
    let first = try SnapshotAPI.validate(id: list.id.hex, branchesFrom: nil, count: "1000", targetTypes: nil).get()
    let firstBranches = try #require(SnapshotAPI.respond(to: first, from: list).body["branches"])
    #expect(firstBranches[Self.name(0)]?["target"] == .string(Self.name(1)))
    for link in 0..<999 { #expect(firstBranches[Self.name(link)]?["target_url"] == nil) }
  }

  /// The cost measure: following every alias of a 1,000-alias page looks each name up
  /// once, so the lookups are the distinct names reached (page + one hop limit beyond it),
  /// not 1,000 × 100. A chain followed backwards (toward its end) reuses every outcome.
  @Test func eachNameIsLookedUpOncePerResponse() {
    let end = Self.links
    // name i → i + 1, and the last one → a revision at `end`.
    func step(_ link: Int) -> AliasChainMemo<Int, String>.Step { link == end ? .end("rev") : .next(link + 1) }

    var forward = AliasChainMemo<Int, String>()
    var answers = [String?]()
    for link in 0..<1000 { answers.append(forward.follow(link, lookUp: step)) }
    #expect(answers.allSatisfy { $0 == nil })
    #expect(forward.lookups == 1000 + 99)  // names 0 through 1098, once each

    var tail = AliasChainMemo<Int, String>()
    for link in (end - 1000)...end { answers.append(tail.follow(link, lookUp: step)) }
    #expect(tail.lookups == 1001)
    #expect(tail.follow(end - 99, lookUp: step) == "rev")  // 100 lookups: the limit
    #expect(tail.follow(end - 100, lookUp: step) == nil)  // 101
    #expect(tail.lookups == 1001)  // answered from the memo

    var loop = AliasChainMemo<Int, String>()
    #expect(loop.follow(0, lookUp: { .next(1 - $0) }) == nil)
    #expect(loop.follow(1, lookUp: { .next(1 - $0) }) == nil)
    #expect(loop.lookups == 2)
  }
}
