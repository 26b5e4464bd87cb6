import Foundation
import ProcessSpawn
import SWHArchive
import SWHModel
import SnapshotStore
import TestSupport
import Testing

/// SIGKILL at every durable step of an upload (`SNAPREV_TEST_KILL_AFTER_WRITES=N` makes
/// the binary kill itself after its N-th write, fsync or rename): the store stays readable
/// and the artifact is wholly there or absent.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct StoreCrashTests {
  /// Copies a prepared store so every kill point starts from the same state.
  static func copy(_ source: String, to destination: String) throws {
    try? FileManager.default.removeItem(atPath: destination)
    try FileManager.default.copyItem(atPath: source, toPath: destination)
  }

  /// The artifact with this id is absent, or present with every file and its comparison.
  static func expectWholeOrAbsent(_ store: SnapshotStore, id: String, imageCount: Int, step: Int) throws {
    let ids = try store.summaries().map(\.id)
    guard ids.contains(id) else { return }
    let summary = try store.summary(of: id)
    #expect(summary.artifact.imageCount == imageCount, "step \(step)")
    #expect(summary.comparison.state == "success", "step \(step): the comparison commits with the artifact")
    let details = try store.details(of: id)
    #expect(details.items.count >= imageCount, "step \(step)")
    for item in details.items {
      for key in [item.headKey, item.baseKey, item.diffImageKey].compactMap({ $0 }) {
        #expect(!(try store.imageData(key: key)).isEmpty, "step \(step): blob \(key) present")
      }
    }
    _ = try store.snapshotDetails(of: id)
  }

  @Test func killedAtAnyPointTheUploadIsWhollyThereOrAbsent() throws {
    let root = try TemporaryDirectory.create("store-crash")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let prepared = root + "/prepared"
    let base = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (20, nil), "c.png": (30, nil)])
    let head = try StoreCLI.folder(
      root, "head", ["a.png": (10, nil), "b.png": (20, 2), "d.png": (40, nil), "sub/e.png": (50, nil)])
    #expect(try SnaprevBinary.run(["upload", base, "--head-sha", "s0", "--store", prepared]).status == 0)

    var step = 1
    var sawKill = false
    var sawPresent = false
    while step < 400 {
      let store = root + "/run"
      try Self.copy(prepared, to: store)
      let run = try SnaprevBinary.run(
        ["upload", head, "--head-sha", "s1", "--base-sha", "s0", "--store", store],
        environment: ["SNAPREV_TEST_KILL_AFTER_WRITES": "\(step)"])
      let opened = SnapshotStore(root: store)
      try Self.expectWholeOrAbsent(opened, id: "2", imageCount: 4, step: step)
      let present = try opened.summaries().count == 2
      sawPresent = sawPresent || present
      // After a crash the store takes the next upload normally.
      let again = try SnaprevBinary.run(["upload", head, "--head-sha", "s2", "--base-sha", "s0", "--store", store])
      #expect(again.status == 0, "step \(step): \(again.stderrText)")
      #expect(StoreCLI.temporaryFiles(store).isEmpty, "step \(step): \(StoreCLI.temporaryFiles(store))")
      try Self.expectWholeOrAbsent(opened, id: again.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), imageCount: 4, step: step)
      if run.termination.signal == nil {
        #expect(run.status == 0, "step \(step): \(run.stderrText)")
        break
      }
      sawKill = true
      step += 1
    }
    #expect(sawKill && sawPresent)
    #expect(step > 10, "an upload has many durable steps; \(step) seems too few")
  }

  @Test func killedWhileComparingWaitingHeadsTheNextUploadCatchesUp() throws {
    let root = try TemporaryDirectory.create("store-crash")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let prepared = root + "/prepared"
    let head = try StoreCLI.folder(root, "head", ["a.png": (10, 1), "b.png": (20, nil)])
    let base = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (20, nil)])
    let other = try StoreCLI.folder(root, "other", ["z.png": (90, nil)])
    #expect(try SnaprevBinary.run(["upload", head, "--head-sha", "s1", "--base-sha", "s0", "--store", prepared]).status == 0)

    var step = 1
    var caughtUp = 0
    while step < 400 {
      let store = root + "/run"
      try Self.copy(prepared, to: store)
      let run = try SnaprevBinary.run(
        ["upload", base, "--head-sha", "s0", "--store", store], environment: ["SNAPREV_TEST_KILL_AFTER_WRITES": "\(step)"])
      let opened = SnapshotStore(root: store)
      let summaries = try opened.summaries()
      let headState = try opened.summary(of: "1").comparison.state
      #expect(headState == "waiting_for_base" || headState == "success", "step \(step)")
      if summaries.count == 2 && headState == "waiting_for_base" {
        // The base landed but its waiting head was not compared yet: any later upload does it.
        #expect(try SnaprevBinary.run(["upload", other, "--store", store]).status == 0)
        #expect(try opened.summary(of: "1").comparison.state == "success", "step \(step)")
        #expect(StoreCLI.temporaryFiles(store).isEmpty, "step \(step): \(StoreCLI.temporaryFiles(store))")
        caughtUp += 1
      }
      if run.termination.signal == nil { break }
      step += 1
    }
    #expect(caughtUp > 0)
  }

  // MARK: The archive: `snaprev import` and `snaprev archive`

  /// The archive holds no visit of `id`, or holds it with a complete, verified branch list;
  /// every stored visit names a snapshot that is there (summaries throws otherwise).
  static func expectArchiveWholeOrAbsent(_ storeRoot: String, id: String, visits: Int, step: Int) throws -> Bool {
    let archive = ArchiveStore(storeRoot: storeRoot)
    let summaries = try archive.summaries()
    let stored = summaries.filter { SWHID.snapshot($0.visit.snapshot) == id }
    #expect(summaries.count - stored.count == visits, "step \(step): earlier visits kept")
    guard let visit = stored.first else { return false }
    try archive.verify(visit.visit.snapshot)
    return true
  }

  /// Kills `arguments` (an `import` or `archive` into `--store`) at every durable step, from
  /// an empty store and from one that already holds another snapshot: each time the
  /// snapshot is wholly there or absent, and the next run stores it.
  static func killArchiveWriterAtEveryStep(_ arguments: [String], prepare: (String) throws -> Int, label: String) throws {
    let root = try TemporaryDirectory.create("archive-crash")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/run"
    let reference = try SnaprevBinary.run(arguments + ["--store", root + "/reference"])
    try #require(reference.status == 0, "\(reference.stderrText)")
    let id = reference.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)

    var step = 1
    var sawKill = false
    var sawPresent = false
    while step < 200 {
      try? FileManager.default.removeItem(atPath: store)
      let earlier = try prepare(store)
      let run = try SnaprevBinary.run(arguments + ["--store", store], environment: ["SNAPREV_TEST_KILL_AFTER_WRITES": "\(step)"])
      let present = try expectArchiveWholeOrAbsent(store, id: id, visits: earlier, step: step)
      sawPresent = sawPresent || (present && run.termination.signal != nil)
      let again = try SnaprevBinary.run(arguments + ["--store", store])
      #expect(again.status == 0, "\(label) step \(step): \(again.stderrText)")
      #expect(again.stdoutText == reference.stdoutText, "\(label) step \(step)")
      #expect(try expectArchiveWholeOrAbsent(store, id: id, visits: earlier, step: step), "\(label) step \(step)")
      if run.termination.signal == nil {
        #expect(run.status == 0, "\(label) step \(step): \(run.stderrText)")
        break
      }
      sawKill = true
      step += 1
    }
    #expect(sawKill && sawPresent, "\(label)")
    #expect(step > 8, "\(label): a first archive has many durable steps; \(step) seems too few")
  }

  @Test func killedAtAnyPointTheImportIsWhollyThereOrAbsent() throws {
    let pages = try TemporaryDirectory.create("archive-crash-pages")
    defer { try? FileManager.default.removeItem(atPath: pages) }
    let files = try ArchiveCLI.pageFiles(in: pages)
    let other = try GitFixture.repository(in: pages + "/other", branches: 3)
    try Self.killArchiveWriterAtEveryStep(["import"] + files, prepare: { _ in 0 }, label: "import into an empty store")
    try Self.killArchiveWriterAtEveryStep(
      ["import"] + files,
      prepare: { (store: String) throws -> Int in
        let archived = try SnaprevBinary.run(["archive", other, "--store", store])
        #expect(archived.status == 0)
        return 1
      }, label: "import beside another snapshot")
  }

  @Test func killedAtAnyPointTheArchiveIsWhollyThereOrAbsent() throws {
    let root = try TemporaryDirectory.create("archive-crash-git")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let repository = try GitFixture.repository(in: root + "/repo", branches: 20)
    try Self.killArchiveWriterAtEveryStep(["archive", repository], prepare: { _ in 0 }, label: "archive into an empty store")
  }
}

