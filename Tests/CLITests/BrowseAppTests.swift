import BrowseUI
import Foundation
import ReviewUI
import SnapshotModel
import SWHArchive
import SWHModel
import SnapshotStore
import TerminalCanvas
import TestSupport
import Testing

@testable import DemoContent
@testable import SnaprevApp
@testable import SnaprevCLI
@testable import SnaprevShell

/// Runs `snaprev browse`'s program without a terminal: the app's reducer with the real
/// shell on a real store; background results are collected and applied on `settle`.
final class BrowseDriver {
  private final class Inbox: @unchecked Sendable {
    let lock = NSLock()
    var items: [BrowseAppAction] = []
    func post(_ action: BrowseAppAction) {
      lock.lock()
      items.append(action)
      lock.unlock()
    }
    func drain() -> [BrowseAppAction] {
      lock.lock()
      defer { lock.unlock() }
      let out = items
      items = []
      return out
    }
  }

  var app: BrowseAppState
  let shell: BrowseShell
  private let inbox = Inbox()
  private(set) var quit = false
  /// Every effect the program asked for, in order.
  private(set) var effects: [BrowseAppEffect] = []

  init(store: String, snapshot: ObjectID?, width: Int = 100, height: Int = 30) {
    shell = BrowseShell(
      archive: ArchiveStore(storeRoot: store), store: SnapshotStore(root: store),
      reviewer: Reviewer(name: "tess", username: "tess", source: .flag), cacheBytes: 64 << 20)
    app = BrowseAppState(browser: BrowseState(snapshotID: snapshot, width: width, height: height), reviewer: "tess")
    run(app.initialEffects)
  }

  private func run(_ initial: [BrowseAppEffect]) {
    var pending = initial
    while !pending.isEmpty {
      let effect = pending.removeFirst()
      effects.append(effect)
      if effect == .quit {
        quit = true
        continue
      }
      for action in shell.perform(effect, post: inbox.post) {
        pending += BrowseApp.reduce(&app, action)
      }
    }
  }

  func send(_ actions: [BrowseAppAction]) {
    for action in actions { run(BrowseApp.reduce(&app, action)) }
  }

  func keys(_ text: String) { send(text.map { .key(.character($0)) }) }
  func key(_ key: Key) { send([.key(key)]) }

  /// Applies background results until `done` holds (or the time is up).
  @discardableResult
  func settle(timeout: Double = 60, until done: (BrowseAppState) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !done(app) {
      let posted = inbox.drain()
      if posted.isEmpty {
        if Date() > deadline { return false }
        Thread.sleep(forTimeInterval: 0.02)
        continue
      }
      send(posted)
    }
    return true
  }

  var screen: String {
    var canvas = Canvas(width: 0, height: 0)
    BrowseApp.render(app, into: &canvas)
    return canvas.text
  }

  /// Moves the selection to the branch called `name`, from the first row down.
  func select(branch name: String) {
    key(.home)
    for _ in 0..<50 {
      if let row = app.browser.branches?.selectedRow, row.name == Array(name.utf8) { return }
      key(.down)
    }
  }
}

/// The browser and the reviewer as one program: a branch opens its build, two branches
/// compare their builds read-only, and leaving the reviewer returns to the browser.
@Suite(.serialized)
struct BrowseAppTests {
  @Test func shellListsBuildsWithTheirHeadSHAs() throws {
    let (store, _) = try BrowseE2E.linkedStore()
    let shell = BrowseShell(
      archive: ArchiveStore(storeRoot: store), store: SnapshotStore(root: store),
      reviewer: Reviewer(name: "tess", username: "tess", source: .flag), cacheBytes: 64 << 20)
    let builds = try shell.builds()
    #expect(builds.map(\.id).sorted() == ["1", "2"])
    #expect(builds.first { $0.id == "2" }?.headSHA == DemoBuild.headSHA)
    #expect(builds.first { $0.id == "1" }?.headSHA == DemoBuild.baseSHA)
  }

