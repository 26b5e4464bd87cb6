import TerminalCanvas
import TerminalWidgets

/// Everything a key can ask the reviewer to do.
public enum ReviewKeyCommand: Hashable, Sendable {
  case moveDown, moveUp, pageDown, pageUp, top, bottom
  case switchPane
  case jumpCategory(ReviewCategory)
  case startFilter, nextMatch, previousMatch
  case nextUnreviewed
  case zoom, zoomIn, zoomOut
  case panLeft, panRight, panUp, panDown, panPageUp, panPageDown
  case viewDiff, viewHead, viewBase, viewSideBySide, blink, viewOverlay, viewSlider
  case toggleAntialiased
  case adjustLess, adjustMore
  case narrowList, widenList
  case markReviewed, approve, undo, reload
  case requestChanges, noteAccept, noteCancel, noteDelete, confirmOverride
  case help, back, quit
  case open
  case filterAccept, filterCancel, filterDelete
  case confirmYes, confirmNo
  case closeOverlay, scrollDown, scrollUp, scrollPageDown, scrollPageUp, scrollTop, scrollBottom
}

/// Where a binding applies. Lookups go from the most specific context to `.global`.
public enum ReviewKeyContext: String, Hashable, Sendable, CaseIterable {
  case global, picker, review, list, preview, filter, note, confirm, help

  /// Section title in the `?` overlay.
  public var title: String {
    switch self {
    case .global: return "Everywhere"
    case .picker: return "Build list"
    case .review: return "Review"
    case .list: return "Image list"
    case .preview: return "Preview (after Tab)"
    case .filter: return "Typing a filter"
    case .note: return "Typing a change request"
    case .confirm: return "Confirmation"
    case .help: return "This help"
    }
  }
}

public typealias ReviewBinding = KeyBinding<ReviewKeyCommand, ReviewKeyContext>

/// The one keymap: it dispatches keys, and the footer hints and the `?` overlay are
/// generated from it.
public enum ReviewKeymap {
  private typealias H = ReviewBinding.Hint
  private static func c(_ s: Character) -> Key { .character(s) }

