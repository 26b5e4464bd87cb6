import Dispatch
import SnaprevApp
import BrowseUI
import CursesBackend
import FoundationEssentials
import ReviewUI
import SnapshotModel
import SWHArchive
import SWHModel
import SnapshotStore
import Synchronization
import TerminalCanvas
import TerminalGraphics
import TerminalWidgets
import TextEscaping

/// Runs `snaprev browse`'s effects: the archive store for snapshots, the snapshot store
/// for builds, and the reviewer's own shell (`ReviewShell`) for a build opened from a branch.
public final class BrowseShell: @unchecked Sendable {
  public let archive: ArchiveStore
  public let store: SnapshotStore
  public let reviewer: Reviewer
  public let cacheBytes: Int
  public let masks = AdHocMasks()
  /// Opened with the first review, so browsing alone never touches the image cache.
  private var reviewShell: ReviewShell?
  private var comparisonLoader: ReviewPreviewLoader?
  private let comparisonQueue = DispatchQueue(label: "snaprev.browse.compare")
  private let countQueue = DispatchQueue(label: "snaprev.browse.count")
  private let lock = Mutex(())
  private var comparisons: [String: ReviewData] = [:]
  /// The lists opened, for counting in the background.
  private var lists: [ObjectID: BranchList] = [:]
  /// The newest count asked for: older ones still queued are skipped (typing a filter
  /// asks for one per letter).
  private var latestCount: (ObjectID, BranchFilter)?

  public init(archive: ArchiveStore, store: SnapshotStore, reviewer: Reviewer, cacheBytes: Int) {
    self.archive = archive
    self.store = store
    self.reviewer = reviewer
    self.cacheBytes = cacheBytes
  }

  // MARK: - Browser effects

  /// Archived snapshot visits, newest first.
  public func snapshots() throws(ArchiveStoreError) -> [ArchivedSnapshot] {
    try archive.summaries().sorted { ($0.visit.date, $0.visit.snapshot) > ($1.visit.date, $1.visit.snapshot) }
  }

  public func snapshot(_ id: ObjectID) throws -> BrowsedSnapshot {
    guard let list = try archive.branchList(id) else {
      throw TerminalSession.Failure("snapshot \(SWHID.snapshot(id)) is not in the store \(archive.root)")
    }
    let visit = try archive.visits().last { $0.snapshot == id }
    lock.withLock { _ in lists[id] = list }
    return BrowsedSnapshot(list: list, targets: try archive.targetTable(id), visit: visit)
  }

  /// Builds with a head_sha; none when there is no snapshot store yet.
  public func builds() throws(StoreError) -> [LinkedBuild] {
    guard store.exists else { return [] }
    return try store.summaries().compactMap { summary in
      guard let sha = summary.artifact.vcs.headSha else { return nil }
      let build = ReviewStoreAdapter.summary(summary)
      return LinkedBuild(
        id: summary.id, headSHA: sha, appID: build.appID, headRef: build.headRef,
        buildConfiguration: build.buildConfiguration, status: Self.status(build))
    }
  }

  private static func status(_ build: BuildSummary) -> String? {
    switch build.approvalStatus {
    case .approved?: return "approved"
    case .autoApproved?: return "auto-approved"
    case .requiresApproval?: return "needs approval"
    case nil: return build.comparisonState
    }
  }

  public func perform(_ effect: BrowseAppEffect, post: @escaping @Sendable (BrowseAppAction) -> Void) -> [BrowseAppAction] {
    switch effect {
    case .quit:
      return []
    case .browser(.countRows(let id, let filter)):
      count(id, filter) { post(.browser($0)) }
      return []
    case .browser(let browserEffect):
      return performBrowser(browserEffect).map { .browser($0) }
    case .review(let reviewEffect, let ref):
      let token = ref.token
      let wrap: @Sendable (ReviewAction) -> Void = { post(.review($0, token: token)) }
      return performReview(reviewEffect, ref, post: wrap).map { .review($0, token: token) }
    }
  }

