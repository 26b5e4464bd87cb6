import TerminalCanvas
import TerminalWidgets

/// Draws the whole frame for `state` (ratatui: "fully render the entire frame"). The
/// canvas is resized to the state's size; any size down to 0x0 is drawn without error.
public func render(_ state: ReviewState, into canvas: inout Canvas) {
  Chrome.frame(&canvas, width: state.width, height: state.height)
  if state.isTooSmall {
    TooSmallScreen(width: state.width, height: state.height).draw(into: &canvas)
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
  case .help(let scroll): state.help.draw(scroll: scroll, into: &canvas)
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

private func renderLoading(_ state: ReviewState, into canvas: inout Canvas) {
  let loading: LoadingScreen
  if let id = state.loadingArtifact {
    loading = LoadingScreen(title: "snaprev review", text: "Loading build #\(id)…", role: .dim, footer: footer(state))
  } else {
    loading = LoadingScreen(
      title: "snaprev review", text: state.message?.text ?? "Nothing to show", role: .errored, footer: footer(state))
  }
  loading.draw(width: state.width, height: state.height, into: &canvas)
}

/// The footer: the current message, else key hints generated from the keymap.
/// `? help` and `q quit` are always kept at the right end; only keys that do something
/// on the current row are offered.
func footer(_ state: ReviewState) -> Footer {
  Footer(
    message: state.message, keymap: state.keymap, contexts: state.keyContexts, available: state.isAvailable,
    pinned: ["help", "quit"])
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
