import SWHModel
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

/// Paging through the memory-mapped list: a page reads only the stretch of the list its
/// rows come from; nothing holds all rows. Going back uses the page starts seen on the
/// way (breadcrumbs, as swh-web does), else scans back just far enough for 100 rows.
extension BranchScreen {
  var list: BranchList { snapshot.list }

  /// Counts (here, once: opening a snapshot) and shows page 1.
  mutating func reloadFromStart() {
    countNow()
    showPage(start: 0, number: 1, breadcrumbs: [])
    selected = 0
    offset = 0
  }

  /// Counts the current filter's rows now (a scan of the whole list), unless known.
  mutating func countNow() {
    let key = TotalKey(filter)
    let counted = totals[key] ?? list.count(matching: filter)
    totals[key] = counted
    total = counted
    totalIsKnown = true
  }

  /// Takes the count of the current filter from the cache, else marks it unknown: the
  /// reducer then asks the shell to count in the background (`countRequest`).
  private mutating func lookUpCount() {
    if let known = totals[TotalKey(filter)] {
      total = known
      totalIsKnown = true
    } else {
      total = 0
      totalIsKnown = false
    }
  }

  /// The count to ask for, once per filter.
  mutating func countRequest() -> BranchFilter? {
    guard !totalIsKnown, requestedCount != TotalKey(filter) else { return nil }
    requestedCount = TotalKey(filter)
    return filter
  }

  /// A count came back (for this filter, or one left since: it is cached either way).
  mutating func counted(_ counted: Int, for counter: BranchFilter) {
    totals[TotalKey(counter)] = counted
    if TotalKey(counter) == TotalKey(filter) {
      total = counted
      totalIsKnown = true
    }
  }

  /// The `refs/pull/` names: one contiguous run in byte order, jumped over while hidden
  /// (they can be most of a big list).
  var hiddenRun: Range<Int> {
    filter.showPullRequests ? 0..<0 : (byteOrder ? pullRequests : snapshot.naturalPullRun)
  }

  /// The list index of the row at `position` in the order in force.
  public func listIndex(_ position: Int) -> Int { byteOrder ? position : snapshot.naturalOrder[position] }

  /// Switches between natural and byte order, back to page 1 (positions of one order mean
  /// nothing in the other).
  mutating func toggleOrder(visible: Int) {
    byteOrder.toggle()
    saved = [:]
    firstPage()
    selected = 0
    offset = 0
    clampScroll(visible: visible)
  }

  static func pullRequestRun(_ list: BranchList) -> Range<Int> {
    let low = list.lowerBound(Array("refs/pull/".utf8))
    let high = list.lowerBound(Array("refs/pull0".utf8))  // "0" follows "/"
    return low..<max(low, high)
  }

  /// Reads up to a page of rows, from the first matching index at or after `start`.
  mutating func showPage(start: Int, number: Int, breadcrumbs: [Int]) {
    var rows = [BranchRow]()
    rows.reserveCapacity(Self.pageSize)
    let hidden = hiddenRun
    var index = max(0, start)
    var end = index
    var first: Int?
    while index < list.count, rows.count < Self.pageSize {
      if hidden.contains(index) {
        index = hidden.upperBound
        continue
      }
      if list.matches(listIndex(index), filter) {
        rows.append(list.row(at: listIndex(index), targets: snapshot.targets))
        first = first ?? index
        end = index + 1
      }
      index += 1
    }
    page = VisiblePage(rows: rows, end: rows.isEmpty ? index : end)
    pageStart = first ?? start
    pageNumber = max(1, number)
    self.breadcrumbs = breadcrumbs
  }

  /// The index `count` matching rows before `end` (scanning backwards), or 0.
  private func start(ofLast count: Int, before end: Int) -> Int {
    let hidden = hiddenRun
    var found = 0
    var index = min(end, list.count) - 1
    var start = 0
    while index >= 0, found < count {
      if hidden.contains(index) {
        index = hidden.lowerBound - 1
        continue
      }
      if list.matches(listIndex(index), filter) {
        found += 1
        start = index
      }
      index -= 1
    }
    return start
  }

  /// Goes to the next page; false on the last one.
  @discardableResult
  mutating func nextPage() -> Bool {
    guard hasNextPage else { return false }
    let current = (page, pageStart, pageNumber, breadcrumbs)
    showPage(start: page.end, number: pageNumber + 1, breadcrumbs: breadcrumbs + [pageStart])
    if page.rows.isEmpty {
      // Only while counting: the full page was the last one after all.
      (page, pageStart, pageNumber, breadcrumbs) = current
      return false
    }
    return true
  }

  /// Goes to the previous page; false on the first one.
  @discardableResult
  mutating func previousPage() -> Bool {
    guard hasPreviousPage else { return false }
    var crumbs = breadcrumbs
    let previous = crumbs.popLast() ?? start(ofLast: Self.pageSize, before: pageStart)
    showPage(start: previous, number: pageNumber - 1, breadcrumbs: crumbs)
    return true
  }

  mutating func firstPage() {
    showPage(start: 0, number: 1, breadcrumbs: [])
  }

  /// The last page holds what is left after whole pages of 100, so the page boundaries
  /// (and numbers) stay those of paging forward from the start.
  mutating func lastPage() {
    if !totalIsKnown { countNow() }  // asked for the end: worth one scan
    guard total > 0 else { return firstPage() }
    let remainder = total % Self.pageSize == 0 ? Self.pageSize : total % Self.pageSize
    showPage(start: start(ofLast: remainder, before: list.count), number: pageCount, breadcrumbs: [])
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

  private var positionKey: TotalKey { TotalKey(filter) }

  /// Changes the filter (tab, name, pull requests), remembering where the old one was left
  /// and returning to where the new one was left, else to its page 1.
  mutating func changeFilter(visible: Int, _ change: (inout BranchFilter) -> Void) {
    saved[positionKey] = TabPosition(
      start: pageStart, number: pageNumber, selected: selected, offset: offset, breadcrumbs: breadcrumbs)
    change(&filter)
    lookUpCount()
    if let position = saved[positionKey] {
      showPage(start: position.start, number: position.number, breadcrumbs: position.breadcrumbs)
      selected = position.selected
      offset = position.offset
    } else {
      firstPage()
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
    byteOrder = old.byteOrder
    saved = old.saved
    totals.merge(old.totals) { mine, _ in mine }
    countNow()
    showPage(start: old.pageStart, number: old.pageNumber, breadcrumbs: old.breadcrumbs)
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
