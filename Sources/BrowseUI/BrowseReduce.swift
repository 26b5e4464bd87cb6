import SWHModel
import TerminalCanvas
import TerminalWidgets
import TextEscaping

/// The browser's update function: the only place its state changes. Pure: reading the
/// store is returned as an `Effect`; paging reads the already open (memory-mapped) list.
public func reduce(_ state: inout BrowseState, _ action: BrowseAction) -> [BrowseEffect] {
  switch action {
  case .key(let key):
    state.message = nil
    var effects = handleKey(&state, key)
    if let id = state.branches?.snapshot.id, let filter = state.branches?.countRequest() {
      effects.append(.countRows(snapshot: id, filter: filter))
    }
    return effects

  case .mouse(let event):
    handleMouse(&state, event)
    return []

  case .resize(let width, let height):
    state.width = max(0, width)
    state.height = max(0, height)
    state.clampSnapshotScroll()
    let visible = state.visibleBranchRows
    state.branches?.clampScroll(visible: visible)
    return []

  case .snapshotsLoaded(let items):
    state.snapshots.items = items
    state.snapshots.loading = false
    state.snapshots.error = nil
    state.clampSnapshotScroll()
    return []

  case .snapshotLoaded(let snapshot):
    state.loadingSnapshot = nil
    state.screen = .branches
    var screen = BranchScreen(snapshot: snapshot)
    if let old = state.branches, old.snapshot.id == snapshot.id {
      screen.restore(from: old, visible: state.visibleBranchRows)
    } else {
      screen.clampScroll(visible: state.visibleBranchRows)
    }
    state.branches = screen
    return []

  case .buildsLoaded(let builds):
    state.builds = BuildLinks(builds)
    return []

  case .loadFailed(let reason):
    state.loadingSnapshot = nil
    if state.screen == .snapshots {
      state.snapshots.loading = false
      if state.snapshots.items.isEmpty { state.snapshots.error = reason }
    }
    state.message = StatusMessage(reason, .error)
    return []

  case .note(let message):
    state.message = message
    return []

  case .rowsCounted(let id, let filter, let count):
    guard var screen = state.branches, screen.snapshot.id == id else { return [] }
    screen.counted(count, for: filter)
    state.branches = screen
    return []
  }
}

extension BrowseState {
  mutating func clampSnapshotScroll() {
    let count = snapshots.items.count
    snapshots.selected = max(0, min(snapshots.selected, count - 1))
    snapshots.offset = ListScroll.offset(
      selected: snapshots.selected, count: count, visible: visibleSnapshotRows, current: snapshots.offset)
  }
}

private func handleKey(_ state: inout BrowseState, _ key: Key) -> [BrowseEffect] {
  guard !state.quitting else { return [] }
  let contexts = state.keyContexts
  let command = BrowseKeymap.table.command(for: key, in: contexts)

  switch state.overlay {
  case .help(let scroll):
    switch command {
    case .scrollDown: state.overlay = .help(scroll: BrowseKeymap.help.scroll(scroll, by: 1))
    case .scrollUp: state.overlay = .help(scroll: BrowseKeymap.help.scroll(scroll, by: -1))
    case .quit:
      state.overlay = nil
      state.quitting = true
      return [.quit]
    default: state.overlay = nil
    }
    return []
  case .chooseBuild(var choice):
    switch command {
    case .moveDown: choice.selected = min(choice.selected + 1, choice.builds.count - 1)
    case .moveUp: choice.selected = max(choice.selected - 1, 0)
    case .open:
      state.overlay = nil
      guard choice.builds.indices.contains(choice.selected) else { return [] }
      return take(&state, choice.builds[choice.selected], for: choice.purpose, branch: choice.branch)
    case .closeOverlay:
      state.overlay = nil
      state.message = StatusMessage("Cancelled")
      return []
    default: return []
    }
    state.overlay = .chooseBuild(choice)
    return []
  case nil:
    break
  }

  if contexts == [.filter] {
    if let command { return handleFilterCommand(&state, command) }
    if let text = key.typedText, var screen = state.branches {
      screen.setFilterText(screen.filterText + text, visible: state.visibleBranchRows)
      state.branches = screen
    }
    return []
  }

  guard let command else { return [] }
  switch command {
  case .quit:
    state.quitting = true
    return [.quit]
  case .help:
    state.overlay = .help(scroll: 0)
    return []
  default:
    break
  }
  if state.isTooSmall {
    return command == .reload ? reloadEffects(&state) : []
  }
  switch state.screen {
  case .snapshots: return handleSnapshotsCommand(&state, command)
  case .branches: return handleBranchesCommand(&state, command)
  }
}

