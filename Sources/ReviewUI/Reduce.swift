import DiffCore
import TerminalCanvas
import TerminalWidgets

/// The reviewer's update function: the only place the state changes. Pure: anything
/// that touches the store or the disk is returned as an `ReviewEffect`.
public func reduce(_ state: inout ReviewState, _ action: ReviewAction) -> [ReviewEffect] {
  switch action {
  case .key(let key):
    state.message = nil
    return handleKey(&state, key)

  case .mouse(let event):
    return handleMouse(&state, event)

  case .resize(let width, let height):
    state.width = max(0, width)
    state.height = max(0, height)
    state.picker.clampScroll(visible: PickerLayout(width: state.width, height: state.height).rows.height)
    let layout = state.layout
    state.review?.clampScroll(layout: layout)
    return []

  case .artifactsLoaded(let artifacts):
    state.picker.artifacts = artifacts
    state.picker.loading = false
    state.picker.error = nil
    state.picker.selected = min(state.picker.selected, max(0, artifacts.count - 1))
    state.picker.clampScroll(visible: PickerLayout(width: state.width, height: state.height).rows.height)
    return []

  case .artifactLoaded(let data):
    state.loadingArtifact = nil
    state.screen = .review
    if var review = state.review, review.data.artifact.id == data.artifact.id {
      review.replaceData(data)
      review.clampScroll(layout: state.layout)
      state.review = review
      state.message = StatusMessage("Reloaded build #\(data.artifact.id)")
      return state.review?.syncPreview() ?? []
    }
    var review = ReviewScreen(data: data)
    review.clampScroll(layout: state.layout)
    let effects = review.syncPreview()
    state.review = review
    return effects

  case .loadFailed(let reason):
    state.loadingArtifact = nil
    if state.screen == .picker {
      state.picker.loading = false
      if state.picker.artifacts.isEmpty { state.picker.error = reason }
    }
    state.message = StatusMessage(reason, .error)
    return []

  case .previewLoaded(let images):
    guard var review = state.review, review.preview.request == images.request else { return [] }
    review.preview = .ready(images)
    state.review = nil
    // Warm the cache with the next image, so walking the list with j stays instant.
    var next = review.nextImageRow(from: review.selected, forward: true, wrap: false).flatMap { row in
      review.previewRequest(forRow: row)
    }
    next?.prefetch = true
    let antialiased = review.showAntialiased ? findAntialiased(images) : nil
    state.review = review
    return [antialiased, next.map { .loadPreview($0) }].compactMap { $0 }

  case .antialiasedFound(let request, let summary):
    guard var review = state.review, case .ready(var images) = review.preview, images.request == request else { return [] }
    images.antialiased = summary
    review.preview = .ready(images)
    state.review = review
    return []

  case .previewFailed(let request, let reason):
    guard var review = state.review, review.preview.request == request else { return [] }
    review.preview = .failed(request, reason)
    state.review = review
    return []

  case .approvalSaved(let summary, let approved, let text, let undoable):
    state.takeStoredSummary(summary)
    if approved, undoable { state.review?.undo.append(.approval) }
    state.message = StatusMessage(text, approved ? .success : .info)
    return []

  case .reviewMarkSaved(let fileName, let reviewed, let undoable):
    state.review?.setReviewed(fileName, reviewed)
    if undoable { state.review?.undo.append(.reviewMark(fileName: fileName, reviewed: reviewed)) }
    return []

  case .effectFailed(let reason):
    state.message = StatusMessage(reason, .error)
    return []

  case .storeChanged:
    return [.refreshStore(openArtifactID: state.review?.data.artifact.id)]

  case .storeRefreshed(let refresh):
    return state.applyRefresh(refresh)

  case .changesRequestSaved(let summary, let fileName):
    state.takeStoredSummary(summary)
    let name = state.review?.data.entries.first { $0.fileName == fileName }?.name ?? fileName
    state.message = StatusMessage("Requested changes on “\(name)”: build #\(summary.id) shows CHANGES REQUESTED", .warning)
    return []

  case .approvalChecked(let summary):
    state.takeStoredSummary(summary)
    guard state.screen == .review, state.overlay == nil, state.review?.data.artifact.id == summary.id else { return [] }
    if summary.isApproved {
      let who = summary.approvers.map(\.name).joined(separator: ", ")
      state.message = StatusMessage(
        summary.approvalStatus == .autoApproved ? "Already auto-approved" : "Already approved by \(who)")
      return []
    }
    state.overlay = .confirmApprove(force: summary.needsForce)
    return []
  }
}

