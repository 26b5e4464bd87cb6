import DiffCore
import TerminalCanvas
import TerminalWidgets

/// What the preview pane draws.
public enum ViewMode: String, Sendable, Equatable, CaseIterable {
  case diff, head, base, sideBySide = "side-by-side", blink
  /// Onion skin: the head over the base at `ReviewScreen.overlayOpacity`.
  case overlay
  /// Base left of a movable divider, head right of it (`ReviewScreen.sliderPosition`).
  case slider
}

/// Preview zoom: fit the pane, a fixed number of image pixels per block pixel (1 = 1:1,
/// each half block is one image pixel), or block pixels per image pixel above 1:1 (2:1,
/// 4:1, 8:1: icons and 20×20 controls are a few cells at 1:1).
public enum Zoom: Sendable, Equatable {
  case fit
  case scale(Int)
  case magnify(Int)
}

public enum Pane: Sendable, Equatable { case list, preview }

/// The preview of the selected image.
public enum PreviewSlot: Sendable {
  case none
  case loading(PreviewRequest)
  case ready(PreviewImages)
  case failed(PreviewRequest, String)

  public var request: PreviewRequest? {
    switch self {
    case .none: return nil
    case .loading(let r), .failed(let r, _): return r
    case .ready(let images): return images.request
    }
  }
}

/// Something done in this session that `u` can take back.
public enum UndoRecord: Sendable, Equatable {
  case reviewMark(fileName: String, reviewed: Bool)
  case approval
}

/// A modal box over the screen.
public enum ReviewOverlay: Sendable, Equatable {
  case help(scroll: Int)
  case confirmApprove(force: Bool)
}

/// State of the artifact picker (`snaprev review` without an ID).
public struct PickerScreen: Sendable {
  public var artifacts: [BuildSummary] = []
  public var selected = 0
  public var offset = 0
  public var loading = true
  public var error: String?

  public init() {}
}

/// State of the review screen for one artifact.
public struct ReviewScreen: Sendable {
  public var data: ReviewData
  public let index: ReviewIndex
  public var rows: [ListRow]
  public var selected = 0
  public var offset = 0
  public var focus: Pane = .list
  public var collapsed: Set<ReviewCategory> = [.unchanged]
  public var filter = ""
  public var editingFilter = false
  /// The note of a change request being typed (after `c`), or nil.
  public var noteDraft: String?
  public var mode: ViewMode = .diff
  /// In blink mode, whether the base (rather than the head) is showing.
  public var blinkShowsBase = false
  /// Onion skin: how much of the head shows over the base, in percent (0 = base only).
  public var overlayOpacity = 50
  /// Slider: where the divider is, in percent of the shown width from the left.
  public var sliderPosition = 50
  public var zoom: Zoom = .fit
  /// Centre of the zoomed view, in canvas pixels.
  public var center: (x: Int, y: Int) = (0, 0)
  public var preview: PreviewSlot = .none
  public var undo: [UndoRecord] = []
  /// The image (entry index) `x` just moved the selection to, until the next command: it is
  /// already the next image not marked reviewed, so a `]` right after `x` stays on it (in
  /// the real-pair review, `x` then `]` jumped past it: docs/REVIEWER.md, finding 1).
  public var reachedByMark: Int?
  /// `i`: the diff view also shows, in blue, the pixels pixelmatch ignored as anti-aliasing
  /// (its own diff image draws them yellow, but yellow is the top of our heat scale). Kept
  /// from image to image.
  public var showAntialiased = false

  /// Images that need a look (not unchanged, not skipped), and how many are marked.
  /// Kept up to date by `setReviewed` rather than recounted on every frame.
  public private(set) var progress: (reviewed: Int, total: Int) = (0, 0)

  /// A note's length limit; the store refuses longer ones (`ChangeRequest.noteLimit`).
  public static let noteLimit = 200

  public init(data: ReviewData) {
    self.data = data
    index = ReviewIndex(entries: data.entries)
    rows = index.rows(collapsed: [.unchanged], filter: "")
    progress = Self.count(data)
    // A review resumes where it stopped: at the first image that still needs a look.
    let firstImage = rows.firstIndex { $0.entryIndex != nil } ?? 0
    selected = Self.nextUnreviewedRow(in: rows, data, from: -1) ?? firstImage
  }

  /// Records a stored review mark.
  public mutating func setReviewed(_ fileName: String, _ reviewed: Bool) {
    let changed = reviewed ? data.reviewed.insert(fileName).inserted : data.reviewed.remove(fileName) != nil
    if changed { progress = Self.count(data) }
  }

  static func count(_ data: ReviewData) -> (reviewed: Int, total: Int) {
    var total = 0
    var reviewed = 0
    for entry in data.entries where entry.category.needsReview {
      total += 1
      if !data.reviewed.isEmpty, data.reviewed.contains(entry.fileName) { reviewed += 1 }
    }
    return (reviewed, total)
  }

  /// The first row after `row` (wrapping around) whose image needs a look and is not
  /// marked reviewed; nil when there is none. Scans the rows: one key press, not per frame.
  public func nextUnreviewedRow(from row: Int) -> Int? { Self.nextUnreviewedRow(in: rows, data, from: row) }

