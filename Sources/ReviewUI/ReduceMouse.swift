import TerminalCanvas
import TerminalWidgets

/// Clicks and wheel notches, by where they land on the layout `render` draws: a click on a
/// list row selects it and focuses the list, a click on the preview focuses it; the wheel
/// moves through the list (or the build picker, or the help) and pans a zoomed image.
/// Pure, like the keys: a click costs one layout computation, nothing per image pixel.
func handleMouse(_ state: inout ReviewState, _ event: MouseEvent) -> [ReviewEffect] {
  guard !state.quitting, !state.isTooSmall else { return [] }
  switch state.overlay {
  case .help(let scroll):
    if case .wheel(let up) = event.kind {
      let help = state.help
      state.overlay = .help(scroll: min(help.scroll(scroll, by: up ? -Chrome.wheelRows : Chrome.wheelRows), help.lastPage(height: state.height)))
    }
    return []
  case .confirmApprove:
    // The dialog asks for y or n; a stray click must not answer it.
    return []
  case nil:
    break
  }
  switch state.screen {
  case .picker:
    let rows = PickerLayout(width: state.width, height: state.height).rows
    switch event.kind {
    case .press(button: 0):
      let index = state.picker.offset + (event.y - rows.y)
      guard rows.contains(x: event.x, y: event.y), state.picker.artifacts.indices.contains(index) else { return [] }
      state.message = nil
      state.picker.selected = index
    case .wheel(let up):
      state.picker.selected += up ? -Chrome.wheelRows : Chrome.wheelRows
    default:
      return []
    }
    state.picker.clampScroll(visible: rows.height)
    return []
  case .review:
    guard var review = state.review, !review.editingFilter else { return [] }
    let layout = state.layout
    state.review = nil
    defer { state.review = review }
    let inList = layout.list.contains(x: event.x, y: event.y)
    let inPreview = layout.preview.contains(x: event.x, y: event.y)
    switch event.kind {
    case .press(button: 0):
      if inList {
        state.message = nil
        review.focus = .list
        let row = review.offset + (event.y - layout.listRows.y)
        if layout.listRows.contains(x: event.x, y: event.y), review.rows.indices.contains(row) {
          // A group label is not a stop: a click on it means its first image, below it.
          if case .group = review.rows[row] {
            review.moveSelection(to: row + 1, layout: layout)
          } else {
            review.moveSelection(to: row, layout: layout)
          }
        }
      } else if inPreview {
        state.message = nil
        review.focus = .preview
      }
    case .wheel(let up):
      if inList {
        review.moveSelection(to: review.selected + (up ? -Chrome.wheelRows : Chrome.wheelRows), layout: layout)
      } else if inPreview, review.zoom != .fit {
        _ = pan(&review, up ? .panUp : .panDown, layout: layout)
      }
    default:
      break
    }
    return review.syncPreview()
  }
}
