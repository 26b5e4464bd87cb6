import DiffCore
import TerminalCanvas

/// Everything that can change the reviewer's state: input, and the results of effects.
public enum ReviewAction: Sendable {
  case key(Key)
  /// A click or wheel notch (SGR mouse reports; `--no-mouse` turns them off).
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)
  case artifactsLoaded([BuildSummary])
  case artifactLoaded(ReviewData)
  case loadFailed(String)
  case previewLoaded(PreviewImages)
  case previewFailed(PreviewRequest, String)
  /// An approval or revocation was written; `summary` is the artifact as now stored.
  case approvalSaved(BuildSummary, approved: Bool, message: String, undoable: Bool)
  /// A review mark was written (or revoked) for `fileName`.
  case reviewMarkSaved(fileName: String, reviewed: Bool, undoable: Bool)
  case effectFailed(String)
  /// Another process changed the store (the shell's watch saw it); nothing read yet.
  case storeChanged
  /// The store as it is now, read after `storeChanged`.
  case storeRefreshed(StoreRefresh)
  /// The build as stored when `a` was pressed: the dialog decides on this, not on what the
  /// screen last showed.
  case approvalChecked(BuildSummary)
  /// A change request was stored; `summary` is the build as now stored.
  case changesRequestSaved(BuildSummary, fileName: String)
  /// The pixels pixelmatch ignored as anti-aliasing in the pair `request` names (`i`).
  case antialiasedFound(PreviewRequest, MaskSummary)
}

/// What a refresh read: every build, and the open one's data (nil on the picker).
public struct StoreRefresh: Sendable, Equatable {
  public var artifacts: [BuildSummary]
  public var open: ReviewData?

  public init(artifacts: [BuildSummary], open: ReviewData?) {
    self.artifacts = artifacts
    self.open = open
  }
}

/// Work the shell does for the reducer; results come back as actions.
public enum ReviewEffect: Sendable, Equatable {
  case loadArtifacts
  case loadArtifact(id: String)
  /// Load a preview; with `request.prefetch` only warm the cache (nothing is shown).
  case loadPreview(PreviewRequest)
  case approve(artifactID: String, force: Bool)
  case revokeApproval(artifactID: String)
  /// `undo` marks the write as the undo of an earlier one (not pushed on the undo stack).
  case setReviewed(artifactID: String, fileName: String, reviewed: Bool, undo: Bool)
  /// Start watching the store for other processes' writes (results: `storeChanged`).
  case watchStore
  /// Read the builds and the open build again (after `storeChanged`).
  case refreshStore(openArtifactID: String?)
  /// Read the build's approval state before the dialog opens.
  case checkApproval(artifactID: String)
  /// Store a change request on an image (the note is one line, typed after `c`).
  case requestChanges(artifactID: String, fileName: String, note: String)
  /// Find the pixels pixelmatch ignores as anti-aliasing between the pair's images
  /// (results: `antialiasedFound`). Computed on demand, not stored: the store's masks are
  /// Sentry's, and a changed pair costs one more pixelmatch pass (the compare alone
  /// takes 1.1–52 ms on the 1170×2532 bench screens, docs/PERFORMANCE.md).
  case findAntialiased(PreviewRequest, base: RGBAImage, head: RGBAImage)
  case quit
}

/// Which stored images a preview needs. Keys are store content keys.
public struct PreviewRequest: Sendable, Hashable {
  public var artifactID: String
  public var fileName: String
  public var category: ReviewCategory
  public var headKey: String?
  public var baseKey: String?
  public var maskKey: String?
  /// Decode ahead of time (the next image) into the cache; the result is not shown.
  public var prefetch: Bool

  public init(
    artifactID: String, fileName: String, category: ReviewCategory, headKey: String?, baseKey: String?,
    maskKey: String?, prefetch: Bool = false
  ) {
    self.artifactID = artifactID
    self.fileName = fileName
    self.category = category
    self.headKey = headKey
    self.baseKey = baseKey
    self.maskKey = maskKey
    self.prefetch = prefetch
  }
}

/// Decoded pixels of one preview.
public struct PreviewImages: Sendable {
  public var request: PreviewRequest
  public var head: RGBAImage?
  public var base: RGBAImage?
  public var mask: MaskSummary?
  /// The pixels pixelmatch ignored as anti-aliasing, once `i` asked for them.
  public var antialiased: MaskSummary?
  /// Why the head or base could not be decoded. Only an errored pair's preview is shown
  /// with a side missing (the other side is still worth seeing); any other preview fails
  /// as a whole.
  public var headFailure: String?
  public var baseFailure: String?

  public init(
    request: PreviewRequest, head: RGBAImage?, base: RGBAImage?, mask: MaskSummary?, headFailure: String? = nil,
    baseFailure: String? = nil
  ) {
    self.request = request
    self.head = head
    self.base = base
    self.mask = mask
    self.headFailure = headFailure
    self.baseFailure = baseFailure
  }

  /// The padded comparison canvas: the larger width and height of the pair.
  public var canvasSize: (width: Int, height: Int) {
    (
      max(head?.width ?? 0, base?.width ?? 0, mask?.width ?? 0),
      max(head?.height ?? 0, base?.height ?? 0, mask?.height ?? 0)
    )
  }
}