private func handleKey(_ state: inout ReviewState, _ key: Key) -> [ReviewEffect] {
  guard !state.quitting else { return [] }
  let contexts = state.keyContexts
  let command = state.keymap.command(for: key, in: contexts)

  switch state.overlay {
  case .help(let scroll):
    switch command {
    case .scrollDown: state.overlay = .help(scroll: state.help.scroll(scroll, by: 1))
    case .scrollUp: state.overlay = .help(scroll: state.help.scroll(scroll, by: -1))
    case .scrollPageDown, .scrollPageUp:
      // Start from what is shown (the scroll may point past the last page), then move a page.
      let help = state.help
      let page = help.visibleLines(height: state.height)
      let shown = min(scroll, help.lastPage(height: state.height))
      let target = command == .scrollPageDown ? shown + page : shown - page
      state.overlay = .help(scroll: max(0, min(target, help.lastPage(height: state.height))))
    case .scrollTop: state.overlay = .help(scroll: 0)
    case .scrollBottom: state.overlay = .help(scroll: state.help.lastPage(height: state.height))
    case .quit:
      state.overlay = nil
      state.quitting = true
      return [.quit]
    default: state.overlay = nil
    }
    return []
  case .confirmApprove(let force):
    // Standing change requests need the override key: `y` alone is not enough.
    let requested = !(state.review?.data.artifact.changeRequests.isEmpty ?? true)
    if command == .confirmYes, requested {
      state.message = StatusMessage("Changes were requested: ! approves over them, any other key cancels", .warning)
      return []
    }
    state.overlay = nil
    guard command == .confirmYes || command == .confirmOverride, let review = state.review else {
      state.message = StatusMessage("Approval cancelled")
      return []
    }
    return [.approve(artifactID: review.data.artifact.id, force: force)]
  case nil:
    break
  }

  if contexts == [.filter] {
    if let command { return handleFilterCommand(&state, command) }
    if let text = key.typedText, var review = state.review {
      review.filter += text
      review.applyFilterChange(layout: state.layout)
      let effects = review.syncPreview()
      state.review = review
      return effects
    }
    return []
  }

  if contexts == [.note] { return handleNote(&state, command, key) }

  guard let command else {
    if let reason = state.readOnlyReason,
      let refused = ReviewKeymap.table.command(for: key, in: contexts),
      ReviewKeymap.writingCommands.contains(refused)
    {
      state.message = StatusMessage(reason, .warning)
    }
    return []
  }
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
    if command == .reload { return reloadEffects(&state) }
    return []
  }
  switch state.screen {
  case .picker: return handlePickerCommand(&state, command)
  case .review: return handleReviewCommand(&state, command)
  }
}

/// Typing a change request's note (after `c`): Enter stores it, Esc drops it.
private func handleNote(_ state: inout ReviewState, _ command: ReviewKeyCommand?, _ key: Key) -> [ReviewEffect] {
  guard var review = state.review, let draft = review.noteDraft, let entry = review.selectedEntry else {
    state.review?.noteDraft = nil
    return []
  }
  defer { state.review = review }
  switch command {
  case .noteAccept:
    guard !draft.allSatisfy(\.isWhitespace) else {
      state.message = StatusMessage("Type what should change first (Esc cancels)", .warning)
      return []
    }
    review.noteDraft = nil
    return [.requestChanges(artifactID: review.data.artifact.id, fileName: entry.fileName, note: draft)]
  case .noteCancel:
    review.noteDraft = nil
    state.message = StatusMessage("Change request cancelled: nothing was stored")
  case .noteDelete:
    if !draft.isEmpty { review.noteDraft?.removeLast() }
  default:
    guard let text = key.typedText else { return [] }
    guard draft.count + text.count <= ReviewScreen.noteLimit else {
      state.message = StatusMessage("A note is one line of \(ReviewScreen.noteLimit) characters at most", .warning)
      return []
    }
    review.noteDraft = draft + text
  }
  return []
}

private func reloadEffects(_ state: inout ReviewState) -> [ReviewEffect] {
  if state.screen == .review, let id = state.review?.data.artifact.id {
    return [.loadArtifact(id: id)]
  }
  state.picker.loading = true
  return [.loadArtifacts]
}

