import SWHArchive
import TerminalCanvas

/// Rows of the branch screens: title, tabs, column header, rows, status, detail, footer.
public struct BranchLayout: Sendable, Equatable {
  public var title: Rect
  public var tabs: Rect
  public var header: Rect
  public var rows: Rect
  public var status: Rect
  public var detail: Rect
  public var footer: Rect

  public init(width: Int, height: Int) {
    let bounds = Rect(x: 0, y: 0, width: width, height: height)
    var rest: Rect
    (title, rest) = bounds.splitTop(1)
    (tabs, rest) = rest.splitTop(1)
    (header, rest) = rest.splitTop(1)
    (rest, footer) = rest.splitBottom(1)
    (rest, detail) = rest.splitBottom(1)
    (rows, status) = rest.splitBottom(1)
  }
}

/// Rows of the snapshot list: title, column header, rows, status, footer.
public struct SnapshotListLayout: Sendable, Equatable {
  public var title: Rect
  public var header: Rect
  public var rows: Rect
  public var status: Rect
  public var footer: Rect

  public init(width: Int, height: Int) {
    let bounds = Rect(x: 0, y: 0, width: width, height: height)
    var rest: Rect
    (title, rest) = bounds.splitTop(1)
    (header, rest) = rest.splitTop(1)
    (rest, footer) = rest.splitBottom(1)
    (rows, status) = rest.splitBottom(1)
  }
}

extension BranchFilter.Tab {
  var key: Int {
    switch self {
    case .branches: return 0
    case .releases: return 1
    case .all: return 2
    }
  }
}

/// Paging through the memory-mapped list: every move reads at most a page of rows (plus
/// a backward scan for where the previous page starts); nothing holds all rows.
extension BranchScreen {
  var list: BranchList { snapshot.list }

  /// Recounts (once per filter; counts are cached) and shows page 1.
  mutating func reloadFromStart() {
    total = countMatching()
    showPage(start: 0, number: 1)
    selected = 0
    offset = 0
  }

  private mutating func countMatching() -> Int {
    let key = TotalKey(tab: filter.tab.key, pulls: filter.showPullRequests, name: filter.nameContains)
    if let known = totals[key] { return known }
    let counted = list.count(matching: filter)
    totals[key] = counted
    return counted
  }

  mutating func showPage(start: Int, number: Int) {
    page = list.rows(from: start, count: Self.pageSize, filter: filter, targets: snapshot.targets)
    pageStart = page.rows.first?.index ?? start
    pageNumber = max(1, number)
  }

  /// Goes to the next page; false on the last one.
  @discardableResult
  mutating func nextPage() -> Bool {
    guard let next = page.nextStart else { return false }
    showPage(start: next, number: pageNumber + 1)
    return true
  }

  /// Goes to the previous page; false on the first one.
  @discardableResult
  mutating func previousPage() -> Bool {
    guard let previous = page.previousStart else { return false }
    showPage(start: previous, number: pageNumber - 1)
    return true
  }

  /// The last page holds what is left after whole pages of 100, so the page boundaries
  /// (and numbers) stay those of paging forward from the start.
  mutating func lastPage() {
    guard total > 0 else { return showPage(start: 0, number: 1) }
    let remainder = total % Self.pageSize == 0 ? Self.pageSize : total % Self.pageSize
    let tail = list.rows(endingBefore: list.count, count: remainder, filter: filter)
    showPage(start: tail.rows.first?.index ?? 0, number: pageCount)
  }

  /// Moves the selection to `target` (a position within the page); beyond either end it
  /// continues into the neighbouring page, so j/k scroll through the whole list.
  mutating func moveSelection(to target: Int, visible: Int) {
    if target >= page.rows.count, !page.rows.isEmpty {
      let overshoot = target - page.rows.count
      if nextPage() {
        selected = min(overshoot, page.rows.count - 1)
        offset = 0
      } else {
        selected = page.rows.count - 1
      }
    } else if target < 0 {
      if previousPage() {
        selected = max(0, page.rows.count + target)
        offset = max(0, page.rows.count - visible)
      } else {
        selected = 0
      }
    } else {
      selected = target
    }
    clampScroll(visible: visible)
  }

  mutating func clampScroll(visible: Int) {
    selected = max(0, min(selected, page.rows.count - 1))
    offset = ListScroll.offset(selected: selected, count: page.rows.count, visible: visible, current: offset)
  }

  private var positionKey: TotalKey {
    TotalKey(tab: filter.tab.key, pulls: filter.showPullRequests, name: filter.nameContains)
  }

  /// Changes the filter (tab, name, pull requests), remembering where the old one was left
  /// and returning to where the new one was left, else to its page 1.
  mutating func changeFilter(visible: Int, _ change: (inout BranchFilter) -> Void) {
    saved[positionKey] = TabPosition(start: pageStart, number: pageNumber, selected: selected, offset: offset)
    change(&filter)
    total = countMatching()
    if let position = saved[positionKey] {
      showPage(start: position.start, number: position.number)
      selected = position.selected
      offset = position.offset
    } else {
      showPage(start: 0, number: 1)
      selected = 0
      offset = 0
    }
    clampScroll(visible: visible)
  }

  mutating func switchTab(to tab: BranchFilter.Tab, visible: Int) {
    guard tab != filter.tab else { return }
    changeFilter(visible: visible) { $0.tab = tab }
  }

  mutating func setFilterText(_ text: String, visible: Int) {
    filterText = text
    changeFilter(visible: visible) { $0.nameContains = Array(text.utf8) }
  }

  /// Re-reads the page it was on (after a reload of the same snapshot).
  mutating func restore(from old: BranchScreen, visible: Int) {
    filter = old.filter
    filterText = old.filterText
    base = old.base
    saved = old.saved
    total = countMatching()
    showPage(start: old.pageStart, number: old.pageNumber)
    selected = old.selected
    offset = old.offset
    clampScroll(visible: visible)
  }
}

extension BrowseState {
  public var branchLayout: BranchLayout { BranchLayout(width: width, height: height) }
  public var snapshotListLayout: SnapshotListLayout { SnapshotListLayout(width: width, height: height) }
  var visibleBranchRows: Int { max(1, branchLayout.rows.height) }
  var visibleSnapshotRows: Int { max(1, snapshotListLayout.rows.height) }
}