  public static let table = Keymap<ReviewKeyCommand, ReviewKeyContext>([
    // Image list (review screen, list focused).
    ReviewBinding([c("j"), .down], .moveDown, .list, help: "Next row", hint: H("j/k", "move")),
    ReviewBinding([c("k"), .up], .moveUp, .list, help: "Previous row"),
    ReviewBinding([.pageDown, .control("d")], .pageDown, .list, help: "Page down"),
    ReviewBinding([.pageUp, .control("u")], .pageUp, .list, help: "Page up"),
    ReviewBinding([c("g"), .home], .top, .list, help: "First row"),
    ReviewBinding([c("G"), .end], .bottom, .list, help: "Last row"),
    ReviewBinding([.enter], .zoom, .list, help: "Zoom: most changed/detailed area ↔ fit; folds categories", hint: H("Enter", "zoom")),
    // Preview (focused with Tab): keys pan the zoomed image.
    ReviewBinding([.left], .panLeft, .preview, help: "Pan left", hint: H("←↑↓→", "pan")),
    ReviewBinding([.right], .panRight, .preview, help: "Pan right"),
    ReviewBinding([.up, c("k")], .panUp, .preview, help: "Pan up"),
    ReviewBinding([.down, c("j")], .panDown, .preview, help: "Pan down"),
    ReviewBinding([.pageUp], .panPageUp, .preview, help: "Pan a page up"),
    ReviewBinding([.pageDown], .panPageDown, .preview, help: "Pan a page down"),
    ReviewBinding([.enter], .zoom, .preview, help: "Zoom: most changed/detailed area ↔ fit", hint: H("Enter", "zoom")),
    // Review screen, either pane.
    ReviewBinding([.tab, .backTab], .switchPane, .review, help: "Switch between list and preview", hint: H("Tab", "pane")),
    ReviewBinding([c("1")], .jumpCategory(.changed), .review, help: "Jump to Changed", hint: H("1-7", "category")),
    ReviewBinding([c("2")], .jumpCategory(.added), .review, help: "Jump to Added"),
    ReviewBinding([c("3")], .jumpCategory(.removed), .review, help: "Jump to Removed"),
    ReviewBinding([c("4")], .jumpCategory(.renamed), .review, help: "Jump to Renamed"),
    ReviewBinding([c("5")], .jumpCategory(.errored), .review, help: "Jump to Errored"),
    ReviewBinding([c("6")], .jumpCategory(.skipped), .review, help: "Jump to Skipped"),
    ReviewBinding([c("7")], .jumpCategory(.unchanged), .review, help: "Jump to Unchanged (unfolds it)"),
    ReviewBinding([c("/")], .startFilter, .review, help: "Filter by name as you type", hint: H("/", "filter")),
    ReviewBinding([c("n")], .nextMatch, .review, help: "Next image matching the filter"),
    ReviewBinding([c("N")], .previousMatch, .review, help: "Previous image matching the filter"),
    ReviewBinding([c("]")], .nextUnreviewed, .review, help: "Next image not marked reviewed (wraps; after x: stays)", hint: H("]", "unreviewed")),
    ReviewBinding([c("+"), c("=")], .zoomIn, .review, help: "Zoom in one step"),
    ReviewBinding([c("-")], .zoomOut, .review, help: "Zoom out one step"),
    ReviewBinding([c("d")], .viewDiff, .review, help: "Diff heatmap over the dimmed head", hint: H("d/h/b/s", "view")),
    ReviewBinding([c("h")], .viewHead, .review, help: "Head image"),
    ReviewBinding([c("b")], .viewBase, .review, help: "Base image"),
    ReviewBinding([c("s")], .viewSideBySide, .review, help: "Base and head side by side"),
    ReviewBinding([c(" ")], .blink, .review, help: "Blink: swap base and head in place", hint: H("Space", "blink")),
    ReviewBinding([c("o")], .viewOverlay, .review, help: "Onion skin: the head over the base, half see-through", hint: H("o/w", "onion/slider")),
    ReviewBinding([c("w")], .viewSlider, .review, help: "Slider: base left of a divider, head right of it"),
    ReviewBinding([c("i")], .toggleAntialiased, .review, help: "Diff: also the pixels ignored as anti-aliasing (blue)"),
    ReviewBinding([c("<"), c(",")], .adjustLess, .review, help: "Onion skin: less head; slider: divider left", hint: H("</>", "adjust")),
    ReviewBinding([c(">"), c(".")], .adjustMore, .review, help: "Onion skin: more head; slider: divider right"),
    ReviewBinding([c("{")], .narrowList, .review, help: "Narrow the image list (the preview grows)"),
    ReviewBinding([c("}")], .widenList, .review, help: "Widen the image list (long names show whole)"),
    ReviewBinding([c("x")], .markReviewed, .review, help: "Mark reviewed (toggle); on to the next unreviewed image", hint: H("x", "reviewed")),
    ReviewBinding([c("a")], .approve, .review, help: "Approve the build (asks first)", hint: H("a", "approve")),
    ReviewBinding([c("c")], .requestChanges, .review, help: "Request changes on this image, with a one-line note"),
    ReviewBinding([c("u")], .undo, .review, help: "Undo the last mark or approval (recorded as a revocation)", hint: H("u", "undo")),
    ReviewBinding(
      [.escape], .back, .review, help: "Clear the filter, else zoom back to fit, else back to the build list"),
    // Build list.
    ReviewBinding([c("j"), .down], .moveDown, .picker, help: "Next build", hint: H("j/k", "move")),
    ReviewBinding([c("k"), .up], .moveUp, .picker, help: "Previous build"),
    ReviewBinding([c("g"), .home], .top, .picker, help: "First build"),
    ReviewBinding([c("G"), .end], .bottom, .picker, help: "Last build"),
    ReviewBinding([.enter], .open, .picker, help: "Review the selected build", hint: H("Enter", "open")),
    // Everywhere.
    ReviewBinding([c("r")], .reload, .global, help: "Reload from the store", hint: H("r", "reload")),
    ReviewBinding([c("?")], .help, .global, help: "Show this help", hint: H("?", "help")),
    ReviewBinding([c("q"), .control("c")], .quit, .global, help: "Quit", hint: H("q", "quit")),
    // Typing a filter.
    ReviewBinding([.enter], .filterAccept, .filter, help: "Keep the filter, back to the keys", hint: H("Enter", "keep")),
    ReviewBinding([.escape], .filterCancel, .filter, help: "Clear the filter", hint: H("Esc", "clear")),
    ReviewBinding([.backspace], .filterDelete, .filter, help: "Delete the last character"),
    ReviewBinding([.down, .control("n")], .moveDown, .filter, help: "Next row", hint: H("↓↑", "move")),
    ReviewBinding([.up, .control("p")], .moveUp, .filter, help: "Previous row"),
    // Typing a change request's note.
    ReviewBinding([.enter], .noteAccept, .note, help: "Store the change request", hint: H("Enter", "request changes")),
    ReviewBinding([.escape], .noteCancel, .note, help: "Cancel, nothing is stored", hint: H("Esc", "cancel")),
    ReviewBinding([.backspace], .noteDelete, .note, help: "Delete the last character"),
    // Confirmation.
    ReviewBinding([c("y"), c("Y")], .confirmYes, .confirm, help: "Yes", hint: H("y", "yes")),
    ReviewBinding([c("!")], .confirmOverride, .confirm, help: "Approve over standing change requests"),
    ReviewBinding([c("n"), c("N"), .escape, c("q")], .confirmNo, .confirm, help: "No (any other key too)", hint: H("n", "no")),
    // Help overlay.
    ReviewBinding([c("j"), .down], .scrollDown, .help, help: "Scroll down", hint: H("j/k", "scroll")),
    ReviewBinding([c("k"), .up], .scrollUp, .help, help: "Scroll up"),
    ReviewBinding([.pageDown, c(" "), .control("d")], .scrollPageDown, .help, help: "Next page", hint: H("PgDn/Space", "page")),
    ReviewBinding([.pageUp, .control("u")], .scrollPageUp, .help, help: "Previous page"),
    ReviewBinding([c("g"), .home], .scrollTop, .help, help: "First page"),
    ReviewBinding([c("G"), .end], .scrollBottom, .help, help: "Last page"),
    ReviewBinding([.escape], .closeOverlay, .help, help: "Close (any other key too)", hint: H("Esc", "close")),
    // The footer keeps `? help` and `q quit` here too (lazygit does), so they do what it says:
    // ? is the help key (it toggles the box), q quits.
    ReviewBinding([c("?")], .help, .help, help: "Close this help (? toggles it)", hint: H("?", "help")),
    ReviewBinding([c("q"), .control("c")], .quit, .help, help: "Quit", hint: H("q", "quit")),
  ])