private func handlePickerCommand(_ state: inout ReviewState, _ command: ReviewKeyCommand) -> [ReviewEffect] {
  let visible = PickerLayout(width: state.width, height: state.height).rows.height
  let count = state.picker.artifacts.count
  switch command {
  case .moveDown: state.picker.selected = min(count - 1, state.picker.selected + 1)
  case .moveUp: state.picker.selected = state.picker.selected - 1
  case .top: state.picker.selected = 0
  case .bottom: state.picker.selected = count - 1
  case .reload: return reloadEffects(&state)
  case .open:
    guard state.picker.artifacts.indices.contains(state.picker.selected) else { return [] }
    let id = state.picker.artifacts[state.picker.selected].id
    state.loadingArtifact = id
    if state.review?.data.artifact.id == id {
      state.screen = .review
      state.loadingArtifact = nil
      return []
    }
    return [.loadArtifact(id: id)]
  default: return []
  }
  state.picker.selected = max(0, state.picker.selected)
  state.picker.clampScroll(visible: visible)
  return []
}

private func handleFilterCommand(_ state: inout ReviewState, _ command: ReviewKeyCommand) -> [ReviewEffect] {
  guard var review = state.review else { return [] }
  let layout = state.layout
  switch command {
  case .filterAccept:
    review.editingFilter = false
    if review.filter.isEmpty { review.applyFilterChange(layout: layout) }
  case .filterCancel:
    review.editingFilter = false
    review.filter = ""
    review.applyFilterChange(layout: layout)
  case .filterDelete:
    if !review.filter.isEmpty { review.filter.removeLast() }
    review.applyFilterChange(layout: layout)
  case .moveDown: review.moveSelection(to: review.selected + 1, layout: layout)
  case .moveUp: review.moveSelection(to: review.selected - 1, layout: layout)
  default: break
  }
  let effects = review.syncPreview()
  state.review = review
  return effects
}

private func handleReviewCommand(_ state: inout ReviewState, _ command: ReviewKeyCommand) -> [ReviewEffect] {
  guard var review = state.review else {
    if command == .back, state.hasPicker {
      state.screen = .picker
      return []
    }
    return command == .reload ? reloadEffects(&state) : []
  }
  let layout = state.layout
  // Take the screen out of the state while changing it, so its arrays are not shared
  // (and copied) on mutation.
  state.review = nil
  defer { state.review = review }
  let reachedByMark = review.reachedByMark
  review.reachedByMark = nil

  let step: CommandStep
  switch command {
  case .moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .switchPane:
    step = move(&review, command, layout: layout)
  case .jumpCategory(let category):
    step = jump(&review, to: category, message: &state.message, layout: layout)
  case .startFilter, .nextMatch, .previousMatch:
    step = search(&review, command, message: &state.message, layout: layout)
  case .nextUnreviewed:
    // Right after `x` the selection is on the image `x` moved to: it counts (the search
    // starts one row before it), so "mark, next" never leaves an image behind.
    let counted = reachedByMark != nil && reachedByMark == review.selectedEntryIndex
    guard let target = review.nextUnreviewedRow(from: counted ? review.selected - 1 : review.selected) else {
      state.message = StatusMessage(
        review.filter.isEmpty ? "Every image that needs a look is marked reviewed" : "Every matching image that needs a look is marked reviewed")
      return []
    }
    if target == review.selected, counted, let entry = review.selectedEntry {
      state.message = StatusMessage("“\(entry.name)” is the next image not marked reviewed (x moved here)")
    }
    review.focus = .list
    review.moveSelection(to: target, layout: layout)
    step = .sync([])
  case .zoom, .zoomIn, .zoomOut:
    step = zoom(&review, command, message: &state.message, layout: layout)
  case .panLeft, .panRight, .panUp, .panDown, .panPageUp, .panPageDown:
    step = pan(&review, command, layout: layout)
  case .viewDiff, .viewHead, .viewBase, .viewSideBySide, .blink, .viewOverlay, .viewSlider:
    step = view(&review, command)
  case .toggleAntialiased:
    step = toggleAntialiased(&review, message: &state.message)
  case .adjustLess, .adjustMore:
    step = adjust(&review, more: command == .adjustMore, message: &state.message)
  case .narrowList, .widenList:
    resizeList(&state, wider: command == .widenList)
    review.clampScroll(layout: state.layout)
    step = .sync([])
  case .markReviewed, .approve, .undo, .requestChanges:
    step = decide(&review, command, state: &state, layout: layout)
  case .reload, .back:
    step = leave(&review, command, state: &state, layout: layout)
  default:
    step = .sync([])
  }
  switch step {
  case .sync(let effects): return effects + review.syncPreview()
  case .stop(let effects): return effects
  }
}