/// A small git repository: one commit per branch, an annotated tag, a symbolic ref.
enum GitFixture {
  /// Runs `git -C repository arguments` with a fixed author, committer and dates (so
  /// commits, and so identifiers, are reproducible) and no user configuration.
  @discardableResult
  static func git(_ repository: String, _ arguments: [String]) throws -> String {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
    for (key, value) in [
      ("GIT_AUTHOR_NAME", "Ada"), ("GIT_AUTHOR_EMAIL", "ada@example.org"), ("GIT_COMMITTER_NAME", "Ada"),
      ("GIT_COMMITTER_EMAIL", "ada@example.org"), ("GIT_AUTHOR_DATE", "@1700000000 +0000"),
      ("GIT_COMMITTER_DATE", "@1700000000 +0000"), ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ] { environment[key] = value }
    let result = try Spawn.run(try Installed.path("git"), ["-C", repository] + arguments, environment: environment)
    guard result.status == 0 else { throw ArchiveTestError("git \(arguments) failed: \(result.stderrText)") }
    return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func repository(in path: String, branches: Int) throws -> String {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    func git(_ arguments: [String]) throws { try GitFixture.git(path, arguments) }
    try git(["init", "-q", "-b", "main"])
    for index in 0..<branches {
      try git(["commit", "-q", "--allow-empty", "-m", "commit \(index)"])
      try git(["branch", "b\(index)"])
    }
    try git(["tag", "-a", "v1", "-m", "one"])
    try git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"])
    return path
  }
}
