import TerminalCanvas
import TerminalWidgets

/// Everything a key can ask the browser to do.
public enum BrowseKeyCommand: Hashable, Sendable {
  case moveDown, moveUp, screenDown, screenUp, first, last
  case nextPage, previousPage
  case switchTab, branchesTab, releasesTab
  case togglePullRequests, toggleOrder
  case startFilter, filterAccept, filterCancel, filterDelete
  case open, markBase, compare
  case back, reload, help, quit
  case closeOverlay, scrollDown, scrollUp
}

/// Where a binding applies. Lookups go from the most specific context to `.global`.
public enum BrowseKeyContext: String, Hashable, Sendable, CaseIterable {
  case global, snapshots, branches, filter, chooser, help

  /// Section title in the `?` overlay.
  public var title: String {
    switch self {
    case .global: return "Everywhere"
    case .snapshots: return "Snapshot list"
    case .branches: return "Branches and releases"
    case .filter: return "Typing a filter"
    case .chooser: return "Choosing a build"
    case .help: return "This help"
    }
  }
}

public typealias BrowseBinding = KeyBinding<BrowseKeyCommand, BrowseKeyContext>

/// The one keymap: it dispatches keys, and the footer hints and the `?` overlay are
/// generated from it.
public enum BrowseKeymap {
  private typealias H = BrowseBinding.Hint
  private static func c(_ s: Character) -> Key { .character(s) }

  public static let table = Keymap<BrowseKeyCommand, BrowseKeyContext>([
    // Branches and releases of one snapshot.
    BrowseBinding([c("j"), .down], .moveDown, .branches, help: "Next row (on into the next page)", hint: H("j/k", "move")),
    BrowseBinding([c("k"), .up], .moveUp, .branches, help: "Previous row (back into the previous page)"),
    BrowseBinding([.pageDown, .control("d")], .screenDown, .branches, help: "Down a screen"),
    BrowseBinding([.pageUp, .control("u")], .screenUp, .branches, help: "Up a screen"),
    BrowseBinding([c("]"), .right, c("l")], .nextPage, .branches, help: "Next page of 100", hint: H("[ ]", "page")),
    BrowseBinding([c("["), .left, c("h")], .previousPage, .branches, help: "Previous page of 100"),
    BrowseBinding([c("g"), .home], .first, .branches, help: "First row (page 1)"),
    BrowseBinding([c("G"), .end], .last, .branches, help: "Last row (last page)"),
    BrowseBinding([.tab, .backTab], .switchTab, .branches, help: "Switch between Branches and Releases", hint: H("Tab", "tab")),
    BrowseBinding([c("1")], .branchesTab, .branches, help: "Branches tab"),
    BrowseBinding([c("2")], .releasesTab, .branches, help: "Releases tab"),
    BrowseBinding([c("/")], .startFilter, .branches, help: "Filter names containing text (as you type)", hint: H("/", "filter")),
    BrowseBinding([c("p")], .togglePullRequests, .branches, help: "Show or hide refs/pull/* (hidden by default)", hint: H("p", "pulls")),
    BrowseBinding([c("s")], .toggleOrder, .branches, help: "Sort: version order (v2.6.9 before v2.6.10) or byte order", hint: H("s", "sort")),
    BrowseBinding([.enter], .open, .branches, help: "Open the build of this commit (with a base marked: compare)", hint: H("Enter", "build")),
    BrowseBinding([c("m")], .markBase, .branches, help: "Mark this build as the base of a comparison (again: unmark)", hint: H("m", "base")),
    BrowseBinding([c("c")], .compare, .branches, help: "Compare the base with this build, read-only", hint: H("c", "compare")),
    BrowseBinding([.escape], .back, .branches, help: "Unmark the base, else clear the filter, else snapshot list"),
    // Snapshot list.
    BrowseBinding([c("j"), .down], .moveDown, .snapshots, help: "Next snapshot", hint: H("j/k", "move")),
    BrowseBinding([c("k"), .up], .moveUp, .snapshots, help: "Previous snapshot"),
    BrowseBinding([.pageDown, .control("d")], .screenDown, .snapshots, help: "Down a screen"),
    BrowseBinding([.pageUp, .control("u")], .screenUp, .snapshots, help: "Up a screen"),
    BrowseBinding([c("g"), .home], .first, .snapshots, help: "First snapshot"),
    BrowseBinding([c("G"), .end], .last, .snapshots, help: "Last snapshot"),
    BrowseBinding([.enter], .open, .snapshots, help: "Browse the selected snapshot's branches", hint: H("Enter", "open")),
    // Everywhere.
    BrowseBinding([c("r")], .reload, .global, help: "Reload from the store", hint: H("r", "reload")),
    BrowseBinding([c("?")], .help, .global, help: "Show this help", hint: H("?", "help")),
    BrowseBinding([c("q"), .control("c")], .quit, .global, help: "Quit", hint: H("q", "quit")),
    // Typing a filter.
    BrowseBinding([.enter], .filterAccept, .filter, help: "Keep the filter, back to the keys", hint: H("Enter", "keep")),
    BrowseBinding([.escape], .filterCancel, .filter, help: "Clear the filter", hint: H("Esc", "clear")),
    BrowseBinding([.backspace], .filterDelete, .filter, help: "Delete the last character"),
    BrowseBinding([.down, .control("n")], .moveDown, .filter, help: "Next row", hint: H("↓↑", "move")),
    BrowseBinding([.up, .control("p")], .moveUp, .filter, help: "Previous row"),
    // Choosing one of several builds of a commit.
    BrowseBinding([c("j"), .down], .moveDown, .chooser, help: "Next build", hint: H("j/k", "move")),
    BrowseBinding([c("k"), .up], .moveUp, .chooser, help: "Previous build"),
    BrowseBinding([.enter], .open, .chooser, help: "Take this build", hint: H("Enter", "take")),
    BrowseBinding([.escape, c("q")], .closeOverlay, .chooser, help: "Cancel", hint: H("Esc", "cancel")),
    // Help overlay.
    BrowseBinding([c("j"), .down], .scrollDown, .help, help: "Scroll down", hint: H("j/k", "scroll")),
    BrowseBinding([c("k"), .up], .scrollUp, .help, help: "Scroll up"),
    BrowseBinding([.escape], .closeOverlay, .help, help: "Close (any other key too)", hint: H("Esc", "close")),
    // As in the reviewer: the footer's `? help` and `q quit` do what they say in the help too.
    BrowseBinding([c("?")], .help, .help, help: "Close this help (? toggles it)", hint: H("?", "help")),
    BrowseBinding([c("q")], .quit, .help, help: "Quit", hint: H("q", "quit")),
  ])

  /// The sections the `?` overlay lists, in order.
  public static let helpOrder: [BrowseKeyContext] = [.branches, .snapshots, .global, .filter, .chooser, .help]

  /// The `?` overlay (`HelpOverlay.width` wide at most, as the reviewer's).
  public static let help = HelpOverlay(
    keymap: table, order: helpOrder, title: \.title, extraLines: [.filter: [(keys: "a-z…", text: "Type to add to the filter")]])
}