/// What a review command asks for after changing the screen: keep the preview in step with
/// the selection (and add these effects), or stop here with these effects.
enum CommandStep {
  case sync([ReviewEffect])
  case stop([ReviewEffect])
}

private func move(_ review: inout ReviewScreen, _ command: ReviewKeyCommand, layout: ReviewLayout) -> CommandStep {
  let page = max(1, layout.listRows.height - 1)
  switch command {
  case .moveDown: review.moveSelection(to: review.selected + 1, layout: layout)
  case .moveUp: review.moveSelection(to: review.selected - 1, layout: layout)
  case .pageDown: review.moveSelection(to: review.selected + page, layout: layout)
  case .pageUp: review.moveSelection(to: review.selected - page, layout: layout)
  case .top: review.moveSelection(to: 0, layout: layout)
  case .bottom: review.moveSelection(to: review.rows.count - 1, layout: layout)
  case .switchPane: review.focus = review.focus == .list ? .preview : .list
  default: break
  }
  return .sync([])
}

private func jump(
  _ review: inout ReviewScreen, to category: ReviewCategory, message: inout StatusMessage?, layout: ReviewLayout
) -> CommandStep {
  guard review.index.sections.contains(where: { $0.category == category }) else {
    message = StatusMessage("No \(category.title.lowercased()) images in this build")
    return .stop([])
  }
  if review.collapsed.contains(category) {
    review.collapsed.remove(category)
    review.rebuildRows(layout: layout)
  }
  func isHeader(_ row: ListRow, of wanted: (ReviewCategory) -> Bool) -> Bool {
    if case .category(let c, _, _, _) = row { return wanted(c) }
    return false
  }
  guard let header = review.rows.firstIndex(where: { isHeader($0) { $0 == category } }) else {
    message = StatusMessage("No \(category.title.lowercased()) images match the filter")
    return .stop([])
  }
  let firstImage = review.rows[header...].firstIndex { $0.entryIndex != nil } ?? header
  let target = review.rows[header..<firstImage].contains { isHeader($0) { $0 != category } } ? header : firstImage
  review.focus = .list
  review.moveSelection(to: target, layout: layout)
  review.offset = min(review.offset, header)
  return .sync([])
}

private func search(
  _ review: inout ReviewScreen, _ command: ReviewKeyCommand, message: inout StatusMessage?, layout: ReviewLayout
) -> CommandStep {
  if command == .startFilter {
    review.editingFilter = true
    review.focus = .list
    return .sync([])
  }
  guard !review.filter.isEmpty else {
    message = StatusMessage("No filter: press / and type part of a name")
    return .stop([])
  }
  guard let target = review.nextImageRow(from: review.selected, forward: command == .nextMatch) else {
    message = StatusMessage("No image matches “\(review.filter)”", .warning)
    return .stop([])
  }
  review.moveSelection(to: target, layout: layout)
  return .sync([])
}

private func zoom(
  _ review: inout ReviewScreen, _ command: ReviewKeyCommand, message: inout StatusMessage?, layout: ReviewLayout
) -> CommandStep {
  if command == .zoom {
    if review.focus == .list, review.rows.indices.contains(review.selected),
      case .category(let category, _, _, _) = review.rows[review.selected]
    {
      if review.filter.isEmpty {
        if review.collapsed.contains(category) { review.collapsed.remove(category) } else { review.collapsed.insert(category) }
        review.rebuildRows(layout: layout)
      }
      return .stop([])
    }
    guard review.selectedEntry != nil else { return .stop([]) }
    if review.zoom == .fit {
      guard let focus = review.focusView(layout: layout) else {
        message = StatusMessage("The whole image already shows at its largest")
        return .stop([])
      }
      review.zoom = focus.zoom
      review.center = focus.center
    } else {
      review.zoom = .fit
    }
    return .sync([])
  }
  guard let canvas = review.canvasSize, let area = review.imageArea(layout: layout) else { return .stop([]) }
  let fit = ImageViewport.fitScale(canvasWidth: canvas.width, canvasHeight: canvas.height, area: area)
  let next =
    command == .zoomIn
    ? ImageViewport.zoomIn(from: review.zoom, fitScale: fit) : ImageViewport.zoomOut(from: review.zoom, fitScale: fit)
  guard let next else {
    message = StatusMessage(
      command == .zoomIn ? "Already at \(ImageViewport.maximumMagnification):1" : "Already fitting the pane")
    return .stop([])
  }
  if review.zoom == .fit { review.center = review.startCenter(layout: layout) }
  review.zoom = next
  return .sync([])
}

