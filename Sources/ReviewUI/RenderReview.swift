import TerminalCanvas
import TerminalWidgets
import TextEscaping

/// The status bar's background, so coloured text on it keeps the bar unbroken.
let statusBackground = Theme.attributes(for: Style(.status), mode: .trueColor).background

func onStatus(_ role: Role) -> Style { Style(role, background: statusBackground) }

func renderReview(_ state: ReviewState, _ review: ReviewScreen, into canvas: inout Canvas) {
  let layout = state.layout
  renderStatusTop(review.data.artifact, layout.statusTop, into: &canvas)
  renderList(state, review, layout, into: &canvas)
  for y in layout.list.y..<layout.list.maxY {
    canvas.set(x: layout.separatorX, y: y, glyph: "│", style: Style(.border))
  }
  renderPreview(state, review, layout, into: &canvas)
  renderStatusBottom(state, review, layout.statusBottom, into: &canvas)
  footer(state).draw(y: layout.footer.y, width: state.width, into: &canvas)
}

/// Top bar: build, app, refs, PR on the left; approval and who on the right.
private func renderStatusTop(_ artifact: BuildSummary, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  canvas.fill(rect, style: Style(.status))
  let (approval, role) = Format.approval(artifact)
  let right = " " + approval + " "
  let rightWidth = min(DisplayWidth.of(right), rect.width / 2)
  var x = rect.x + 1
  let leftLimit = rect.maxX - rightWidth - 1
  x += canvas.put("#\(artifact.id)", x: x, y: rect.y, limit: leftLimit - x, style: onStatus(.title))
  var parts: [String] = []
  if let app = artifact.appID { parts.append(app) }
  parts.append(Format.refs(artifact))
  if let pr = artifact.prNumber { parts.append("PR #\(pr)") }
  if let config = artifact.buildConfiguration { parts.append(config) }
  for part in parts where x + 2 < leftLimit {
    x += 2
    x += canvas.put(part, x: x, y: rect.y, limit: leftLimit - x, style: Style(.status))
  }
  var badge = onStatus(role)
  if role == .dim { badge = Style(.status) }
  canvas.putRight(right, maxX: rect.maxX, y: rect.y, limit: rightWidth, style: badge)
}

/// Bottom bar: counts per category, review progress, and who is reviewing.
private func renderStatusBottom(_ state: ReviewState, _ review: ReviewScreen, _ rect: Rect, into canvas: inout Canvas) {
  guard !rect.isEmpty else { return }
  canvas.fill(rect, style: Style(.status))
  let artifact = review.data.artifact
  var counts: [ReviewCategory: Int] = [:]
  for section in review.index.sections { counts[section.category] = section.count }
  let progress = review.progress
  let right = " reviewed \(progress.reviewed)/\(progress.total) · you: \(state.reviewer) "
  let rightWidth = min(DisplayWidth.of(SafeText.escaped(right)), rect.width * 2 / 3)
  var x = rect.x + 1
  let mono = state.colorMode == .monochrome
  x += putCounts(
    { counts[$0] ?? artifact.count($0) }, x: x, y: rect.y, limit: rect.maxX - rightWidth - x - 1,
    style: mono ? Style(.status) : onStatus(.normal), keepRole: mono, into: &canvas)
  let done = progress.total > 0 && progress.reviewed == progress.total
  canvas.putRight(right, maxX: rect.maxX, y: rect.y, limit: rightWidth, style: done ? onStatus(.success) : Style(.status))
}

