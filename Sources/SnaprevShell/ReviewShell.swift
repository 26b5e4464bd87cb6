import SnaprevApp
import CursesBackend
import ReviewUI
import SnapshotModel
import SnapshotStore
import TerminalCanvas
import TerminalGraphics

/// Runs the reviewer's effects against the store and the image cache. Store writes go
/// through the same `SnapshotStore` calls as `snaprev approve` / `unapprove`.
public final class ReviewShell {
  public let store: SnapshotStore
  public let reviewer: Reviewer
  public let loader: ReviewPreviewLoader
  /// Polling instead of inotify (the fallback, forced: tests and `SNAPREV_WATCH=poll`).
  let forcePolling: Bool
  private var watch: DirectoryWatch?

  public init(store: SnapshotStore, reviewer: Reviewer, cacheBytes: Int, forcePolling: Bool = false) {
    self.store = store
    self.reviewer = reviewer
    self.forcePolling = forcePolling
    let reader = store
    loader = ReviewPreviewLoader(cache: ReviewImageCache(budgetBytes: cacheBytes)) { key in
      try reader.imageData(key: key)
    }
  }

  /// The builds, newest first.
  public func artifacts() throws(StoreError) -> [BuildSummary] {
    var builds: [BuildSummary] = []
    for summary in try store.summaries().reversed() {
      builds.append(ReviewStoreAdapter.summary(summary, changeRequests: try changeNotes(summary)))
    }
    return builds
  }

  /// One build as stored now, with its standing change requests.
  func summary(of id: String) throws(StoreError) -> BuildSummary {
    let summary = try store.summary(of: id)
    return ReviewStoreAdapter.summary(summary, changeRequests: try changeNotes(summary))
  }

  private func changeNotes(_ summary: ArtifactSummary) throws(StoreError) -> [ChangeNote] {
    ChangeRequest.standing(try store.changeRequests(artifact: summary.artifact.id), approval: summary.approval).map {
      ChangeNote(fileName: $0.imageFileName, note: $0.note, by: $0.reviewer.name)
    }
  }

  public func reviewData(id: String) throws(StoreError) -> ReviewData {
    let details = try store.details(of: id)
    var marks = try store.reviewMarks(artifact: id)
    let reviewed = marks.removeValue(forKey: reviewer.username) ?? []
    return ReviewStoreAdapter.data(
      details, reviewed: reviewed, othersReviewed: marks, changeRequests: try changeNotes(details.summary))
  }

  /// Starts the store watch once; each change becomes a `storeChanged` in the loop's mailbox.
  func startWatching(post: @escaping @Sendable (ReviewAction) -> Void) {
    guard watch == nil else { return }
    let store = store
    let watch = DirectoryWatch(directories: { store.watchedDirectories() }, forcePolling: forcePolling) {
      post(.storeChanged)
    }
    watch.start()
    self.watch = watch
  }

  deinit { watch?.stop() }