func pan(_ review: inout ReviewScreen, _ command: ReviewKeyCommand, layout: ReviewLayout) -> CommandStep {
  guard review.zoom != .fit, let area = review.imageArea(layout: layout), let canvas = review.canvasSize
  else {
    // Nothing to pan at fit: the vertical keys keep moving through the list.
    if command == .panDown { review.moveSelection(to: review.selected + 1, layout: layout) }
    if command == .panUp { review.moveSelection(to: review.selected - 1, layout: layout) }
    return .sync([])
  }
  let view = ImageViewport.make(
    canvasWidth: canvas.width, canvasHeight: canvas.height, area: area, zoom: review.zoom, center: review.center)
  // Start from the centre actually shown, so a clamped centre does not need "unwinding".
  var x = view.region.x + view.region.width / 2
  var y = view.region.y + view.region.height / 2
  let k = if case .scale(let k) = review.zoom { k } else { 1 }
  let stepX = max(k, view.region.width / 4)
  let stepY = max(k, view.region.height / 4)
  switch command {
  case .panLeft: x -= stepX
  case .panRight: x += stepX
  case .panUp: y -= stepY
  case .panDown: y += stepY
  case .panPageUp: y -= view.region.height
  case .panPageDown: y += view.region.height
  default: break
  }
  review.center = (x, y)
  return .sync([])
}

private func view(_ review: inout ReviewScreen, _ command: ReviewKeyCommand) -> CommandStep {
  switch command {
  case .viewDiff: review.mode = .diff
  case .viewHead: review.mode = .head
  case .viewBase: review.mode = .base
  case .viewSideBySide: review.mode = .sideBySide
  case .viewOverlay: review.mode = .overlay
  case .viewSlider: review.mode = .slider
  case .blink:
    if review.mode == .blink {
      review.blinkShowsBase.toggle()
    } else {
      review.mode = .blink
      review.blinkShowsBase = true
    }
  default: break
  }
  return .sync([])
}

/// `i`: the ignored pixels on or off. Turning them on shows the diff view, where they are
/// drawn, and asks for them when the open pair has none yet.
private func toggleAntialiased(_ review: inout ReviewScreen, message: inout StatusMessage?) -> CommandStep {
  review.showAntialiased.toggle()
  guard review.showAntialiased else {
    message = StatusMessage("Ignored pixels hidden", .info)
    return .sync([])
  }
  review.mode = .diff
  message = StatusMessage("Showing in blue the pixels pixelmatch ignored as anti-aliasing (i hides them)", .info)
  guard case .ready(let images) = review.preview, let effect = findAntialiased(images) else { return .sync([]) }
  return .sync([effect])
}

/// The effect that finds a changed pair's ignored pixels, unless they are known or the pair
/// is not one (only a changed pair with both images has any).
private func findAntialiased(_ images: PreviewImages) -> ReviewEffect? {
  guard images.antialiased == nil, images.request.category == .changed, let base = images.base, let head = images.head
  else { return nil }
  return .findAntialiased(images.request, base: base, head: head)
}

/// `<` and `>`: the onion skin's opacity in steps of 10%, or the slider's divider in steps
/// of 1/16 of the width (the width is the pane's, so a step is a couple of cells at most).
private func adjust(_ review: inout ReviewScreen, more: Bool, message: inout StatusMessage?) -> CommandStep {
  switch review.mode {
  case .overlay:
    review.overlayOpacity = max(0, min(100, review.overlayOpacity + (more ? 10 : -10)))
  case .slider:
    review.sliderPosition = max(0, min(100, review.sliderPosition + (more ? 100 / 16 : -(100 / 16))))
  default:
    message = StatusMessage("< and > adjust the onion skin (o) and the slider (w)")
    return .stop([])
  }
  return .sync([])
}

