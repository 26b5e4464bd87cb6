import TerminalCanvas

/// Draws the whole frame for `state` (ratatui: "fully render the entire frame"). The
/// canvas is resized to the state's size; any size down to 0x0 is drawn without error.
public func render(_ state: ReviewState, into canvas: inout Canvas) {
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
  case .picker: renderPicker(state, into: &canvas)
  case .review:
    if let review = state.review {
      renderReview(state, review, into: &canvas)
    } else {
      renderLoading(state, into: &canvas)
    }
  }
  switch state.overlay {
  case .help(let scroll): renderHelp(state, scroll: scroll, into: &canvas)
  case .confirmApprove(let force): renderConfirm(state, force: force, into: &canvas)
  case nil: break
  }
}

/// A convenience for tests and benchmarks: a fresh canvas with the frame drawn.
public func render(_ state: ReviewState) -> Canvas {
  var canvas = Canvas(width: state.width, height: state.height)
  render(state, into: &canvas)
  return canvas
}

/// ncdu's "terminal too small" screen, centred and clipped to whatever size there is.
private func renderTooSmall(_ state: ReviewState, into canvas: inout Canvas) {
  let lines: [(String, Role)] = [
    ("Terminal too small", .warning),
    ("\(state.width)×\(state.height), needs \(ReviewState.minimumWidth)×\(ReviewState.minimumHeight)", .normal),
    ("q quits", .dim),
  ]
  let top = max(0, (state.height - lines.count) / 2)
  for (offset, (text, role)) in lines.enumerated() {
    let width = DisplayWidth.of(text)
    let x = max(0, (state.width - width) / 2)
    canvas.put(text, x: x, y: top + offset, style: Style(role))
  }
}

private func renderLoading(_ state: ReviewState, into canvas: inout Canvas) {
  let text: String
  let role: Role
  if let id = state.loadingArtifact {
    text = "Loading build #\(id)…"
    role = .dim
  } else {
    text = state.message?.text ?? "Nothing to show"
    role = .errored
  }
  canvas.putPadded(" snaprev review", x: 0, y: 0, width: state.width, style: Style(.status))
  let lines = TextLayout.wrap(text, width: max(1, state.width - 4))
  for (offset, line) in lines.enumerated() {
    canvas.put(line, x: 2, y: 2 + offset, style: Style(role))
  }
  renderFooter(state, y: state.height - 1, into: &canvas)
}

/// The footer: the current message, else key hints generated from the keymap.
func renderFooter(_ state: ReviewState, y: Int, into canvas: inout Canvas) {
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
  let hints = ReviewKeymap.table.hints(in: state.keyContexts).map { (keys: $0.keys, text: $0.text) }
  canvas.putHints(hints, x: 0, y: y, width: state.width)
}

/// Count summary "~3 +1 -1 »1 !1 ·1 =5", each in its category's colour (or all in `style`
/// with `keepRole`, so a monochrome bar stays one reverse-video band). Returns columns used.
@discardableResult
func putCounts(
  _ counts: (ReviewCategory) -> Int, x: Int, y: Int, limit: Int, style base: Style, keepRole: Bool = false,
  into canvas: inout Canvas
) -> Int {
  var column = x
  for category in ReviewCategory.allCases {
    let n = counts(category)
    guard n > 0 else { continue }
    let text = "\(category.sign)\(n)"
    guard column + DisplayWidth.of(text) <= x + limit else { break }
    var style = base
    if !keepRole { style.role = category.role }
    column += canvas.put(text, x: column, y: y, style: style)
    column += 1
  }
  return column - x
}