private func renderList(_ state: ReviewState, _ review: ReviewScreen, _ layout: ReviewLayout, into canvas: inout Canvas) {
  let pane = layout.list
  guard !pane.isEmpty else { return }
  let focused = review.focus == .list && !review.editingFilter
  // Title row: the filter while typing or when set, else the image count.
  let titleStyle = Style(focused || review.editingFilter ? .header : .dim)
  if review.editingFilter || !review.filter.isEmpty {
    let matches = review.rows.reduce(0) { $0 + ($1.entryIndex == nil ? 0 : 1) }
    var x = pane.x + 1
    x += canvas.put("/", x: x, y: pane.y, style: Style(.key))
    x += canvas.put(review.filter, x: x, y: pane.y, limit: max(0, pane.maxX - x - 12), style: Style(.match))
    if review.editingFilter { x += canvas.put("▏", x: x, y: pane.y, style: Style(.key)) }
    canvas.putRight("\(matches) \(TextLayout.plural(matches, "match", "matches")) ", maxX: pane.maxX, y: pane.y, limit: pane.maxX - x - 1, style: Style(.dim))
  } else {
    canvas.put("Images", x: pane.x + 1, y: pane.y, style: titleStyle)
    // The image count, and where the selection is once the list scrolls.
    var right = TextLayout.count(review.data.entries.count)
    if review.rows.count > layout.listRows.height { right = "row \(review.selected + 1)/\(review.rows.count) · " + right }
    canvas.putRight(right + " ", maxX: pane.maxX, y: pane.y, limit: pane.width - 8, style: Style(.dim))
  }
  let area = layout.listRows
  guard !area.isEmpty else { return }
  if review.rows.isEmpty {
    let text = review.filter.isEmpty ? "No images in this build" : "No image matches “\(review.filter)”"
    canvas.put(text, x: area.x + 2, y: area.y, limit: area.width - 2, style: Style(.dim))
    return
  }
  let needle = review.filter.lowercased()
  for line in 0..<area.height {
    let rowIndex = review.offset + line
    guard review.rows.indices.contains(rowIndex) else { break }
    let y = area.y + line
    let selected = rowIndex == review.selected
    let selectionStyle = Style(focused ? .selection : .selectionInactive)
    if selected { canvas.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: selectionStyle) }
    func style(_ role: Role) -> Style { selected ? selectionStyle : Style(role) }
    switch review.rows[rowIndex] {
    case .category(let category, let shown, let total, let collapsed):
      let arrow = collapsed ? "▸" : "▾"
      var x = area.x
      x += canvas.put("\(arrow) \(category.number) \(category.title)", x: x, y: y, limit: area.width, style: style(category.role))
      let count = shown == total ? "\(total)" : "\(shown)/\(total)"
      canvas.put(" " + count, x: x, y: y, limit: area.maxX - x, style: style(.dim))
    case .group(_, let name, let count):
      var x = area.x + 2
      let countText = " \(count)"
      let room = area.maxX - x - DisplayWidth.of(countText)
      x += canvas.put(ReviewIndex.headingText(name ?? "(no group)", width: room), x: x, y: y, limit: room, style: style(.header))
      canvas.put(countText, x: x, y: y, limit: area.maxX - x, style: style(.dim))
    case .image(let index):
      let entry = review.data.entries[index]
      let section = review.index.sections.first { $0.category == entry.category }
      var x = area.x + (section?.showsHeadings == true ? 4 : 2)
      let reviewed = review.data.reviewed.contains(entry.fileName)
      if reviewed { canvas.put("✓", x: x - 2, y: y, style: style(.success)) }
      var trailer = ""
      if let diff = entry.diff, entry.category == .changed { trailer = Format.percent(diff) }
      if entry.category == .errored { trailer = "error" }
      let trailerWidth = trailer.isEmpty ? 0 : DisplayWidth.of(trailer) + 1
      let nameLimit = area.maxX - x - trailerWidth
      let nameStyle = style(reviewed ? .dim : .normal)
      let name = review.index.listText(index, entry, width: nameLimit)
      let used = canvas.put(name, x: x, y: y, limit: nameLimit, style: nameStyle)
      if !selected, !needle.isEmpty { highlight(needle, in: name, x: x, y: y, width: used, into: &canvas) }
      x += used
      if !trailer.isEmpty {
        canvas.putRight(trailer, maxX: area.maxX, y: y, limit: trailerWidth, style: style(entry.category.role))
      }
    }
  }
}

/// Recolours the first occurrence of `needle` in the name just drawn at (x, y) (as drawn:
/// a match cut out by the middle ellipsis is not coloured).
private func highlight(_ needle: String, in name: String, x: Int, y: Int, width: Int, into canvas: inout Canvas) {
  let shown = SafeText.escaped(name)
  let lower = shown.lowercased()
  guard let range = lower.firstRange(of: needle) else { return }
  let start = DisplayWidth.of(String(lower[..<range.lowerBound]))
  let length = DisplayWidth.of(String(lower[range]))
  for column in (x + start)..<min(x + width, x + start + length) where canvas.contains(x: column, y: y) {
    var cell = canvas[column, y]
    cell.style = Style(.match)
    canvas[column, y] = cell
  }
}