/// `{` and `}`: the list pane one step narrower or wider, within the layout's minimums; at
/// a limit the offset stays where it is and the footer says so.
private func resizeList(_ state: inout ReviewState, wider: Bool) {
  let current = ReviewLayout.listWidth(width: state.width, listWidthOffset: state.listWidthOffset)
  let target = state.listWidthOffset + (wider ? ReviewLayout.listWidthStep : -ReviewLayout.listWidthStep)
  let next = ReviewLayout.listWidth(width: state.width, listWidthOffset: target)
  guard next != current else {
    state.message = StatusMessage(wider ? "The list is as wide as it goes" : "The list is as narrow as it goes")
    return
  }
  // Store the width reached, so a clamped step does not leave a debt to unwind.
  state.listWidthOffset = next - ReviewLayout.defaultListWidth(width: state.width)
}

/// x, a and u: the commands that write (a read-only review's keymap has none of them).
private func decide(
  _ review: inout ReviewScreen, _ command: ReviewKeyCommand, state: inout ReviewState, layout: ReviewLayout
) -> CommandStep {
  let id = review.data.artifact.id
  switch command {
  case .markReviewed:
    guard let entry = review.selectedEntry else {
      state.message = StatusMessage("Select an image to mark it reviewed")
      return .stop([])
    }
    let reviewed = review.data.reviewed.contains(entry.fileName)
    // Marking moves on to the next image not marked reviewed (wrapping, as `]` does; the
    // marked one is not stored yet, so the search coming back to it means there is none).
    if !reviewed, let next = review.nextUnreviewedRow(from: review.selected), next != review.selected {
      review.moveSelection(to: next, layout: layout)
      review.reachedByMark = review.selectedEntryIndex
    }
    return .sync([.setReviewed(artifactID: id, fileName: entry.fileName, reviewed: !reviewed, undo: false)])
  case .approve:
    // The dialog decides on the build as stored now (another reviewer may have approved or
    // revoked since the screen was drawn): `approvalChecked` opens it.
    return .stop([.checkApproval(artifactID: id)])
  case .requestChanges:
    guard review.selectedEntry != nil else {
      state.message = StatusMessage("Select an image to request changes on it")
      return .stop([])
    }
    review.noteDraft = ""
    return .stop([])
  default:
    guard let last = review.undo.popLast() else {
      state.message = StatusMessage("Nothing to undo in this session")
      return .stop([])
    }
    switch last {
    case .reviewMark(let fileName, let reviewed):
      let name = review.data.entries.first { $0.fileName == fileName }?.name ?? fileName
      // Back to the image the undo is about (`x` had moved on to the next one).
      if let index = review.data.entries.firstIndex(where: { $0.fileName == fileName }),
        let row = review.rows.firstIndex(of: .image(index))
      {
        review.moveSelection(to: row, layout: layout)
      }
      state.message = StatusMessage(
        reviewed ? "Undid marking “\(name)” reviewed: it is unmarked again" : "Undid unmarking “\(name)”: it is marked reviewed again")
      return .sync([.setReviewed(artifactID: id, fileName: fileName, reviewed: !reviewed, undo: true)])
    case .approval:
      // The store's answer (the revocation, kept in the history) replaces this when it lands.
      state.message = StatusMessage("Undoing the approval of build #\(id)…")
      return .sync([.revokeApproval(artifactID: id)])
    }
  }
}

/// r reloads the build; Esc clears the filter, else the zoom, else goes back to the picker.
private func leave(
  _ review: inout ReviewScreen, _ command: ReviewKeyCommand, state: inout ReviewState, layout: ReviewLayout
) -> CommandStep {
  if command == .reload { return .stop([.loadArtifact(id: review.data.artifact.id)]) }
  if !review.filter.isEmpty {
    review.filter = ""
    review.applyFilterChange(layout: layout)
  } else if review.zoom != .fit {
    review.zoom = .fit
  } else if state.hasPicker {
    state.screen = .picker
    state.picker.loading = true
    return .stop([.loadArtifacts])
  }
  return .sync([])
}

extension ReviewState {
  /// A build as the store now holds it (after a write or a check): the open review and the
  /// picker's row show it.
  mutating func takeStoredSummary(_ summary: BuildSummary) {
    if review?.data.artifact.id == summary.id { review?.data.artifact = summary }
    if let index = picker.artifacts.firstIndex(where: { $0.id == summary.id }) {
      picker.artifacts[index] = summary
    }
  }
}

extension PickerScreen {
  mutating func clampScroll(visible: Int) {
    selected = max(0, min(selected, artifacts.count - 1))
    offset = ListScroll.offset(selected: selected, count: artifacts.count, visible: visible, current: offset)
  }
}