  @Test func enterOnABranchOpensItsBuildAndQuitReturnsToTheBrowser() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let driver = BrowseDriver(store: store, snapshot: id)
    #expect(driver.app.browser.branches?.snapshot.id == id)
    #expect(driver.screen.contains("● refs/heads/feature/trail-profiles"))
    driver.select(branch: "refs/heads/feature/trail-profiles")
    driver.key(.enter)
    #expect(driver.effects.contains { effect in
      if case .review(.loadArtifact(id: "2"), let ref) = effect { return ref.kind == .build(id: "2") }
      return false
    })
    #expect(driver.app.review?.state.review?.data.artifact.id == "2")
    #expect(driver.screen.contains("#2  com.trailmix.app"))
    driver.keys("q")
    #expect(driver.app.review == nil && !driver.quit)
    #expect(driver.screen.contains("Back from build #2"))
    #expect(driver.app.browser.branches?.selectedRow?.name == Array("refs/heads/feature/trail-profiles".utf8))
    driver.keys("q")
    #expect(driver.quit)
  }

  @Test func escapeLeavesTheReviewerOnlyWhenNothingIsLeftToClear() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let driver = BrowseDriver(store: store, snapshot: id)
    driver.select(branch: "refs/heads/main")
    driver.key(.enter)
    #expect(driver.app.review?.state.review?.data.artifact.id == "1")
    driver.keys("/x")
    driver.key(.enter)  // a filter is set: Esc clears it first
    driver.key(.escape)
    #expect(driver.app.review != nil)
    #expect(driver.app.review?.state.review?.filter == "")
    driver.key(.escape)
    #expect(driver.app.review == nil)
  }

  @Test func comparingTwoBranchesIsReadOnlyAndMatchesTheStoredComparison() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let filesBefore = Self.files(store)
    let driver = BrowseDriver(store: store, snapshot: id)
    driver.select(branch: "refs/heads/feature/trail-profiles")
    driver.keys("c")
    #expect(driver.screen.contains("Mark a base first"))
    driver.select(branch: "refs/heads/main")
    driver.keys("m")
    #expect(driver.app.browser.branches?.base?.build.id == "1")
    #expect(driver.screen.contains("◆ refs/heads/main"))
    driver.select(branch: "refs/heads/feature/trail-profiles")
    driver.keys("c")
    #expect(driver.app.review?.ref.isReadOnly == true)
    #expect(driver.settle { $0.review?.state.review != nil })
    let data = try #require(driver.app.review?.state.review?.data)
    #expect(data.artifact.id == "2 vs #1")
    #expect(data.artifact.headRef == "refs/heads/feature/trail-profiles" && data.artifact.baseRef == "refs/heads/main")
    #expect(driver.screen.contains("comparison ad hoc, read-only"))

    // The same pair as the store's own comparison of #2 (its base is #1): same categories.
    let stored = try SnapshotStore(root: store).details(of: "2")
    var storedCounts: [ReviewCategory: Int] = [:]
    for item in stored.items { storedCounts[ReviewStoreAdapter.category(item.category), default: 0] += 1 }
    var adHocCounts: [ReviewCategory: Int] = [:]
    for entry in data.entries { adHocCounts[entry.category, default: 0] += 1 }
    #expect(adHocCounts == storedCounts)
    #expect(data.entries.map(\.fileName) == stored.items.map(\.imageFileName))
    // Changed images got a mask, kept in memory, not in the store.
    let changed = data.entries.filter { $0.category == .changed }
    #expect(!changed.isEmpty && changed.allSatisfy { $0.diffImageKey?.hasPrefix(AdHocMasks.keyPrefix) == true })
    let maskKey = try #require(changed.first?.diffImageKey)
    #expect(driver.shell.masks.get(maskKey) != nil)
    #expect(Self.files(store) == filesBefore)  // nothing written: no mask, no comparison record

    // Approving and marking are refused with a message, and nothing is written.
    let before = try SnapshotStore(root: store).summary(of: "2").approval
    let effectCount = driver.effects.count
    driver.keys("a")
    #expect(driver.app.review?.state.overlay == nil)
    #expect(driver.app.review?.state.message?.text.contains("Read-only") == true)
    driver.keys("x")
    #expect(driver.app.review?.state.message?.text.contains("not stored") == true)
    #expect(driver.app.review?.state.review?.data.reviewed.isEmpty == true)
    #expect(!driver.effects.dropFirst(effectCount).contains { effect in
      if case .review(.approve, _) = effect { return true }
      if case .review(.setReviewed, _) = effect { return true }
      return false
    })
    #expect(try SnapshotStore(root: store).summary(of: "2").approval == before)
    #expect(try SnapshotStore(root: store).reviewedImages(artifact: "2", reviewer: driver.shell.reviewer).isEmpty)

    // r reloads the same in-memory comparison, never the stored one.
    driver.keys("r")
    #expect(driver.settle { $0.review?.state.review?.data.artifact.id == "2 vs #1" && $0.review?.state.loadingArtifact == nil })
    driver.keys("q")
    #expect(driver.app.review == nil)
    #expect(driver.screen.contains("Back from the comparison #2 vs #1"))
    #expect(driver.app.browser.branches?.base?.build.id == "1")  // still marked for another head
  }

  static func files(_ root: String) -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).filter { !$0.hasSuffix("lock") }.sorted()
  }

  @Test func stalePreviewsOfAClosedReviewAreDropped() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let driver = BrowseDriver(store: store, snapshot: id)
    driver.select(branch: "refs/heads/main")
    driver.key(.enter)
    let token = try #require(driver.app.review?.ref.token)
    driver.keys("q")
    driver.send([.review(.loadFailed("late"), token: token)])
    #expect(driver.app.review == nil)
    #expect(driver.app.browser.message?.text.contains("late") != true)
  }

  @Test func controlCQuitsFromInsideTheReviewer() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let driver = BrowseDriver(store: store, snapshot: id)
    driver.select(branch: "refs/heads/main")
    driver.key(.enter)
    #expect(driver.app.review != nil)
    driver.key(.control("c"))
    #expect(driver.quit)
  }

  @Test func theListShowsVisitsNewestFirstAndOpensOne() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let (list, _) = try BrowseE2E.linkedList()
    let later = ArchiveVisit(snapshot: id, origin: nil, date: 1_800_000_000, source: .api, location: "https://archive.example/api/1/")
    try ArchiveStore(storeRoot: store).save(list, visit: later)
    let driver = BrowseDriver(store: store, snapshot: nil)
    let items = driver.app.browser.snapshots.items
    #expect(items.map(\.visit.date) == [1_800_000_000, 1_700_100_000])
    #expect(driver.screen.contains("api: https://archive.example/api/1/"))
    driver.key(.enter)
    #expect(driver.app.browser.screen == .branches && driver.app.browser.branches?.snapshot.id == id)
    #expect(driver.app.browser.branches?.snapshot.visit?.date == 1_800_000_000)  // the newest visit's origin and date
  }

  @Test func anUnreadableVisitIsReportedOnTheList() throws {
    let (store, _) = try BrowseE2E.linkedStore()
    let visits = store + "/archive/visits"
    try Data("{not json".utf8).write(to: URL(fileURLWithPath: visits + "/broken.json"))
    let driver = BrowseDriver(store: store, snapshot: nil)
    #expect(driver.app.browser.snapshots.error?.contains("broken.json") == true)
    // The whole message, path included, wrapped over the rows.
    // A path is cut anywhere, words wrap at spaces: where the row ends depends on the
    // temporary directory's length.
    let rows = driver.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(rows.joined().contains("\(visits)/broken.json"))
    #expect(rows.joined(separator: " ").contains("is unreadable"))
  }

  @Test func snapshotArgumentsResolveByPrefixAndFailClearly() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let archive = ArchiveStore(storeRoot: store)
    #expect(try BrowseSession.resolve(SWHID.snapshot(id), in: archive) == id)
    #expect(try BrowseSession.resolve(id.hex, in: archive) == id)
    #expect(try BrowseSession.resolve(String(id.hex.prefix(8)), in: archive) == id)
    #expect(try BrowseSession.resolve("swh:1:snp:" + id.hex.prefix(6), in: archive) == id)
    #expect(throws: TerminalSession.Failure.self) { try BrowseSession.resolve("zzzz", in: archive) }
    let missing = String(repeating: "ab", count: 20)
    do {
      _ = try BrowseSession.resolve(missing, in: archive)
      Issue.record("a snapshot that is not stored should fail")
    } catch {
      #expect("\(error)".contains("swh:1:snp:\(missing) is not in the store"))
    }
  }
}
