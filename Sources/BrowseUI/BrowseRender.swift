import TerminalCanvas

/// Draws the whole frame for `state`. The canvas is resized to the state's size; any size
/// down to 0x0 is drawn without error.
public func render(_ state: BrowseState, into canvas: inout Canvas) {
  if canvas.width != state.width || canvas.height != state.height {
    canvas = Canvas(width: state.width, height: state.height)
  } else {
    canvas.fill(canvas.bounds)
  }
  if state.isTooSmall {
    renderTooSmall(state, into: &canvas)
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
  case .help(let scroll): renderHelp(scroll: scroll, into: &canvas)
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

/// ncdu's "terminal too small" screen, centred and clipped to whatever size there is.
private func renderTooSmall(_ state: BrowseState, into canvas: inout Canvas) {
  let lines: [(String, Role)] = [
    ("Terminal too small", .warning),
    ("\(state.width)×\(state.height), needs \(BrowseState.minimumWidth)×\(BrowseState.minimumHeight)", .normal),
    ("q quits", .dim),
  ]
  let top = max(0, (state.height - lines.count) / 2)
  for (offset, (text, role)) in lines.enumerated() {
    let x = max(0, (state.width - DisplayWidth.of(text)) / 2)
    canvas.put(text, x: x, y: top + offset, style: Style(role))
  }
}

private func renderLoading(_ state: BrowseState, into canvas: inout Canvas) {
  canvas.putPadded(" snaprev browse", x: 0, y: 0, width: state.width, style: Style(.status))
  let text: String
  let role: Role
  if let id = state.loadingSnapshot {
    text = "Opening snapshot swh:1:snp:\(id.hex)…"
    role = .dim
  } else {
    text = state.message?.text ?? "No snapshot open"
    role = .errored
  }
  canvas.put(text, x: 2, y: 2, limit: max(0, state.width - 4), style: Style(role))
  renderFooter(state, y: state.height - 1, into: &canvas)
}

/// The footer: the current message, else key hints generated from the keymap.
func renderFooter(_ state: BrowseState, y: Int, into canvas: inout Canvas) {
  if let message = state.message {
    let role: Role
    switch message.kind {
    case .info: role = .footer
    case .success: role = .success
    case .warning: role = .warning
    case .error: role = .errored
    }
    canvas.putPadded(" " + message.text, x: 0, y: y, width: state.width, style: Style(role))
    return
  }
  let hints = BrowseKeymap.table.hints(in: state.keyContexts).map { (keys: $0.keys, text: $0.text) }
  canvas.putHints(hints, x: 0, y: y, width: state.width)
}

/// The `?` overlay's lines, generated from the keymap table.
func browseHelpLines() -> [(text: String, role: Role, keys: String)] {
  var lines: [(String, Role, String)] = []
  for context in BrowseKeymap.helpOrder {
    let bindings = BrowseKeymap.table.bindings(in: context)
    guard !bindings.isEmpty else { continue }
    if !lines.isEmpty { lines.append(("", .normal, "")) }
    lines.append((context.title, .header, ""))
    for binding in bindings { lines.append((binding.help, .normal, binding.keyLabel)) }
    if context == .filter { lines.append(("Type to add to the filter", .normal, "a-z…")) }
  }
  return lines
}

/// A box centred on the canvas, at most `width` x `height`.
func centeredBox(width: Int, height: Int, in canvas: Canvas) -> Rect {
  let w = min(width, canvas.width - 2)
  let h = min(height, canvas.height - 2)
  return Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
}

private func renderHelp(scroll: Int, into canvas: inout Canvas) {
  let lines = browseHelpLines()
  let box = centeredBox(width: 96, height: lines.count + 3, in: canvas)
  guard box.width > 10, box.height > 3 else { return }
  canvas.drawBox(box, title: "Keys · j/k scroll · any other key closes", fill: Style(.overlay))
  let inner = box.inset(by: 1)
  let keyWidth = min(16, inner.width / 3)
  let visible = inner.height
  let first = max(0, min(scroll, lines.count - visible))
  for (i, line) in lines.dropFirst(first).prefix(visible).enumerated() {
    let y = inner.y + i
    if line.role == .header {
      canvas.put(line.text, x: inner.x + 1, y: y, limit: inner.width - 1, style: Style(.header))
    } else {
      canvas.put(line.keys, x: inner.x + 2, y: y, limit: keyWidth, style: Style(.key))
      canvas.put(line.text, x: inner.x + 3 + keyWidth, y: y, limit: inner.maxX - inner.x - 3 - keyWidth, style: Style(.overlay))
    }
  }
  if lines.count > visible {
    canvas.putRight(
      " \(first + 1)–\(first + visible)/\(lines.count) ", maxX: box.maxX - 1, y: box.maxY - 1, limit: box.width - 2,
      style: Style(.dim))
  }
}

private func renderChooser(_ choice: BuildChoice, into canvas: inout Canvas) {
  let title: String
  switch choice.purpose {
  case .open: title = "Open which build?"
  case .base: title = "Which build is the base?"
  case .head: title = "Compare the base with which build?"
  }
  let visible = min(choice.builds.count, 12)
  let box = centeredBox(width: 72, height: visible + 5, in: canvas)
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