  /// Performs `effect`; quick results are returned, previews may arrive through `post`.
  public func perform(_ effect: ReviewEffect, post: @escaping @Sendable (ReviewAction) -> Void) -> [ReviewAction] {
    do {
      switch effect {
      case .quit:
        return []
      case .watchStore:
        startWatching(post: post)
        return []
      case .refreshStore(let openID):
        return [.storeRefreshed(StoreRefresh(artifacts: try artifacts(), open: try openID.map { id throws(StoreError) in try reviewData(id: id) }))]
      case .checkApproval(let id):
        return [.approvalChecked(try summary(of: id))]
      case .requestChanges(let id, let fileName, let note):
        try store.requestChanges(artifact: id, imageFileName: fileName, note: note, reviewer: reviewer)
        return [.changesRequestSaved(try summary(of: id), fileName: fileName)]
      case .loadArtifacts:
        return [.artifactsLoaded(try artifacts())]
      case .loadArtifact(let id):
        return [.artifactLoaded(try reviewData(id: id))]
      case .loadPreview(let request) where request.prefetch:
        loader.prefetch(request)
        return []
      case .loadPreview(let request):
        return loader.load(request, deliver: post).map { [$0] } ?? []
      case .findAntialiased(let request, let base, let head):
        AntialiasedSearch.start(request, base: base, head: head, post: post)
        return []
      case .approve(let id, let force):
        let outcome = try store.approve(id: id, reviewer: reviewer, force: force)
        let summary = try summary(of: id)
        switch outcome {
        case .approved:
          return [.approvalSaved(summary, approved: true, message: "Approved build #\(id) as \(reviewer.name)", undoable: true)]
        case .alreadyApproved:
          return [.approvalSaved(summary, approved: true, message: "Already approved", undoable: false)]
        }
      case .revokeApproval(let id):
        try store.unapprove(id: id, reviewer: reviewer)
        let summary = try summary(of: id)
        return [
          .approvalSaved(summary, approved: false, message: "Undid the approval of build #\(id): revoked (kept in the history)", undoable: false)
        ]
      case .setReviewed(let id, let fileName, let reviewed, let undo):
        if reviewed {
          try store.markReviewed(artifact: id, imageFileName: fileName, reviewer: reviewer)
        } else {
          try store.unmark(artifact: id, imageFileName: fileName, reviewer: reviewer)
        }
        return [.reviewMarkSaved(fileName: fileName, reviewed: reviewed, undoable: !undo)]
      }
    } catch {
      switch effect {
      case .loadArtifact, .loadArtifacts: return [.loadFailed(error.description)]
      default: return [.effectFailed(error.description)]
      }
    }
  }

  /// The reviewer as a terminal program. With a graphics path (`graphics.cell` set) the
  /// preview's image cells are left blank and the images are placed there in pixels; in
  /// block mode images are drawn with libchafa's symbols (`ReviewSymbols`).
  public func program(
    _ initial: ReviewState, graphics: GraphicsMode = .blocks
  ) -> TerminalProgram<ReviewState, ReviewAction, ReviewEffect> {
    guard graphics.path != .blocks, let cell = graphics.cell else {
      let memo = ReviewSymbols.Memo()
      return TerminalProgram(
        ui: initial, initialEffects: initial.initialEffects + [.watchStore],
        configure: { state, mode in state.colorMode = mode }, update: reduce, render: { state, canvas in ReviewSymbols.render(state, into: &canvas, memo: memo) },
        perform: perform)
    }
    return TerminalProgram(
      ui: initial, initialEffects: initial.initialEffects + [.watchStore],
      configure: { state, mode in state.colorMode = mode }, update: reduce, render: { state, canvas in _ = ReviewGraphics.render(state, cell: cell, into: &canvas) },
      perform: perform, placements: { ReviewGraphics.placements($0, cell: cell) })
  }
}

/// Starting a review session from the command line: checks that can fail are made
/// before curses takes the screen, so their messages print normally.
public enum ReviewSession {
  /// Runs the reviewer on `store` and returns its exit code (`TerminalSession.run`). The
  /// terminal is asked which image path it supports (`graphics`, `auto` by default) before
  /// curses starts.
  public static func run(
    store: SnapshotStore, reviewer: Reviewer, artifactID: String?, cacheBytes: Int, environment: [String: String],
    graphics: GraphicsRequest = .auto, mouse: Bool = true, theme: ThemeRequest = .auto
  ) throws(TerminalSession.Failure) -> Int32 {
    guard store.exists else {
      throw TerminalSession.Failure(StoreError.noStore(path: store.root).description)
    }
    if let artifactID {
      do {
        _ = try store.summary(of: artifactID)
      } catch {
        throw TerminalSession.Failure(error.description)
      }
    }
    let shell = ReviewShell(
      store: store, reviewer: reviewer, cacheBytes: cacheBytes, forcePolling: environment["SNAPREV_WATCH"] == "poll")
    let state = ReviewState(artifactID: artifactID, reviewer: reviewer.name)
    let found = TerminalProbe.detect(graphics, theme: theme, environment: environment)
    return try TerminalSession.run(
      shell.program(state, graphics: found.graphics), environment: environment, graphics: found.graphics, mouse: mouse,
      palette: found.palette)
  }
}