  private func performBrowser(_ effect: BrowseEffect) -> [BrowseAction] {
    do {
      switch effect {
      case .loadSnapshots: return [.snapshotsLoaded(try snapshots())]
      case .loadSnapshot(let id): return [.snapshotLoaded(try snapshot(id))]
      case .loadBuilds:
        do {
          return [.buildsLoaded(try builds())]
        } catch {
          return [.note(StatusMessage("Builds are not linked: \(error.description)", .warning))]
        }
      case .openBuild, .compareBuilds, .quit, .countRows:
        return []  // the app's reducer opens reviews and quits; counts run in `count`
      }
    } catch {
      return [.loadFailed("\(error)")]
    }
  }

  /// Counts a filter's rows on a background queue (a scan of the whole list).
  private func count(_ id: ObjectID, _ filter: BranchFilter, post: @escaping @Sendable (BrowseAction) -> Void) {
    let list = lock.withLock { _ in
      latestCount = (id, filter)
      return lists[id]
    }
    guard let list else { return }
    countQueue.async { [self] in
      let stale = lock.withLock { _ in latestCount.map { $0.0 != id || $0.1 != filter } ?? true }
      if stale { return }
      post(.rowsCounted(snapshot: id, filter: filter, count: list.count(matching: filter)))
    }
  }

  // MARK: - Reviewer effects

  private func reviews() -> ReviewShell {
    if let reviewShell { return reviewShell }
    let shell = ReviewShell(store: store, reviewer: reviewer, cacheBytes: cacheBytes)
    reviewShell = shell
    return shell
  }

  private func performReview(
    _ effect: ReviewEffect, _ ref: BrowseReviewRef, post: @escaping @Sendable (ReviewAction) -> Void
  ) -> [ReviewAction] {
    guard case .comparison(let base, let baseBranch, let head, let headBranch) = ref.kind else {
      return reviews().perform(effect, post: post)
    }
    switch effect {
    case .loadArtifact, .loadArtifacts:
      let label = ref.artifactID
      if let done = cached(label) { return [.artifactLoaded(done)] }
      let store = store
      let masks = masks
      comparisonQueue.async { [self] in
        do {
          let data = try AdHocComparison.run(
            store: store, base: base, baseBranch: baseBranch, head: head, headBranch: headBranch, label: label,
            masks: masks)
          remember(label, data)
          post(.artifactLoaded(data))
        } catch {
          post(.loadFailed("\(error)"))
        }
      }
      return []
    case .loadPreview(let request):
      return comparisonPreviews().load(request, deliver: post).map { [$0] } ?? []
    case .findAntialiased(let request, let base, let head):
      AntialiasedSearch.start(request, base: base, head: head, post: post)
      return []
    case .watchStore, .refreshStore:
      // A comparison is computed in memory: there is nothing stored to watch.
      return []
    case .approve, .revokeApproval, .setReviewed, .checkApproval, .requestChanges:
      // Not sent: a read-only ReviewState has no writing keys. Answered anyway, since a
      // comparison has nothing stored to write to.
      return [.effectFailed(BrowseApp.readOnlyText(ref))]
    case .quit:
      return []
    }
  }

  /// Previews of ad-hoc comparisons: images from the store, masks from memory.
  private func comparisonPreviews() -> ReviewPreviewLoader {
    if let comparisonLoader { return comparisonLoader }
    let store = store
    let masks = masks
    let loader = ReviewPreviewLoader(cache: ReviewImageCache(budgetBytes: cacheBytes)) { key in
      if let mask = masks.get(key) { return mask }
      return try store.imageData(key: key)
    }
    comparisonLoader = loader
    return loader
  }

  private func cached(_ label: String) -> ReviewData? {
    lock.withLock { _ in comparisons[label] }
  }

  private func remember(_ label: String, _ data: ReviewData) {
    lock.withLock { _ in comparisons[label] = data }
  }

