import SWHModel
import TerminalCanvas
import TerminalWidgets

func renderSnapshotList(_ state: BrowseState, into canvas: inout Canvas) {
  let layout = state.snapshotListLayout
  let list = state.snapshots
  canvas.fill(layout.title, style: Style(.status))
  canvas.put(" snaprev browse · archived snapshots", x: 0, y: layout.title.y, limit: state.width * 2 / 3, style: Style(.status))
  if !state.builds.isEmpty {
    canvas.putRight(
      "\(TextLayout.count(state.builds.count)) builds linkable ", maxX: state.width, y: layout.title.y,
      limit: state.width / 3, style: Style(.status))
  }

  // Columns: when, Branches (N) and Releases (N) as swh-web counts them, (wide) every
  // branch, the snapshot, then the origin, the most variable text, with the rest.
  let wide = state.width >= 150
  var columns: [(String, Int)] = [("When", wide ? 22 : 17), ("Branches", 10), ("Releases", 10)]
  if wide { columns.append(("All", 11)) }
  columns.append((wide ? "Identifier" : "Snapshot", wide ? 52 : 14))
  let fixed = 2 + columns.reduce(0) { $0 + $1.1 }
  columns.append(("Origin", max(8, state.width - fixed)))
  var x = 2
  for (title, width) in columns {
    canvas.put(title, x: x, y: layout.header.y, limit: max(0, min(width - 1, state.width - x)), style: Style(.header))
    x += width
  }

  let area = layout.rows
  if list.items.isEmpty {
    let text: String
    if list.loading {
      text = "Loading archived snapshots…"
    } else if let error = list.error {
      text = error
    } else {
      text = "No archived snapshots in this store. Add one with `snaprev archive GITDIR` or `snaprev import FILE…`."
    }
    for (line, part) in TextLayout.wrap(text, width: max(1, area.width - 4)).prefix(area.height).enumerated() {
      canvas.put(part, x: 2, y: area.y + line, limit: max(0, area.width - 4), style: Style(list.error == nil ? .dim : .errored))
    }
  }
  for line in 0..<area.height {
    let index = list.offset + line
    guard list.items.indices.contains(index) else { break }
    let item = list.items[index]
    let y = area.y + line
    let selected = index == list.selected
    let selection = Style(.selection)
    func style(_ role: Role) -> Style { selected ? selection : Style(role) }
    if selected {
      canvas.fill(Rect(x: 0, y: y, width: area.width, height: 1), style: selection)
      canvas.put("▶", x: 0, y: y, style: selection)
    }
    let iso = item.visit.isoDate
    var cells: [(String, Role)] = [
      (wide ? iso : String(iso.prefix(16).map { $0 == "T" ? " " : $0 }), .normal),
      (TextLayout.count(item.counts.branchesTab), .normal),
      (TextLayout.count(item.counts.releasesTab), .normal),
    ]
    if wide { cells.append((TextLayout.count(item.counts.total), .dim)) }
    cells.append((wide ? SWHID.snapshot(item.visit.snapshot) : item.visit.snapshot.shortHex(12), .dim))
    if let origin = item.visit.origin {
      cells.append((origin, .title))
    } else {
      cells.append(("\(item.visit.source.rawValue): \(item.visit.location)", .dim))
    }
    var column = 2
    for ((text, role), (_, width)) in zip(cells, columns) {
      canvas.put(text, x: column, y: y, limit: max(0, min(width - 1, area.maxX - column)), style: style(role))
      column += width
    }
  }
  canvas.fill(layout.status, style: Style(.status))
  let summary =
    list.items.isEmpty
    ? " no snapshots" : " \(list.selected + 1)/\(list.items.count) \(TextLayout.plural(list.items.count, "snapshot visit", "snapshot visits"))"
  canvas.put(summary, x: 0, y: layout.status.y, style: Style(.status))
  if let id = state.loadingSnapshot {
    canvas.putRight(
      "opening \(id.shortHex(12))… ", maxX: state.width, y: layout.status.y, limit: state.width / 2, style: Style(.status))
  }
  footer(state).draw(y: layout.footer.y, width: state.width, into: &canvas)
}