  /// The sections the `?` overlay lists, in order.
  public static let helpOrder: [ReviewKeyContext] = [
    .list, .preview, .review, .global, .filter, .note, .picker, .confirm, .help,
  ]

  /// The commands that write to the store; a read-only review's keymap has none of them.
  public static let writingCommands: Set<ReviewKeyCommand> = [.markReviewed, .approve, .undo, .requestChanges]

  /// The keymap of a read-only review (`ReviewState.readOnly`).
  public static let readOnlyTable = Keymap(table.bindings.filter { !writingCommands.contains($0.command) })

  /// The sections of the `?` overlay opened from the build list: its own keys first.
  public static let pickerHelpOrder: [ReviewKeyContext] = [
    .picker, .global, .help, .list, .preview, .review, .filter, .note, .confirm,
  ]

  /// The `?` overlay (`HelpOverlay.width` wide at most, as the browser's).
  public static let help = helpOverlay(table, order: helpOrder)
  public static let readOnlyHelp = helpOverlay(readOnlyTable, order: helpOrder)
  public static let pickerHelp = helpOverlay(table, order: pickerHelpOrder)

  private static func helpOverlay(
    _ keymap: Keymap<ReviewKeyCommand, ReviewKeyContext>, order: [ReviewKeyContext]
  ) -> HelpOverlay {
    HelpOverlay(
      keymap: keymap, order: order, title: \.title,
      extraLines: [
        .filter: [(keys: "a-z…", text: "Type to add to the filter")],
        .note: [(keys: "a-z…", text: "Type the note (one line, \(ReviewScreen.noteLimit) characters at most)")],
      ],
      boxTitle: "Keys · j/k scroll · PgDn/Space page · G end · Esc closes")
  }
}