private func reloadEffects(_ state: inout BrowseState) -> [BrowseEffect] {
  if state.screen == .branches, let id = state.branches?.snapshot.id ?? state.loadingSnapshot {
    state.loadingSnapshot = id
    return [.loadBuilds, .loadSnapshot(id)]
  }
  state.snapshots.loading = true
  return [.loadBuilds, .loadSnapshots]
}

private func handleSnapshotsCommand(_ state: inout BrowseState, _ command: BrowseKeyCommand) -> [BrowseEffect] {
  let count = state.snapshots.items.count
  let visible = state.visibleSnapshotRows
  switch command {
  case .moveDown: state.snapshots.selected += 1
  case .moveUp: state.snapshots.selected -= 1
  case .screenDown: state.snapshots.selected += max(1, visible - 1)
  case .screenUp: state.snapshots.selected -= max(1, visible - 1)
  case .first: state.snapshots.selected = 0
  case .last: state.snapshots.selected = count - 1
  case .reload: return reloadEffects(&state)
  case .open:
    guard state.snapshots.items.indices.contains(state.snapshots.selected) else { return [] }
    let id = state.snapshots.items[state.snapshots.selected].visit.snapshot
    if state.branches?.snapshot.id == id {
      state.screen = .branches
      return []
    }
    state.loadingSnapshot = id
    return [.loadSnapshot(id)]
  default: return []
  }
  state.clampSnapshotScroll()
  return []
}

private func handleFilterCommand(_ state: inout BrowseState, _ command: BrowseKeyCommand) -> [BrowseEffect] {
  guard var screen = state.branches else { return [] }
  let visible = state.visibleBranchRows
  switch command {
  case .filterAccept:
    screen.editingFilter = false
  case .filterCancel:
    screen.editingFilter = false
    if !screen.filterText.isEmpty { screen.setFilterText("", visible: visible) }
  case .filterDelete:
    if !screen.filterText.isEmpty { screen.setFilterText(String(screen.filterText.dropLast()), visible: visible) }
  case .moveDown: screen.moveSelection(to: screen.selected + 1, visible: visible)
  case .moveUp: screen.moveSelection(to: screen.selected - 1, visible: visible)
  default: break
  }
  state.branches = screen
  return []
}

private func handleBranchesCommand(_ state: inout BrowseState, _ command: BrowseKeyCommand) -> [BrowseEffect] {
  guard var screen = state.branches else {
    if command == .back { return backToList(&state) }
    return command == .reload ? reloadEffects(&state) : []
  }
  let visible = state.visibleBranchRows
  var effects: [BrowseEffect] = []
  switch command {
  case .moveDown: screen.moveSelection(to: screen.selected + 1, visible: visible)
  case .moveUp: screen.moveSelection(to: screen.selected - 1, visible: visible)
  case .screenDown: screen.moveSelection(to: screen.selected + max(1, visible - 1), visible: visible)
  case .screenUp: screen.moveSelection(to: screen.selected - max(1, visible - 1), visible: visible)
  case .nextPage:
    if screen.nextPage() {
      screen.selected = 0
      screen.offset = 0
    } else {
      state.message = StatusMessage("Last page")
    }
  case .previousPage:
    if screen.previousPage() {
      screen.selected = 0
      screen.offset = 0
    } else {
      state.message = StatusMessage("First page")
    }
  case .first:
    screen.firstPage()
    screen.selected = 0
    screen.offset = 0
  case .last:
    screen.lastPage()
    screen.selected = screen.page.rows.count - 1
    screen.clampScroll(visible: visible)
  case .switchTab:
    screen.switchTab(to: screen.filter.tab == .branches ? .releases : .branches, visible: visible)
  case .branchesTab: screen.switchTab(to: .branches, visible: visible)
  case .releasesTab: screen.switchTab(to: .releases, visible: visible)
  case .togglePullRequests:
    screen.changeFilter(visible: visible) { $0.showPullRequests.toggle() }
    state.message = StatusMessage(
      screen.filter.showPullRequests ? "Showing refs/pull/* (p hides them again)" : "Hiding refs/pull/*, as swh-web does")
  case .toggleOrder:
    screen.toggleOrder(visible: visible)
    state.message = StatusMessage(
      screen.byteOrder ? "Sorted by bytes, as swh-web and the API page (s: version order)" : "Sorted in version order: numbers as numbers (s: byte order)")
  case .startFilter:
    screen.editingFilter = true
  case .open:
    if screen.base != nil {
      effects = pickHead(&state, &screen)
    } else if let row = screen.selectedRow {
      let builds = state.builds.builds(for: row)
      switch builds.count {
      case 0: state.message = noBuildMessage(row)
      case 1: effects = [.openBuild(builds[0], branch: row.name)]
      default: state.overlay = .chooseBuild(BuildChoice(purpose: .open, branch: row.name, builds: builds))
      }
    }
  case .markBase:
    guard let row = screen.selectedRow else { break }
    if let base = screen.base, base.branch == row.name {
      screen.base = nil
      state.message = StatusMessage("Base unmarked")
      break
    }
    let builds = state.builds.builds(for: row)
    switch builds.count {
    case 0: state.message = noBuildMessage(row)
    case 1:
      state.branches = screen
      return take(&state, builds[0], for: .base, branch: row.name)
    default: state.overlay = .chooseBuild(BuildChoice(purpose: .base, branch: row.name, builds: builds))
    }
  case .compare:
    guard screen.base != nil else {
      state.message = StatusMessage("Mark a base first: m on one branch, then c (or Enter) on another", .warning)
      break
    }
    effects = pickHead(&state, &screen)
  case .back:
    if screen.base != nil {
      screen.base = nil
      state.message = StatusMessage("Base unmarked")
    } else if !screen.filterText.isEmpty {
      screen.setFilterText("", visible: visible)
    } else {
      state.branches = screen
      return backToList(&state)
    }
  case .reload:
    state.branches = screen
    return reloadEffects(&state)
  default:
    break
  }
  state.branches = screen
  return effects
}

