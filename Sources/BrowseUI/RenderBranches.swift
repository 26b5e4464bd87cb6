import SWHModel
import TerminalCanvas
import TerminalWidgets

/// Column widths of the branch table: swh-web's Name | Target | Message | Date (the
/// Releases tab adds Release name), with a build column when there is room.
struct BranchColumns: Equatable {
  /// Cells before the name: the selection arrow and the build / base marker.
  static let gutter = 3
  var name: Int
  var release: Int
  var target: Int
  var message: Int
  var date: Int
  var build: Int
  var fullDates: Bool

  /// `hasInfo`: whether titles and dates are known (a git archive); an API import has
  /// none, so its Date and Release name columns would stay empty and are left out.
  init(width: Int, tab: BranchFilter.Tab, hasInfo: Bool) {
    fullDates = width >= 150
    date = hasInfo ? (fullDates ? 26 : 11) : 0
    target = 9
    build = width >= 120 ? 12 : 0
    let flexible = max(0, width - Self.gutter - target - date - build)
    name = max(16, flexible * 55 / 100)
    release = 0
    if tab == .releases && hasInfo {
      release = max(8, flexible * 20 / 100)
      name = max(12, flexible * 40 / 100)
    }
    message = max(0, flexible - name - release)
  }
}

func renderBranches(_ state: BrowseState, _ screen: BranchScreen, into canvas: inout Canvas) {
  let layout = state.branchLayout
  renderTitle(screen, layout.title, into: &canvas)
  renderTabs(screen, layout.tabs, into: &canvas)
  let columns = BranchColumns(width: state.width, tab: screen.filter.tab, hasInfo: screen.snapshot.targets != nil)
  renderHeader(columns, screen.filter.tab, layout.header, into: &canvas)
  renderRows(state, screen, columns, layout.rows, into: &canvas)
  renderStatus(screen, layout.status, into: &canvas)
  if let row = screen.selectedRow {
    let text = BrowseFormat.detail(row, builds: state.builds.builds(for: row), base: screen.base)
    canvas.put(" " + text, x: 0, y: layout.detail.y, limit: state.width, style: Style(.dim))
  }
  footer(state).draw(y: layout.footer.y, width: state.width, into: &canvas)
}

private func renderTitle(_ screen: BranchScreen, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  canvas.fill(rect, style: Style(.status))
  let swhid = SWHID.snapshot(screen.snapshot.id)
  let visit = screen.snapshot.visit
  let origin = visit?.origin ?? visit.map { "\($0.source.rawValue): \($0.location)" } ?? "snapshot"
  // The identifier keeps its room (shortened on narrow screens); the origin takes the rest.
  let idText = rect.width >= 120 ? swhid + " " : String(swhid.prefix(22)) + "… "
  let idWidth = DisplayWidth.of(idText)
  var x = rect.x + 1
  x += canvas.put(origin, x: x, y: rect.y, limit: max(0, rect.width - idWidth - 3), style: Style(.status))
  if let date = visit?.isoDate, x + DisplayWidth.of(date) + 4 < rect.maxX - idWidth {
    canvas.put(" · " + date, x: x, y: rect.y, style: Style(.status))
  }
  canvas.putRight(idText, maxX: rect.maxX, y: rect.y, limit: idWidth, style: Style(.status))
}

private func renderTabs(_ screen: BranchScreen, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  let counts = screen.snapshot.list.counts
  // swh-web's numbers: Branches (N) counts content, directory and revision targets and
  // Releases (N) release targets, both outside refs/pull/; with pull requests shown the
  // numbers include them.
  let branches = screen.filter.showPullRequests
    ? counts.all.content + counts.all.directory + counts.all.revision : counts.branchesTab
  let releases = screen.filter.showPullRequests ? counts.all.release : counts.releasesTab
  var x = rect.x + 1
  for (tab, label) in [(BranchFilter.Tab.branches, "Branches (\(TextLayout.count(branches)))"),
                       (.releases, "Releases (\(TextLayout.count(releases)))")] {
    let active = screen.filter.tab == tab
    x += canvas.put(" " + label + " ", x: x, y: rect.y, style: Style(active ? .selection : .dim))
    x += 1
  }
  let right: String
  let role: Role
  if screen.editingFilter || !screen.filterText.isEmpty {
    var filterX = x + 1
    filterX += canvas.put("/", x: filterX, y: rect.y, style: Style(.key))
    filterX += canvas.put(screen.filterText, x: filterX, y: rect.y, limit: max(0, rect.maxX - filterX - 16), style: Style(.match))
    if screen.editingFilter { filterX += canvas.put("▏", x: filterX, y: rect.y, style: Style(.key)) }
    if screen.totalIsKnown {
      right = "\(TextLayout.count(screen.total)) \(TextLayout.plural(screen.total, "match", "matches")) "
      role = screen.total == 0 ? .warning : .dim
    } else {
      right = screen.page.rows.isEmpty ? "no match " : "counting… "
      role = screen.page.rows.isEmpty ? .warning : .dim
    }
    canvas.putRight(right, maxX: rect.maxX, y: rect.y, limit: max(0, rect.maxX - filterX - 1), style: Style(role))
  } else {
    right = screen.filter.showPullRequests ? "refs/pull/* shown " : "refs/pull/* hidden "
    canvas.putRight(right, maxX: rect.maxX, y: rect.y, limit: max(0, rect.maxX - x - 1), style: Style(.dim))
  }
}

