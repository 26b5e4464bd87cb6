import TerminalCanvas
import TerminalWidgets

func renderPicker(_ state: ReviewState, into canvas: inout Canvas) {
  let layout = PickerLayout(width: state.width, height: state.height)
  let picker = state.picker
  canvas.fill(layout.title, style: Style(.status))
  canvas.put(" snaprev review · pick a build", x: 0, y: layout.title.y, limit: state.width / 2, style: onStatus(.title))
  canvas.putRight("you: \(state.reviewer) ", maxX: state.width, y: layout.title.y, limit: state.width / 2, style: Style(.status))

  // Columns: ID, approval, changes, PR, app, refs (the most variable text last).
  let idWidth = max(3, min(8, (picker.artifacts.map { DisplayWidth.of($0.id) }.max() ?? 0) + 1))
  let approvalWidth = 19
  let countsWidth = 19
  let prWidth = 6
  let fixed = 2 + idWidth + approvalWidth + countsWidth + prWidth
  let appWidth = max(8, min(28, (state.width - fixed) * 45 / 100))
  var columns: [(String, Int)] = [("ID", idWidth), ("Approval", approvalWidth), ("Changes", countsWidth), ("PR", prWidth), ("App", appWidth)]
  columns.append(("Base → Head", max(0, state.width - fixed - appWidth)))
  var x = 2
  for (title, width) in columns {
    canvas.put(title, x: x, y: layout.header.y, limit: width - 1, style: Style(.header))
    x += width
  }

  let area = layout.rows
  if picker.artifacts.isEmpty {
    let text: String
    if picker.loading {
      text = "Loading builds…"
    } else if let error = picker.error {
      text = error
    } else {
      text = "The store has no builds yet. Upload one with `snaprev upload DIR`."
    }
    for (i, line) in TextLayout.wrap(text, width: max(1, area.width - 4)).prefix(area.height).enumerated() {
      canvas.put(line, x: 2, y: area.y + i, style: Style(picker.error == nil ? .dim : .errored))
    }
  }
  for line in 0..<area.height {
    let index = picker.offset + line
    guard picker.artifacts.indices.contains(index) else { break }
    let artifact = picker.artifacts[index]
    let y = area.y + line
    let selected = index == picker.selected
    let selectionStyle = Style(.selection)
    if selected { canvas.fill(Rect(x: 0, y: y, width: area.width, height: 1), style: selectionStyle) }
    func style(_ role: Role) -> Style { selected ? selectionStyle : Style(role) }
    if selected { canvas.put("▶", x: 0, y: y, style: selectionStyle) }
    var x = 2
    canvas.put("#" + artifact.id, x: x, y: y, limit: idWidth - 1, style: style(.title))
    x += idWidth
    let (approval, role) = Format.approval(artifact)
    canvas.put(approval, x: x, y: y, limit: approvalWidth - 1, style: style(role))
    x += approvalWidth
    if artifact.comparisonState == "success" {
      let total = ReviewCategory.allCases.filter { $0 != .unchanged && $0 != .skipped }.reduce(0) { $0 + artifact.count($1) }
      if total == 0 {
        canvas.put("no changes", x: x, y: y, limit: countsWidth - 1, style: style(.dim))
      } else if selected {
        canvas.put(countsText(artifact), x: x, y: y, limit: countsWidth - 1, style: selectionStyle)
      } else {
        putCounts({ $0 == .unchanged || $0 == .skipped ? 0 : artifact.count($0) }, x: x, y: y, limit: countsWidth - 1, style: .normal, into: &canvas)
      }
    } else {
      canvas.put("\(artifact.imageCount) images", x: x, y: y, limit: countsWidth - 1, style: style(.dim))
    }
    x += countsWidth
    canvas.put(artifact.prNumber.map { "#\($0)" } ?? "–", x: x, y: y, limit: prWidth - 1, style: style(.normal))
    x += prWidth
    canvas.put(artifact.appID ?? "–", x: x, y: y, limit: appWidth - 1, style: style(.normal))
    x += appWidth
    canvas.put(Format.refs(artifact), x: x, y: y, limit: max(0, area.maxX - x), style: style(.dim))
  }
  canvas.fill(layout.statusBottom, style: Style(.status))
  let summary = picker.artifacts.isEmpty ? " no builds" : " \(picker.selected + 1)/\(picker.artifacts.count) builds"
  canvas.put(summary, x: 0, y: layout.statusBottom.y, style: Style(.status))
  if let id = state.loadingArtifact {
    canvas.putRight("loading #\(id)… ", maxX: state.width, y: layout.statusBottom.y, limit: state.width / 2, style: Style(.status))
  }
  footer(state).draw(y: layout.footer.y, width: state.width, into: &canvas)
}

private func countsText(_ artifact: BuildSummary) -> String {
  ReviewCategory.allCases.filter { $0 != .unchanged && $0 != .skipped && artifact.count($0) > 0 }
    .map { "\($0.sign)\(artifact.count($0))" }.joined(separator: " ")
}