private func backToList(_ state: inout BrowseState) -> [BrowseEffect] {
  state.screen = .snapshots
  state.overlay = nil
  if state.snapshots.items.isEmpty, !state.snapshots.loading {
    state.snapshots.loading = true
    return [.loadSnapshots]
  }
  if let id = state.branches?.snapshot.id,
    let index = state.snapshots.items.firstIndex(where: { $0.visit.snapshot == id }),
    state.snapshots.items[state.snapshots.selected].visit.snapshot != id
  {
    state.snapshots.selected = index
    state.clampSnapshotScroll()
  }
  return []
}

/// With a base marked, the selected branch's build becomes the head. Several builds of
/// the commit: the one of the base's app when there is exactly one, else a choice.
private func pickHead(_ state: inout BrowseState, _ screen: inout BranchScreen) -> [BrowseEffect] {
  guard let base = screen.base, let row = screen.selectedRow else { return [] }
  let builds = state.builds.builds(for: row).filter { $0.id != base.build.id }
  guard !builds.isEmpty else {
    if state.builds.builds(for: row).isEmpty {
      state.message = noBuildMessage(row)
    } else {
      state.message = StatusMessage("That is the base build itself: pick another branch as head", .warning)
    }
    return []
  }
  let sameApp = builds.filter { $0.appID == base.build.appID }
  if sameApp.count == 1 || builds.count == 1 {
    let head = sameApp.count == 1 ? sameApp[0] : builds[0]
    return [.compareBuilds(base: base.build, baseBranch: base.branch, head: head, headBranch: row.name)]
  }
  state.overlay = .chooseBuild(BuildChoice(purpose: .head, branch: row.name, builds: sameApp.isEmpty ? builds : sameApp))
  return []
}

private func take(
  _ state: inout BrowseState, _ build: LinkedBuild, for purpose: BuildChoice.Purpose, branch: [UInt8]
) -> [BrowseEffect] {
  switch purpose {
  case .open:
    return [.openBuild(build, branch: branch)]
  case .base:
    state.branches?.base = BaseMark(branch: branch, build: build)
    state.message = StatusMessage(
      "Base: build \(build.label) of \(SafeText.escaped(bytes: branch)) · now c or Enter on another branch compares",
      .success)
    return []
  case .head:
    guard let base = state.branches?.base else { return [] }
    return [.compareBuilds(base: base.build, baseBranch: base.branch, head: build, headBranch: branch)]
  }
}

private func noBuildMessage(_ row: BranchRow) -> StatusMessage {
  guard let final = row.finalObject else {
    return StatusMessage("\(SafeText.escaped(bytes: row.name)) points at no object, so no build is linked", .warning)
  }
  return StatusMessage("No uploaded build has head_sha \(final.id.shortHex()) (snaprev upload --head-sha \(final.id.shortHex()) …)", .warning)
}