  static func nextUnreviewedRow(in rows: [ListRow], _ data: ReviewData, from row: Int) -> Int? {
    guard !rows.isEmpty else { return nil }
    let count = rows.count
    for step in 1...count {
      let candidate = ((row + step) % count + count) % count
      guard let index = rows[candidate].entryIndex else { continue }
      let entry = data.entries[index]
      if entry.category.needsReview, !data.reviewed.contains(entry.fileName) { return candidate }
    }
    return nil
  }

  public var selectedEntryIndex: Int? { rows.indices.contains(selected) ? rows[selected].entryIndex : nil }
  public var selectedEntry: ReviewEntry? { selectedEntryIndex.map { data.entries[$0] } }
}

/// Which screen is showing.
public enum ReviewScreenID: Sendable, Equatable { case picker, review }

/// The whole reviewer: a value, changed only by `reduce`, drawn only by `render`.
public struct ReviewState: Sendable {
  public var width: Int
  public var height: Int
  public var colorMode: ColorMode
  public var reviewer: String
  public var screen: ReviewScreenID
  public var picker = PickerScreen()
  public var review: ReviewScreen?
  public var overlay: ReviewOverlay?
  public var message: StatusMessage?
  /// The artifact being loaded, shown while it loads.
  public var loadingArtifact: String?
  /// Whether Esc can go back to the picker (the reviewer was opened without an ID).
  public var hasPicker: Bool
  /// Why this review may not write to the store (an ad-hoc comparison: nothing is stored),
  /// or nil. While set, the keymap has no writing commands: the footer and the help do not
  /// show x/a/u, and those keys are refused with this text.
  public var readOnlyReason: String?
  public var readOnly: Bool { readOnlyReason != nil }
  public var quitting = false
  /// Columns added to the list pane's default width by `{` and `}`: kept on the state, not
  /// the build's screen, so it holds for the session (across builds opened from the picker).
  public var listWidthOffset = 0

  /// A state showing the picker (`artifactID == nil`) or loading one artifact.
  public init(
    artifactID: String?, reviewer: String, width: Int = 80, height: Int = 24, colorMode: ColorMode = .palette256
  ) {
    self.width = width
    self.height = height
    self.colorMode = colorMode
    self.reviewer = reviewer
    screen = artifactID == nil ? .picker : .review
    loadingArtifact = artifactID
    hasPicker = artifactID == nil
  }

  /// The effects that load what the initial state shows.
  public var initialEffects: [ReviewEffect] {
    if let id = loadingArtifact { return [.loadArtifact(id: id)] }
    return [.loadArtifacts]
  }

  /// Below `Chrome.minimumWidth` x `Chrome.minimumHeight` only the "terminal too small" screen is drawn.
  public var isTooSmall: Bool { Chrome.isTooSmall(width: width, height: height) }

  /// The keymap in force: without the writing commands in a read-only review.
  public var keymap: Keymap<ReviewKeyCommand, ReviewKeyContext> {
    readOnly ? ReviewKeymap.readOnlyTable : ReviewKeymap.table
  }

  /// The `?` overlay for `keymap`; from the build list it starts with the list's keys.
  public var help: HelpOverlay {
    if readOnly { return ReviewKeymap.readOnlyHelp }
    return screen == .picker ? ReviewKeymap.pickerHelp : ReviewKeymap.help
  }

  /// Whether `command` does something on the current row, so the footer offers only those
  /// (an added image has no base to blink with, an errored pair no views or zoom).
  public func isAvailable(_ command: ReviewKeyCommand) -> Bool {
    guard screen == .review, overlay == nil, let review, !review.editingFilter, review.noteDraft == nil else {
      return true
    }
    let entry = review.selectedEntry
    switch command {
    case .viewDiff, .viewHead, .viewBase, .viewSideBySide, .blink, .viewOverlay, .viewSlider:
      return entry?.category == .changed
    case .adjustLess, .adjustMore:
      return entry?.category == .changed && (review.mode == .overlay || review.mode == .slider)
    case .zoom:
      // On a category header Enter folds; on an errored pair there is no image to zoom.
      return entry.map { $0.category != .errored } ?? true
    case .zoomIn, .zoomOut, .panLeft, .panRight, .panUp, .panDown, .panPageUp, .panPageDown:
      return entry != nil && entry?.category != .errored
    case .markReviewed, .requestChanges: return entry != nil
    case .undo: return !review.undo.isEmpty
    case .nextMatch, .previousMatch: return !review.filter.isEmpty
    default: return true
    }
  }

  /// The keymap contexts active now, most specific first.
  public var keyContexts: [ReviewKeyContext] {
    switch overlay {
    case .help: return [.help]
    case .confirmApprove: return [.confirm]
    case nil: break
    }
    if isTooSmall { return [.global] }
    switch screen {
    case .picker: return [.picker, .global]
    case .review:
      guard let review else { return [.global] }
      if review.editingFilter { return [.filter] }
      if review.noteDraft != nil { return [.note] }
      return [review.focus == .list ? .list : .preview, .review, .global]
    }
  }
}
