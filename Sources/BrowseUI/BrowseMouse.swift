import TerminalCanvas
import TerminalWidgets

/// Clicks and wheel notches in the browser, like the reviewer's (`Chrome.wheelRows` rows a
/// notch): a click on a row selects it, the wheel moves the selection (on across pages, as
/// j and k do). Nothing opens on a click: Enter still opens, so a stray click is harmless.
func handleMouse(_ state: inout BrowseState, _ event: MouseEvent) {
  guard state.overlay == nil, !state.quitting, !state.isTooSmall else { return }
  let step = Chrome.wheelRows
  switch state.screen {
  case .snapshots:
    let rows = state.snapshotListLayout.rows
    switch event.kind {
    case .press(button: 0):
      let index = state.snapshots.offset + (event.y - rows.y)
      guard rows.contains(x: event.x, y: event.y), state.snapshots.items.indices.contains(index) else { return }
      state.message = nil
      state.snapshots.selected = index
    case .wheel(let up): state.snapshots.selected += up ? -step : step
    default: return
    }
    state.clampSnapshotScroll()
  case .branches:
    guard var screen = state.branches, !screen.editingFilter else { return }
    let rows = state.branchLayout.rows
    let visible = state.visibleBranchRows
    switch event.kind {
    case .press(button: 0):
      let index = screen.offset + (event.y - rows.y)
      guard rows.contains(x: event.x, y: event.y), screen.page.rows.indices.contains(index) else { return }
      state.message = nil
      screen.moveSelection(to: index, visible: visible)
    case .wheel(let up): screen.moveSelection(to: screen.selected + (up ? -step : step), visible: visible)
    default: return
    }
    state.branches = screen
  }
}