private func renderHeader(_ columns: BranchColumns, _ tab: BranchFilter.Tab, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  var x = BranchColumns.gutter
  func cell(_ title: String, _ width: Int) {
    guard width > 0 else { return }
    canvas.put(title, x: x, y: rect.y, limit: max(0, min(width - 1, rect.maxX - x)), style: Style(.header))
    x += width
  }
  cell(tab == .releases ? "Branch name" : "Name", columns.name)
  cell(columns.release >= 13 ? "Release name" : "Release", columns.release)
  cell("Target", columns.target)
  cell("Message", columns.message)
  cell("Date", columns.date)
  cell("Build", columns.build)
}

private func renderRows(
  _ state: BrowseState, _ screen: BranchScreen, _ columns: BranchColumns, _ area: Rect, into canvas: inout Canvas
) {
  guard !area.isEmpty else { return }
  if screen.page.rows.isEmpty {
    let noun = screen.filter.tab == .releases ? "release" : "branch"
    let text =
      screen.filterText.isEmpty
      ? "The list of \(noun == "branch" ? "branches" : "releases") is empty!"
      : "No \(noun) names containing \(screen.filterText) have been found!"
    canvas.put(text, x: 2, y: area.y, limit: max(0, area.width - 4), style: Style(.dim))
    if !screen.filter.showPullRequests {
      canvas.put("(refs/pull/* is hidden: p shows it)", x: 2, y: area.y + 1, limit: max(0, area.width - 4), style: Style(.dim))
    }
    return
  }
  for line in 0..<area.height {
    let index = screen.offset + line
    guard screen.page.rows.indices.contains(index) else { break }
    let row = screen.page.rows[index]
    let y = area.y + line
    let selected = index == screen.selected
    let selection = Style(.selection)
    func style(_ role: Role) -> Style { selected ? selection : Style(role) }
    if selected {
      canvas.fill(Rect(x: 0, y: y, width: area.width, height: 1), style: selection)
      canvas.put("▶", x: 0, y: y, style: selection)
    }
    let builds = state.builds.builds(for: row)
    if let base = screen.base, base.branch == row.name {
      canvas.put("◆", x: 1, y: y, style: style(.warning))
    } else if !builds.isEmpty {
      canvas.put("●", x: 1, y: y, style: style(.success))
    }
    var x = BranchColumns.gutter
    func cell(_ text: String, _ width: Int, _ role: Role) {
      guard width > 0 else { return }
      canvas.put(text, x: x, y: y, limit: max(0, min(width - 1, area.maxX - x)), style: style(role))
      x += width
    }
    // An alias gets swh-web's star and, unlike swh-web, the name it points at.
    if row.isAlias {
      canvas.put("★", x: x, y: y, style: style(.warning))
      x += 2
      cell(BrowseFormat.nameCell(row), columns.name - 2, .normal)
    } else {
      cell(BrowseFormat.nameCell(row), columns.name, row.isDangling ? .dim : .normal)
    }
    cell(row.info?.releaseName.map(BrowseFormat.name) ?? "", columns.release, .normal)
    let target = BrowseFormat.targetCell(row)
    cell(target.text, columns.target, target.role == .normal ? .renamed : target.role)
    let message = BrowseFormat.messageCell(row)
    cell(message.text, columns.message, message.role)
    cell(BrowseFormat.date(row.info, full: columns.fullDates), columns.date, .dim)
    if columns.build > 0, let first = builds.first {
      cell("#\(first.id)" + (builds.count > 1 ? " +\(builds.count - 1)" : ""), columns.build, .success)
    }
  }
}

private func renderStatus(_ screen: BranchScreen, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  canvas.fill(rect, style: Style(.status))
  var text = " page \(screen.pageNumber)/" + (screen.totalIsKnown ? "\(screen.pageCount)" : "…")
  if !screen.page.rows.isEmpty {
    let first = screen.firstRowNumber + 1
    text += " · rows \(TextLayout.count(first))–\(TextLayout.count(first + screen.page.rows.count - 1))"
  }
  text += screen.totalIsKnown ? " of \(TextLayout.count(screen.total))" : " of … (counting)"
  var x = rect.x
  x += canvas.put(text, x: x, y: rect.y, limit: rect.width, style: Style(.status))
  if let base = screen.base {
    let mark = "  ◆ base \(base.build.label) (\(BrowseFormat.name(base.branch))) "
    canvas.putRight(mark, maxX: rect.maxX, y: rect.y, limit: max(0, rect.maxX - x - 1), style: onStatus(.warning))
  }
}