extension ReviewScreen {
  /// Moves the selection (clamped) and keeps it visible.
  mutating func moveSelection(to row: Int, layout: ReviewLayout) {
    let previous = selectedEntryIndex
    var target = max(0, min(row, rows.count - 1))
    // Group headers are labels, not stops: step over them in the direction of travel.
    let direction = target >= selected ? 1 : -1
    while rows.indices.contains(target), case .group = rows[target] {
      let next = target + direction
      if !rows.indices.contains(next) {
        target = target - direction
        break
      }
      target = next
    }
    selected = max(0, min(target, rows.count - 1))
    if selectedEntryIndex != previous {
      zoom = .fit
      blinkShowsBase = false
    }
    clampScroll(layout: layout)
  }

  mutating func clampScroll(layout: ReviewLayout) {
    selected = max(0, min(selected, rows.count - 1))
    offset = ListScroll.offset(selected: selected, count: rows.count, visible: layout.listRows.height, current: offset)
  }

  /// Rebuilds the rows after folding, keeping the same row selected where possible.
  mutating func rebuildRows(layout: ReviewLayout) {
    let previous = rows.indices.contains(selected) ? rows[selected] : nil
    rows = index.rows(collapsed: collapsed, filter: filter)
    if let previous, let same = rows.firstIndex(where: { Self.sameRow($0, previous) }) {
      selected = same
    }
    clampScroll(layout: layout)
  }

  /// After the filter text changed: rebuild and select the first match.
  mutating func applyFilterChange(layout: ReviewLayout) {
    let keep = selectedEntryIndex
    rows = index.rows(collapsed: collapsed, filter: filter)
    if filter.isEmpty, let keep, let same = rows.firstIndex(of: .image(keep)) {
      selected = same
    } else {
      selected = rows.firstIndex { $0.entryIndex != nil } ?? 0
    }
    if selectedEntryIndex != keep { zoom = .fit }
    clampScroll(layout: layout)
  }

  /// New data for the same artifact (reload): keep folding, filter and the selected image.
  mutating func replaceData(_ newData: ReviewData) {
    let keepName = selectedEntry?.fileName
    let keepCategory = selectedEntry?.category
    var fresh = ReviewScreen(data: newData)
    fresh.collapsed = collapsed
    fresh.filter = filter
    fresh.focus = focus
    fresh.mode = mode
    fresh.overlayOpacity = overlayOpacity
    fresh.sliderPosition = sliderPosition
    fresh.undo = undo
    fresh.rows = fresh.index.rows(collapsed: collapsed, filter: filter)
    fresh.selected = fresh.rows.firstIndex { $0.entryIndex != nil } ?? 0
    if let keepName,
      let row = fresh.rows.firstIndex(where: { row in
        guard let i = row.entryIndex else { return false }
        return newData.entries[i].fileName == keepName && newData.entries[i].category == keepCategory
      })
    {
      fresh.selected = row
      fresh.preview = preview
      fresh.zoom = zoom
      fresh.center = center
    }
    fresh.offset = offset
    self = fresh
  }

  static func sameRow(_ a: ListRow, _ b: ListRow) -> Bool {
    switch (a, b) {
    case (.category(let x, _, _, _), .category(let y, _, _, _)): return x == y
    case (.group(let x, let n, _), .group(let y, let m, _)): return x == y && n == m
    case (.image(let x), .image(let y)): return x == y
    default: return false
    }
  }

  /// The next (or previous) image row, wrapping around unless `wrap` is false.
  func nextImageRow(from row: Int, forward: Bool, wrap: Bool = true) -> Int? {
    guard !rows.isEmpty else { return nil }
    let count = rows.count
    for step in 1...count {
      let raw = forward ? row + step : row - step
      if !wrap, raw < 0 || raw >= count { return nil }
      let candidate = ((raw % count) + count) % count
      if rows[candidate].entryIndex != nil { return candidate }
    }
    return nil
  }

  /// The padded canvas size of the selected entry, from its metadata.
  var canvasSize: (width: Int, height: Int)? {
    guard let entry = selectedEntry else { return nil }
    if case .ready(let images) = preview, images.request.fileName == entry.fileName {
      let size = images.canvasSize
      if size.width > 0, size.height > 0 { return size }
    }
    let width = max(entry.head?.width ?? 0, entry.base?.width ?? 0)
    let height = max(entry.head?.height ?? 0, entry.base?.height ?? 0)
    return width > 0 && height > 0 ? (width, height) : nil
  }

