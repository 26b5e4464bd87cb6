import BrowseUI
import ReviewUI
import TerminalCanvas
import TerminalWidgets

/// `snaprev browse` is one program: the branch browser, with the reviewer opened on top
/// of it in the same terminal session. This file composes the two pure state machines;
/// `BrowseShell` runs their effects.

/// A review opened from the browser, either a stored build or an ad-hoc comparison.
public struct BrowseReviewRef: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case build(id: String)
    /// Two builds compared in memory: nothing is stored, so nothing can be approved.
    case comparison(base: LinkedBuild, baseBranch: [UInt8], head: LinkedBuild, headBranch: [UInt8])
  }

  public var token: Int
  public var kind: Kind

  public var isReadOnly: Bool {
    if case .comparison = kind { return true }
    return false
  }

  /// The id the reviewer shows and loads: the build's, or "2 vs #1" for a comparison.
  public var artifactID: String {
    switch kind {
    case .build(let id): return id
    case .comparison(let base, _, let head, _): return "\(head.id) vs #\(base.id)"
    }
  }
}

public struct BrowseReviewSession: Sendable {
  public var ref: BrowseReviewRef
  public var state: ReviewState
}

public struct BrowseAppState: Sendable {
  public var browser: BrowseState
  public var review: BrowseReviewSession?
  public var reviewer: String
  public var nextToken = 1

  public init(browser: BrowseState, reviewer: String) {
    self.browser = browser
    self.reviewer = reviewer
  }

  public var initialEffects: [BrowseAppEffect] { browser.initialEffects.map(BrowseAppEffect.browser) }
}

public enum BrowseAppAction: Sendable {
  case key(Key)
  /// A click or wheel notch: the reviewer's when one is open, else the browser's.
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)
  case browser(BrowseAction)
  /// A reviewer action for the session with this token (stale sessions' results are dropped).
  case review(ReviewAction, token: Int)
}

public enum BrowseAppEffect: Sendable, Equatable {
  case browser(BrowseEffect)
  case review(ReviewEffect, BrowseReviewRef)
  case quit
}

public enum BrowseApp {
  public static func readOnlyText(_ ref: BrowseReviewRef) -> String {
    guard case .comparison(let base, _, let head, _) = ref.kind else { return "" }
    return "Read-only: #\(head.id) against base #\(base.id) is an ad-hoc comparison, not stored; approve builds in snaprev review"
  }

  /// The update function of the whole program: routes input to the screen on top.
  public static func reduce(_ app: inout BrowseAppState, _ action: BrowseAppAction) -> [BrowseAppEffect] {
    switch action {
    case .resize(let width, let height):
      var effects = browserEffects(&app, BrowseUI.reduce(&app.browser, .resize(width: width, height: height)))
      if var session = app.review {
        let resized = ReviewUI.reduce(&session.state, .resize(width: width, height: height))
        app.review = session
        effects += reviewEffects(&app, session.ref, resized)
      }
      return effects

    case .key(let key):
      // Ctrl-C leaves the whole program, wherever it is pressed.
      if key == .control("c") {
        app.browser.quitting = true
        return [.quit]
      }
      guard var session = app.review else {
        return browserEffects(&app, BrowseUI.reduce(&app.browser, .key(key)))
      }
      if key == .escape, hasNothingToClear(session.state) {
        return closeReview(&app, session.ref)
      }
      let effects = ReviewUI.reduce(&session.state, .key(key))
      app.review = session
      return reviewEffects(&app, session.ref, effects)

    case .mouse(let event):
      guard var session = app.review else {
        return browserEffects(&app, BrowseUI.reduce(&app.browser, .mouse(event)))
      }
      let effects = ReviewUI.reduce(&session.state, .mouse(event))
      app.review = session
      return reviewEffects(&app, session.ref, effects)

    case .browser(let browserAction):
      return browserEffects(&app, BrowseUI.reduce(&app.browser, browserAction))

    case .review(let reviewAction, let token):
      guard var session = app.review, session.ref.token == token else { return [] }
      let effects = ReviewUI.reduce(&session.state, reviewAction)
      app.review = session
      return reviewEffects(&app, session.ref, effects)
    }
  }

  /// Esc on a review with no filter, zoom or overlay to clear goes back to the browser.
  private static func hasNothingToClear(_ state: ReviewState) -> Bool {
    guard state.overlay == nil else { return false }
    guard let review = state.review else { return true }
    return !review.editingFilter && review.filter.isEmpty && review.zoom == .fit
  }

  private static func closeReview(_ app: inout BrowseAppState, _ ref: BrowseReviewRef) -> [BrowseAppEffect] {
    app.review = nil
    let what = ref.isReadOnly ? "the comparison #\(ref.artifactID)" : "build #\(ref.artifactID)"
    _ = BrowseUI.reduce(&app.browser, .note(StatusMessage("Back from \(what) · q quits")))
    return []
  }

  private static func browserEffects(_ app: inout BrowseAppState, _ effects: [BrowseEffect]) -> [BrowseAppEffect] {
    var out: [BrowseAppEffect] = []
    for effect in effects {
      switch effect {
      case .quit:
        return out + [.quit]
      case .openBuild(let build, _):
        out += openReview(&app, .build(id: build.id))
      case .compareBuilds(let base, let baseBranch, let head, let headBranch):
        out += openReview(&app, .comparison(base: base, baseBranch: baseBranch, head: head, headBranch: headBranch))
      case .loadSnapshots, .loadSnapshot, .loadBuilds, .countRows:
        out.append(.browser(effect))
      }
    }
    return out
  }

  private static func openReview(_ app: inout BrowseAppState, _ kind: BrowseReviewRef.Kind) -> [BrowseAppEffect] {
    let ref = BrowseReviewRef(token: app.nextToken, kind: kind)
    app.nextToken += 1
    var state = ReviewState(
      artifactID: ref.artifactID, reviewer: app.reviewer, width: app.browser.width, height: app.browser.height,
      colorMode: app.browser.colorMode)
    if ref.isReadOnly {
      state.readOnlyReason = readOnlyText(ref)
      state.message = StatusMessage(readOnlyText(ref), .info)
    }
    app.review = BrowseReviewSession(ref: ref, state: state)
    return state.initialEffects.map { .review($0, ref) }
  }

  private static func reviewEffects(
    _ app: inout BrowseAppState, _ ref: BrowseReviewRef, _ effects: [ReviewEffect]
  ) -> [BrowseAppEffect] {
    var out: [BrowseAppEffect] = []
    for effect in effects {
      switch effect {
      case .quit:
        // q in the reviewer returns to the browser it was opened from.
        return out + closeReview(&app, ref)
      case .approve, .revokeApproval, .setReviewed, .loadArtifacts, .loadArtifact, .loadPreview, .watchStore,
        .refreshStore, .checkApproval, .requestChanges, .findAntialiased:
        // A read-only review never asks for a write: ReviewState.readOnly refuses the keys.
        out.append(.review(effect, ref))
      }
    }
    return out
  }

  public static func render(_ app: BrowseAppState, into canvas: inout Canvas) {
    if let session = app.review {
      ReviewUI.render(session.state, into: &canvas)
    } else {
      BrowseUI.render(app.browser, into: &canvas)
    }
  }
}