  /// The browser as a terminal program (the reviewer runs inside it).
  public func program(_ initial: BrowseAppState) -> TerminalProgram<BrowseAppState, BrowseAppAction, BrowseAppEffect> {
    TerminalProgram(
      ui: initial, initialEffects: initial.initialEffects, configure: { state, mode in state.browser.colorMode = mode },
      update: BrowseApp.reduce, render: BrowseApp.render, perform: perform)
  }
}

/// Starting a browse session from the command line: what can fail is checked before
/// curses takes the screen, so those messages print normally.
public enum BrowseSession {
  /// The snapshot named on the command line: a SWHID, 40 hex digits, or a prefix of an
  /// archived snapshot's id (at least 4 digits) that names exactly one.
  public static func resolve(_ text: String, in archive: ArchiveStore) throws(TerminalSession.Failure) -> ObjectID {
    if let id = try? SWHID.parseSnapshot(text, allowBareHex: true) {
      guard try reading({ () throws(ArchiveStoreError) in try archive.branchList(id) }) != nil else {
        throw TerminalSession.Failure("snapshot \(SWHID.snapshot(id)) is not in the store \(archive.root) (add it with snaprev archive or snaprev import)")
      }
      return id
    }
    guard let matches = try snapshots(startingWith: text, in: archive) else {
      throw TerminalSession.Failure("\(SafeText.escaped(text)) is not a snapshot identifier (swh:1:snp:<40 hex>, 40 hex digits, or an unambiguous prefix)")
    }
    guard matches.count == 1, let id = matches.first else {
      throw TerminalSession.Failure(
        matches.isEmpty
          ? "no archived snapshot starts with \(prefixDigits(text)) in the store \(archive.root)"
          : "\(prefixDigits(text)) is ambiguous: \(matches.count) archived snapshots start with it")
    }
    return id
  }

  /// The archived snapshots whose ids start with `text` (4 to 39 hex digits, with or without
  /// `swh:1:snp:`); nil when `text` is not such a prefix. Shared by `browse` and `branches`,
  /// so both accept the same prefixes.
  public static func snapshots(startingWith text: String, in archive: ArchiveStore) throws(TerminalSession.Failure) -> [ObjectID]? {
    let digits = prefixDigits(text)
    guard digits.count >= 4, digits.count < 40, digits.allSatisfy(\.isHexDigit) else { return nil }
    let visits = try reading { () throws(ArchiveStoreError) in try archive.visits() }
    return Set(visits.map(\.snapshot).filter { $0.hex.hasPrefix(digits) }).sorted { $0.hex < $1.hex }
  }

  private static func prefixDigits(_ text: String) -> String {
    var digits = text.lowercased()
    if digits.hasPrefix(SWHID.snapshotPrefix) { digits.removeFirst(SWHID.snapshotPrefix.count) }
    return digits
  }

  /// A read of the archive whose error stops the session with the store's own message.
  private static func reading<Value>(
    _ read: () throws(ArchiveStoreError) -> Value
  ) throws(TerminalSession.Failure) -> Value {
    do {
      return try read()
    } catch {
      throw TerminalSession.Failure(error.description)
    }
  }

  /// Runs the browser on the stores at `root` and returns its exit code (`TerminalSession.run`).
  public static func run(
    root: String, snapshot: String?, reviewer: Reviewer, cacheBytes: Int, environment: [String: String],
    mouse: Bool = true, theme: ThemeRequest = .auto
  ) throws(TerminalSession.Failure) -> Int32 {
    let archive = ArchiveStore(storeRoot: root)
    let id = try snapshot.map { (text) throws(TerminalSession.Failure) in try resolve(text, in: archive) }
    let shell = BrowseShell(
      archive: archive, store: SnapshotStore(root: root), reviewer: reviewer, cacheBytes: cacheBytes)
    let state = BrowseAppState(browser: BrowseState(snapshotID: id), reviewer: reviewer.name)
    // Only the background is asked (the browser's reviewer draws block characters).
    let palette = TerminalProbe.detect(.blocks, theme: theme, environment: environment).palette
    return try TerminalSession.run(shell.program(state), environment: environment, mouse: mouse, palette: palette)
  }
}
