import TerminalCanvas
import TerminalWidgets

/// Draws the whole frame for `state`. The canvas is resized to the state's size; any size
/// down to 0x0 is drawn without error.
public func render(_ state: BrowseState, into canvas: inout Canvas) {
  Chrome.frame(&canvas, width: state.width, height: state.height)
  if state.isTooSmall {
    TooSmallScreen(width: state.width, height: state.height).draw(into: &canvas)
    return
  }
  switch state.screen {
  case .snapshots: renderSnapshotList(state, into: &canvas)
  case .branches:
    if let screen = state.branches {
      renderBranches(state, screen, into: &canvas)
    } else {
      renderLoading(state, into: &canvas)
    }
  }
  switch state.overlay {
  case .help(let scroll): BrowseKeymap.help.draw(scroll: scroll, into: &canvas)
  case .chooseBuild(let choice): renderChooser(choice, into: &canvas)
  case nil: break
  }
}

/// A role drawn on the status bar's background, so the bar stays unbroken in colour.
func onStatus(_ role: Role) -> Style {
  Style(role, background: Theme.attributes(for: Style(.status), mode: .trueColor).background)
}

/// A fresh canvas with the frame drawn (tests and benchmarks).
public func render(_ state: BrowseState) -> Canvas {
  var canvas = Canvas(width: state.width, height: state.height)
  render(state, into: &canvas)
  return canvas
}

/// The loading screen. Its text is word-wrapped like the reviewer's (it used to be cut at
/// the right edge, so a long error naming a path lost its end).
private func renderLoading(_ state: BrowseState, into canvas: inout Canvas) {
  let loading: LoadingScreen
  if let id = state.loadingSnapshot {
    loading = LoadingScreen(
      title: "snaprev browse", text: "Opening snapshot swh:1:snp:\(id.hex)…", role: .dim, footer: footer(state))
  } else {
    loading = LoadingScreen(
      title: "snaprev browse", text: state.message?.text ?? "No snapshot open", role: .errored, footer: footer(state))
  }
  loading.draw(width: state.width, height: state.height, into: &canvas)
}

/// The footer: the current message, else key hints generated from the keymap.
func footer(_ state: BrowseState) -> Footer {
  Footer(message: state.message, keymap: BrowseKeymap.table, contexts: state.keyContexts)
}

private func renderChooser(_ choice: BuildChoice, into canvas: inout Canvas) {
  let title: String
  switch choice.purpose {
  case .open: title = "Open which build?"
  case .base: title = "Which build is the base?"
  case .head: title = "Compare the base with which build?"
  }
  let visible = min(choice.builds.count, 12)
  let box = Chrome.centeredBox(width: 72, height: visible + 5, in: canvas)
  guard box.width > 10, box.height > 4 else { return }
  canvas.drawBox(box, title: title, fill: Style(.overlay))
  let inner = box.inset(by: 1)
  canvas.put(
    "\(choice.builds.count) builds were made from \(BrowseFormat.name(choice.branch))", x: inner.x + 1, y: inner.y,
    limit: inner.width - 2, style: Style(.overlay))
  let rows = max(1, inner.height - 2)
  let offset = ListScroll.offset(selected: choice.selected, count: choice.builds.count, visible: rows, current: 0)
  for line in 0..<rows {
    let index = offset + line
    guard choice.builds.indices.contains(index) else { break }
    let build = choice.builds[index]
    let y = inner.y + 1 + line
    let selected = index == choice.selected
    let style = Style(selected ? .selection : .overlay)
    if selected { canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style) }
    var text = build.label
    if let ref = build.headRef { text += "  " + ref }
    if let status = build.status { text += "  " + status }
    canvas.put((selected ? "▶ " : "  ") + text, x: inner.x + 1, y: y, limit: inner.width - 2, style: style)
  }
  let hints = BrowseKeymap.table.hints(in: [.chooser]).map { (keys: $0.keys, text: $0.text) }
  canvas.putHints(hints, x: inner.x, y: inner.maxY - 1, width: inner.width)
}
