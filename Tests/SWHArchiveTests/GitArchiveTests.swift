import Foundation
import SWHArchive
import SWHTestSupport
import SWHModel
import TestSupport
import Testing

/// `snaprev archive` must give the identifier `swh identify --type snapshot` gives.
/// The oracle comes from scripts/setup; without it these tests fail (they never skip).
@Suite(.serialized) struct GitArchiveTests {
  private func agree(_ repository: GitRepositoryBuilder, sourceLocation: SourceLocation = #_sourceLocation) throws -> GitSnapshot {
    let snapshot = try GitArchiveReader().read(directory: repository.directory.path)
    let oracle = try GitRepositoryBuilder.oracle(repository.directory)
    #expect(SWHID.snapshot(snapshot.list.id) == oracle, sourceLocation: sourceLocation)
    #expect(snapshot.list.computeIdentifier() == snapshot.list.id, sourceLocation: sourceLocation)
    return snapshot
  }

  @Test func branchesTagsAndSymbolicHead() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    let first = try repository.commit("first commit\n\nbody text", date: 1_600_000_000)
    let second = try repository.commit("second", date: 1_600_000_100)
    try repository.git(["branch", "feature/x", first])
    try repository.git(["tag", "light", first])
    try repository.git(["tag", "-a", "v1.0", "-m", "Release 1.0\n\nnotes", second], date: 1_600_000_200)
    let snapshot = try agree(repository)
    let list = snapshot.list
    #expect(list.branches.map { String(decoding: $0.name, as: UTF8.self) } == [
      "HEAD", "refs/heads/feature/x", "refs/heads/main", "refs/tags/light", "refs/tags/v1.0",
    ])
    #expect(list.target(at: 0) == .alias(Array("refs/heads/main".utf8)))
    #expect(list.targetType(at: 3) == .revision)
    #expect(list.targetType(at: 4) == .release)  // annotated tags stay releases, not peeled
    #expect(list.counts.branchesTab == 3)
    #expect(list.counts.releasesTab == 1)
    // Titles and dates for display.
    let infos = Dictionary(uniqueKeysWithValues: snapshot.targets.map { ($0.id.hex, $0) })
    #expect(infos[first]?.title == Array("first commit".utf8))
    #expect(infos[first]?.date == 1_600_000_000)
    #expect(infos[first]?.utcOffsetMinutes == 60)
    #expect(infos[first]?.isoDate == "2020-09-13T13:26:40+01:00")
    guard case .object(.release, let tagID) = list.target(at: 4) else { throw TestDataError("v1.0 is not a release") }
    #expect(infos[tagID.hex]?.title == Array("Release 1.0".utf8))
    #expect(infos[tagID.hex]?.releaseName == Array("v1.0".utf8))
    #expect(infos[tagID.hex]?.releaseTarget?.id.hex == second)
    #expect(infos[tagID.hex]?.date == 1_600_000_200)
  }

  @Test func detachedHead() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    let first = try repository.commit("one")
    try repository.commit("two")
    try repository.git(["checkout", "-q", "--detach", first])
    let list = try agree(repository).list
    #expect(list.target(at: 0) == .object(.revision, try SWHTestData.id(first)))
  }

  @Test func packedRefsWithALooseOverride() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    let first = try repository.commit("one")
    for index in 0..<30 { try repository.git(["branch", "b\(index)", first]) }
    try repository.git(["tag", "-a", "packed-tag", "-m", "packed"])
    try repository.git(["pack-refs", "--all"])
    let second = try repository.commit("two")
    try repository.git(["branch", "-f", "b7", second])  // loose now shadows the packed entry
    let list = try agree(repository).list
    let b7 = try #require(list.index(of: Array("refs/heads/b7".utf8)))
    #expect(list.target(at: b7) == .object(.revision, try SWHTestData.id(second)))
  }

  @Test func remoteTrackingRefsAndTheirSymbolicHead() throws {
    let upstream = try GitRepositoryBuilder.make()
    defer { upstream.remove() }
    try upstream.commit("upstream")
    try upstream.git(["branch", "dev"])
    let clone = try GitRepositoryBuilder.make()
    defer { clone.remove() }
    try clone.git(["remote", "add", "origin", upstream.directory.path])
    try clone.git(["fetch", "-q", "origin"])
    try clone.git(["remote", "set-head", "origin", "main"])
    try clone.git(["config", "remote.origin.url", "https://user:secret@example.org/repo.git"])
    let snapshot = try agree(clone)
    let head = try #require(snapshot.list.index(of: Array("refs/remotes/origin/HEAD".utf8)))
    #expect(snapshot.list.target(at: head) == .alias(Array("refs/remotes/origin/main".utf8)))
    #expect(snapshot.remoteURL == "https://example.org/repo.git")
    // Unborn HEAD of the clone: an alias to a branch that does not exist.
    #expect(snapshot.list.resolve(at: 0) == .missing(name: Array("refs/heads/main".utf8), hops: 1))
  }

  @Test func danglingSymbolicRefGitItselfDoesNotList() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    try repository.commit("one")
    try repository.git(["symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/gone"])
    let list = try agree(repository).list
    let index = try #require(list.index(of: Array("refs/remotes/origin/HEAD".utf8)))
    #expect(list.target(at: index) == .alias(Array("refs/remotes/origin/gone".utf8)))
  }

  @Test func oddNames() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    let commit = try repository.commit("odd")
    let names: [[UInt8]] = [
      Array("refs/heads/caf".utf8) + [0xE9],  // Latin-1, not UTF-8
      Array("refs/heads/caf\u{e9}".utf8), Array("refs/heads/cafe\u{301}".utf8),  // NFC and NFD
      Array("refs/heads/\u{1F600}".utf8), Array("refs/heads/a-b".utf8), Array("refs/heads/a/b".utf8),
      Array("refs/heads/ab".utf8), Array("refs/heads/#hash".utf8), Array("refs/heads/x@y".utf8),
      Array("refs/heads/back\\slash".utf8).filter { $0 != UInt8(ascii: "\\") },
      Array("refs/pull/12/head".utf8), Array("refs/notes/commits".utf8),
      Array("refs/heads/".utf8) + [0xFF, 0xFE, 0x80],
    ]
    for name in names { try repository.writeLooseRef(name, contents: commit + "\n") }
    let list = try agree(repository).list
    for name in names { #expect(list.index(of: name) != nil, "\(name)") }
    #expect(list.counts.all.revision == names.count + 1)
    #expect(list.counts.outsidePullRequests.revision == names.count)
  }

  @Test func tagsOfTreesBlobsAndTags() throws {
    let repository = try GitRepositoryBuilder.make()
    defer { repository.remove() }
    try repository.commit("one")
    let tree = try repository.git(["rev-parse", "HEAD^{tree}"])
    let blob = try repository.git(["rev-parse", "HEAD:file.txt"])
    try repository.git(["tag", "tree-light", tree])
    try repository.git(["tag", "blob-light", blob])
    try repository.git(["tag", "-a", "tree-annotated", "-m", "a tree", tree])
    try repository.git(["tag", "-a", "inner", "-m", "inner"])
    try repository.git(["tag", "-a", "outer", "-m", "outer", "inner"])
    try repository.git(["update-ref", "refs/stash-like/x", "HEAD"])
    let list = try agree(repository).list
    #expect(list.targetType(at: try #require(list.index(of: Array("refs/tags/tree-light".utf8)))) == .directory)
    #expect(list.targetType(at: try #require(list.index(of: Array("refs/tags/blob-light".utf8)))) == .content)
    #expect(list.targetType(at: try #require(list.index(of: Array("refs/tags/outer".utf8)))) == .release)
  }

  @Test func emptyAndBareRepositories() throws {
    let empty = try GitRepositoryBuilder.make()
    defer { empty.remove() }
    let list = try agree(empty).list
    #expect(list.branches == [Branch(name: "HEAD", target: .alias(Array("refs/heads/main".utf8)))])

    let bare = try GitRepositoryBuilder.make(bare: true)
    defer { bare.remove() }
    let source = try GitRepositoryBuilder.make()
    defer { source.remove() }
    try source.commit("pushed")
    try source.git(["push", "-q", bare.directory.path, "main", "main:refs/heads/other"])
    #expect(try agree(bare).list.count == 3)
  }

  @Test func notARepository() throws {
    let directory = URL(fileURLWithPath: try TemporaryDirectory.create("nogit"))
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect {
      try GitArchiveReader().read(directory: directory.path)
    } throws: { error in
      guard case GitReadError.notARepository(let path, let message) = error else { return false }
      return path == directory.path && message.contains("not a git repository")
    }
  }
}