  /// The part of the preview pane one image is drawn in (one half side by side).
  public func imageArea(layout: ReviewLayout) -> Rect? {
    let area = layout.previewImage
    guard !area.isEmpty else { return nil }
    if mode == .sideBySide, selectedEntry?.category == .changed, let canvas = canvasSize {
      return SideBySideSplit(area: area, canvasWidth: canvas.width, canvasHeight: canvas.height).base
    }
    return area
  }

  /// Where `+` from fit starts: the most changed area (in every view: the head and base
  /// show the same place as the diff), else the top centre (a screen's header, where
  /// people look first).
  func startCenter(layout: ReviewLayout) -> (x: Int, y: Int) {
    if case .ready(let images) = preview, let mask = images.mask, let hot = ImageViewport.hotspotArea(of: mask) {
      return (hot.x + hot.width / 2, hot.y + hot.height / 2)
    }
    let canvas = canvasSize ?? (0, 0)
    let rows = (imageArea(layout: layout)?.height ?? 0) * 2
    return (canvas.width / 2, rows / 2)
  }

  /// Where Enter from fit goes: the area with the most changed pixels at the most
  /// magnified step that still shows it whole; without a diff mask (an added or removed
  /// image), the area with the most detail the same way, but no closer than 1:1 (past it
  /// is for looking at changed pixels); for a flat image, the next step in (1:1 at the top
  /// for a large image); nil when fit already shows it as large as it can be.
  func focusView(layout: ReviewLayout) -> (zoom: Zoom, center: (x: Int, y: Int))? {
    guard let canvas = canvasSize, let area = imageArea(layout: layout) else { return nil }
    let fit = ImageViewport.fitScale(canvasWidth: canvas.width, canvasHeight: canvas.height, area: area)
    if case .ready(let images) = preview {
      var target: PixelRect?
      if let mask = images.mask {
        target = ImageViewport.hotspotArea(of: mask)
      } else if let image = images.head ?? images.base {
        target = ImageViewport.detailArea(of: image)
      }
      if let target, var zoom = ImageViewport.closestZoom(showing: target, area: area, fitScale: fit) {
        if images.mask == nil, fit > 1, case .magnify = zoom { zoom = .scale(1) }
        return (zoom, (target.x + target.width / 2, target.y + target.height / 2))
      }
    }
    if fit > 1 { return (.scale(1), startCenter(layout: layout)) }
    return ImageViewport.zoomIn(from: .fit, fitScale: fit).map { ($0, (canvas.width / 2, canvas.height / 2)) }
  }

  /// The preview the selection needs.
  func previewRequest() -> PreviewRequest? { previewRequest(forRow: selected) }

  /// The preview the image at `row` needs (nil for headers; an errored pair loads both
  /// sides, shown as far as they decode).
  func previewRequest(forRow row: Int) -> PreviewRequest? {
    guard rows.indices.contains(row), let index = rows[row].entryIndex else { return nil }
    let entry = data.entries[index]
    func key(_ image: ImageRef?) -> String? {
      guard let key = image?.key, !key.isEmpty else { return nil }
      return key
    }
    switch entry.category {
    case .changed:
      return PreviewRequest(
        artifactID: data.artifact.id, fileName: entry.fileName, category: entry.category,
        headKey: key(entry.head), baseKey: key(entry.base), maskKey: entry.diffImageKey)
    case .added, .renamed, .unchanged, .uncompared:
      return PreviewRequest(
        artifactID: data.artifact.id, fileName: entry.fileName, category: entry.category,
        headKey: key(entry.head) ?? key(entry.base), baseKey: nil, maskKey: nil)
    case .removed, .skipped:
      return PreviewRequest(
        artifactID: data.artifact.id, fileName: entry.fileName, category: entry.category,
        headKey: nil, baseKey: key(entry.base) ?? key(entry.head), maskKey: nil)
    case .errored:
      return PreviewRequest(
        artifactID: data.artifact.id, fileName: entry.fileName, category: entry.category,
        headKey: key(entry.head), baseKey: key(entry.base), maskKey: nil)
    }
  }

  /// Sets the preview slot for the selection and returns the load, if one is needed.
  mutating func syncPreview() -> [ReviewEffect] {
    guard let request = previewRequest() else {
      preview = .none
      return []
    }
    if preview.request == request { return [] }
    preview = .loading(request)
    return [.loadPreview(request)]
  }
}
