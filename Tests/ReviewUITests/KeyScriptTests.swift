import DiffCore
import ReviewUI
import TerminalCanvas
import Testing

/// Key scripts: actions in, state (and effects) out, for every key of the keymap.
struct KeyScriptTests {
  static func selectedName(_ state: ReviewState) -> String? { state.review?.selectedEntry?.fileName }

  /// Presses each step's keys and expects the image selected after them.
  static func walk(_ state: inout ReviewState, _ steps: [(keys: String, selects: String)], line: Int = #line) {
    for step in steps {
      Sample.run(&state, Sample.keys(step.keys))
      #expect(selectedName(state) == step.selects, "after “\(step.keys)” (line \(line))")
    }
  }

  @Test func startsOnTheFirstChangedImageWithItsPreviewLoading() {
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    #expect(state.initialEffects == [.loadArtifact(id: "2")])
    let effects = reduce(&state, .artifactLoaded(Sample.data))
    #expect(Self.selectedName(state) == "ipad/login.png")
    guard case .loadPreview(let request)? = effects.first else {
      Issue.record("expected a preview load, got \(effects)")
      return
    }
    #expect(request.headKey == "h-login-ipad" && request.baseKey == "b-login-ipad" && request.maskKey == "m-login-ipad")
    guard case .loading? = state.review.map({ $0.preview }) else {
      Issue.record("preview should be loading")
      return
    }
  }

  @Test func aLoadedPreviewPrefetchesTheNextImage() {
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    let effects = reduce(&state, .artifactLoaded(Sample.data))
    guard case .loadPreview(let request)? = effects.first else {
      Issue.record("expected a preview load")
      return
    }
    let next = reduce(&state, .previewLoaded(Sample.preview(for: request)))
    guard case .loadPreview(let ahead)? = next.first else {
      Issue.record("expected a prefetch, got \(next)")
      return
    }
    #expect(ahead.prefetch && ahead.fileName == "iphone/login.png")
    // Its result is not shown: the selection did not move.
    _ = reduce(&state, .previewLoaded(Sample.preview(for: ahead)))
    #expect(state.review?.preview.request == request)
  }

  @Test func jkAndArrowsMoveAndSkipGroupHeaders() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("j"))
    #expect(Self.selectedName(state) == "iphone/login.png")
    Sample.run(&state, [.key(.down)])
    #expect(Self.selectedName(state) == "iphone/home.png")
    Sample.run(&state, Sample.keys("k") + [.key(.up)])
    #expect(Self.selectedName(state) == "ipad/login.png")
    Sample.run(&state, Sample.keys("k"))
    #expect(state.review?.selected == 0)  // the Changed header
  }

  @Test func gAndGGoToTopAndBottom() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("G"))
    let last = state.review.map { $0.rows.count - 1 }
    #expect(state.review?.selected == last)
    Sample.run(&state, Sample.keys("g"))
    #expect(state.review?.selected == 0)
    Sample.run(&state, [.key(.end)])
    #expect(state.review?.selected == last)
    Sample.run(&state, [.key(.home)])
    #expect(state.review?.selected == 0)
  }

  @Test func pageKeysMoveByAScreen() {
    var state = Sample.reviewState(width: 80, height: 16)
    let start = state.review?.selected ?? -1
    let page = state.layout.listRows.height - 1
    Sample.run(&state, [.key(.pageDown)])
    #expect((state.review?.selected ?? 0) >= start + page)  // a group header is stepped over
    Sample.run(&state, [.key(.pageUp)])
    #expect(state.review?.selected == start)
  }

  @Test func tabSwitchesPaneAndArrowsThenPanWhenZoomed() {
    var state = Sample.reviewState()
    Sample.run(&state, [.key(.tab)])
    #expect(state.review?.focus == .preview)
    #expect(state.keyContexts.first == .preview)
    // At fit there is nothing to pan: j keeps moving through the list.
    Sample.run(&state, Sample.keys("j"))
    #expect(Self.selectedName(state) == "iphone/login.png")
    Sample.run(&state, [.key(.enter)])
    #expect(state.review?.zoom == .magnify(4))  // the changed area, as large as it fits
    let before = state.review?.center.y ?? 0
    Sample.run(&state, [.key(.down)])
    let afterDown = state.review?.center.y ?? 0
    #expect(afterDown > before || afterDown >= 65 - 20)  // moved, or already at the bottom edge
    #expect(Self.selectedName(state) == "iphone/login.png")  // panning does not move the list
    Sample.run(&state, [.key(.backTab)])
    #expect(state.review?.focus == .list)
  }

  @Test func numberKeysJumpToCategoriesAndUnfoldUnchanged() {
    var state = Sample.reviewState()
    let expected: [(Character, String)] = [
      ("2", "iphone/profile.png"), ("3", "iphone/onboarding3.png"), ("4", "ipad/explore_map.png"),
      ("5", "iphone/terms.png"), ("6", "ipad/search.png"), ("1", "ipad/login.png"),
    ]
    for (key, name) in expected {
      Sample.run(&state, Sample.keys(String(key)))
      #expect(Self.selectedName(state) == name, "key \(key)")
    }
    #expect(state.review?.collapsed.contains(.unchanged) == true)
    Sample.run(&state, Sample.keys("7"))
    #expect(state.review?.collapsed.contains(.unchanged) == false)
    #expect(state.review?.selectedEntry?.category == .unchanged)
  }

  @Test func enterOnACategoryFoldsAndUnfoldsIt() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("G"))  // the folded Unchanged header is last
    let folded = state.review?.rows.count ?? 0
    Sample.run(&state, [.key(.enter)])
    #expect((state.review?.rows.count ?? 0) == folded + 5)  // 2 groups + 3 images
    Sample.run(&state, [.key(.enter)])
    #expect(state.review?.rows.count == folded)
  }

  @Test func slashFiltersAsYouTypeAndNMoves() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("/log"))
    #expect(state.keyContexts == [.filter])
    #expect(state.review?.filter == "log")
    let names = state.review.map { review in review.rows.compactMap(\.entryIndex).map { review.data.entries[$0].fileName } }
    #expect(names == ["ipad/login.png", "iphone/login.png"])
    Sample.run(&state, [.key(.enter)])
    #expect(state.keyContexts.first == .list)
    Sample.run(&state, Sample.keys("n"))
    #expect(Self.selectedName(state) == "iphone/login.png")
    Sample.run(&state, Sample.keys("n"))
    #expect(Self.selectedName(state) == "ipad/login.png")  // wraps
    Sample.run(&state, Sample.keys("N"))
    #expect(Self.selectedName(state) == "iphone/login.png")
    Sample.run(&state, [.key(.escape)])
    #expect(state.review?.filter == "")
    #expect(Self.selectedName(state) == "iphone/login.png")  // kept
  }

  @Test func filterEditingBackspaceAndCancel() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("/setx"))
    #expect(state.review?.rows.isEmpty == true)
    #expect(render(state).text.contains("No image matches “setx”"))
    Sample.run(&state, [.key(.backspace)])
    #expect(state.review?.rows.compactMap(\.entryIndex).count == 2)
    Sample.run(&state, [.key(.escape)])
    #expect(state.review?.filter == "")
    #expect(state.review?.editingFilter == false)
  }

  @Test func filterTypesKeysThatAreCommandsElsewhere() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("/q"))
    #expect(state.quitting == false)
    #expect(state.review?.filter == "q")
  }

  @Test func nWithoutFilterExplains() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("n"))
    #expect(state.message?.text.contains("press /") == true)
  }

  @Test func viewKeysPickTheMode() {
    var state = Sample.reviewState()
    for (key, mode) in [("h", ViewMode.head), ("b", .base), ("s", .sideBySide), ("d", .diff)] {
      Sample.run(&state, Sample.keys(key))
      #expect(state.review?.mode == mode)
    }
  }

  @Test func spaceBlinksBetweenBaseAndHeadInPlace() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys(" "))
    #expect(state.review?.mode == .blink)
    #expect(state.review?.blinkShowsBase == true)
    let first = render(state)
    #expect(first.text.contains("blink: BASE"))
    Sample.run(&state, Sample.keys(" "))
    #expect(state.review?.blinkShowsBase == false)
    let second = render(state)
    #expect(second.text.contains("blink: HEAD"))
    // Same place, different pixels: the button changed colour.
    let layout = state.layout
    let imageCells = (layout.previewImage.y..<layout.previewImage.maxY).flatMap { y in
      (layout.previewImage.x..<layout.previewImage.maxX).map { x in (x, y) }
    }
    #expect(imageCells.contains { first[$0.0, $0.1].style != second[$0.0, $0.1].style })
    #expect(imageCells.allSatisfy { first[$0.0, $0.1].text == second[$0.0, $0.1].text })
  }

  @Test func panKeysMoveTheZoomedViewInEveryDirection() {
    var state = Sample.reviewState(width: 70, height: 16)  // the 80x110 iPad image is wider than the pane
    Sample.run(&state, [.key(.enter), .key(.tab)])
    func region() -> PixelRect? {
      guard let review = state.review else { return nil }
      return ImageViewport.make(
        canvasWidth: 80, canvasHeight: 110, area: state.layout.previewImage, zoom: review.zoom, center: review.center
      ).region
    }
    let start = region()
    Sample.run(&state, [.key(.left), .key(.left), .key(.left)])
    let left = region()
    Sample.run(&state, [.key(.right)])
    #expect((region()?.x ?? 0) > (left?.x ?? 0))
    Sample.run(&state, Array(repeating: .key(.pageUp), count: 10))
    #expect(region()?.y == 0)
    Sample.run(&state, [.key(.pageDown)])
    #expect((region()?.y ?? 0) > 0)
    let paged = region()?.y ?? 0
    Sample.run(&state, [.key(.up)])
    let up = region()?.y ?? 0
    #expect(up < paged)
    Sample.run(&state, Sample.keys("k"))
    #expect((region()?.y ?? 0) < up || up == 0)
    #expect(start != nil && left?.x == 0)
    #expect(Self.selectedName(state) == "ipad/login.png")  // the list did not move
    Sample.run(&state, Sample.keys("-----"))  // from the magnified start, back out to fit
    #expect(state.review?.zoom == .fit)
  }

  @Test func enterZoomsToTheHotspotAtTheLargestStepShowingItAndBack() {
    var state = Sample.reviewState()
    Sample.run(&state, [.key(.enter)])
    // The changed cell (7×8 px of the 60×130 sample) is seen whole at 4:1 in a 47×36 pane.
    #expect(state.review?.zoom == .magnify(4))
    // The sample's change is the button at y 90..<104.
    #expect((85...110).contains(state.review?.center.y ?? 0))
    Sample.run(&state, [.key(.enter)])
    #expect(state.review?.zoom == .fit)
  }

  @Test func plusAndMinusStepTheZoom() {
    var state = Sample.reviewState(width: 200, height: 50)
    Sample.run(&state, Sample.keys("-"))
    #expect(state.message?.text == "Already fitting the pane")
    Sample.run(&state, Sample.keys("+"))
    #expect(state.review?.zoom == .scale(1))  // a 60×130 image fits at less than 2 px per block
    Sample.run(&state, Sample.keys("+++"))
    #expect(state.review?.zoom == .magnify(8))
    Sample.run(&state, Sample.keys("+"))
    #expect(state.message?.text == "Already at 8:1")
    Sample.run(&state, Sample.keys("-"))
    #expect(state.review?.zoom == .magnify(4))
  }

  @Test func xMarksReviewedStoresItAndMovesOn() {
    var state = Sample.reviewState()
    let effects = Sample.run(&state, Sample.keys("x"))
    #expect(effects.contains(.setReviewed(artifactID: "2", fileName: "ipad/login.png", reviewed: true, undo: false)))
    #expect(state.review?.data.reviewed.contains("ipad/login.png") == true)
    #expect(Self.selectedName(state) == "iphone/login.png")
    #expect(state.review?.progress.reviewed == 2)
    #expect(render(state).text.contains("reviewed 2/7"))
  }

  /// The real-pair review's finding 1: `x` then `]` jumped past the image `x` had moved to.
  @Test func markThenNextNeverLeavesAnImageBehind() {
    var state = Sample.reviewState()
    #expect(Self.selectedName(state) == "ipad/login.png")
    // `]` right after `x` counts the image `x` moved to (before: it went on to the Added row).
    Self.walk(&state, [("x", "iphone/login.png"), ("]", "iphone/login.png")])
    #expect(state.message?.text == "“Login” is the next image not marked reviewed (x moved here)")
    // `x` steps over images already marked (iphone/home.png is, in the sample); after any
    // other command in between, `]` is "next" again.
    Self.walk(&state, [("x", "iphone/profile.png"), ("d]", "iphone/onboarding3.png")])
    // The rhythm "x ]" over the rest of the build marks every image that needs a look.
    var walked = Sample.reviewState()
    for _ in 0..<6 { Sample.run(&walked, Sample.keys("x]")) }  // 7 need a look, 1 is marked
    #expect(walked.review?.progress.reviewed == walked.review?.progress.total)
  }

  @Test func xOnTheLastUnreviewedImageStaysThere() {
    var data = Sample.data
    data.reviewed = Set(Sample.entries.map(\.fileName)).subtracting(["iphone/profile.png"])
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    Sample.run(&state, [.artifactLoaded(data)])
    #expect(Self.selectedName(state) == "iphone/profile.png")
    Sample.run(&state, Sample.keys("x"))
    #expect(Self.selectedName(state) == "iphone/profile.png")
    #expect(state.review?.progress.reviewed == state.review?.progress.total)
    Sample.run(&state, Sample.keys("]"))
    #expect(state.message?.text == "Every image that needs a look is marked reviewed")
  }

  @Test func xOnAReviewedImageUnmarksItInPlace() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("jj"))
    #expect(Self.selectedName(state) == "iphone/home.png")
    let effects = Sample.run(&state, Sample.keys("x"))
    #expect(effects.contains(.setReviewed(artifactID: "2", fileName: "iphone/home.png", reviewed: false, undo: false)))
    #expect(Self.selectedName(state) == "iphone/home.png")
  }

  @Test func aAsksFirstAndYApprovesThroughTheStore() {
    var state = Sample.reviewState()
    let asked = Sample.run(&state, Sample.keys("a"))
    // The store is asked first (`checkApproval`); nothing is written before `y`.
    #expect(asked == [.checkApproval(artifactID: "2")])
    #expect(state.overlay == .confirmApprove(force: false))
    #expect(state.keyContexts == [.confirm])
    let effects = Sample.run(&state, Sample.keys("y"))
    #expect(effects.contains(.approve(artifactID: "2", force: false)))
    #expect(state.overlay == nil)
    #expect(state.review?.data.artifact.approvalStatus == .approved)
    #expect(render(state).lines[0].contains("APPROVED by alice"))
    Sample.run(&state, Sample.keys("a"))
    #expect(state.overlay == nil)
    #expect(state.message?.text == "Already approved by alice")
  }

  @Test func anyOtherKeyCancelsTheConfirmation() {
    var state = Sample.reviewState()
    for key in [Key.character("n"), .escape, .character("q"), .character("j")] {
      Sample.run(&state, Sample.keys("a"))
      let effects = Sample.run(&state, [.key(key)])
      #expect(!effects.contains { if case .approve = $0 { return true } else { return false } })
      #expect(state.overlay == nil)
      #expect(state.quitting == false)
    }
  }

  @Test func failedComparisonAsksForAForcedApproval() {
    var data = Sample.data
    data.artifact.comparisonState = "failed"
    data.artifact.approvalStatus = nil
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    Sample.run(&state, [.artifactLoaded(data)])
    Sample.run(&state, Sample.keys("a"))
    #expect(state.overlay == .confirmApprove(force: true))
    #expect(render(state).text.contains("forced approval"))
  }

  @Test func uUndoesMarksThenTheApprovalAsRevocations() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("x"))
    Sample.run(&state, Sample.keys("ay"))
    let undoApproval = Sample.run(&state, Sample.keys("u"))
    #expect(undoApproval.contains(.revokeApproval(artifactID: "2")))
    #expect(state.review?.data.artifact.approvalStatus == .requiresApproval)
    let undoMark = Sample.run(&state, Sample.keys("u"))
    #expect(undoMark.contains(.setReviewed(artifactID: "2", fileName: "ipad/login.png", reviewed: false, undo: true)))
    #expect(state.review?.data.reviewed.contains("ipad/login.png") == false)
    Sample.run(&state, Sample.keys("u"))
    #expect(state.message?.text == "Nothing to undo in this session")
  }

  @Test func rReloadsAndKeepsTheSelection() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("jj"))
    let effects = Sample.run(&state, Sample.keys("r"))
    #expect(effects.first == .loadArtifact(id: "2"))
    #expect(Self.selectedName(state) == "iphone/home.png")
    #expect(state.message?.text == "Reloaded build #2")
  }

  @Test func qQuitsFromEveryScreen() {
    for start in [Sample.reviewState(), ReviewState(artifactID: nil, reviewer: "a"), Sample.reviewState(width: 20, height: 5)] {
      var state = start
      let effects = reduce(&state, .key(.character("q")))
      #expect(effects == [.quit])
      #expect(state.quitting)
      #expect(reduce(&state, .key(.character("j"))).isEmpty)  // nothing after quitting
    }
    var state = Sample.reviewState()
    #expect(reduce(&state, .key(.control("c"))) == [.quit])
  }

  @Test func questionMarkShowsHelpAndAnyKeyClosesIt() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("?"))
    #expect(state.overlay == .help(scroll: 0))
    Sample.run(&state, Sample.keys("jj"))
    #expect(state.overlay == .help(scroll: 2))
    Sample.run(&state, Sample.keys("k"))
    #expect(state.overlay == .help(scroll: 1))
    Sample.run(&state, Sample.keys("x"))
    #expect(state.overlay == nil)
    #expect(state.review?.data.reviewed == Sample.data.reviewed)  // x only closed the help
  }

  @Test func pickerOpensABuildAndEscGoesBack() {
    var state = ReviewState(artifactID: nil, reviewer: "alice")
    #expect(state.initialEffects == [.loadArtifacts])
    Sample.run(&state, [.artifactsLoaded(Sample.artifacts)])
    #expect(render(state).text.contains("#2"))
    Sample.run(&state, Sample.keys("jk"))
    #expect(state.picker.selected == 0)
    Sample.run(&state, Sample.keys("Gg"))
    #expect(state.picker.selected == 0)
    let effects = Sample.run(&state, [.key(.enter)])
    #expect(effects.first == .loadArtifact(id: "2"))
    #expect(state.screen == .review)
    let back = Sample.run(&state, [.key(.escape)])
    #expect(state.screen == .picker)
    #expect(back.first == .loadArtifacts)
  }

  @Test func resizeKeepsTheSelectionVisible() {
    var state = Sample.reviewState(width: 120, height: 40)
    Sample.run(&state, Sample.keys("G"))
    Sample.run(&state, [.resize(width: 80, height: 15)])
    guard let review = state.review else {
      Issue.record("no review")
      return
    }
    let visible = state.layout.listRows.height
    #expect(review.selected >= review.offset && review.selected < review.offset + visible)
    #expect(render(state).text.contains("Unchanged"))
  }

  @Test func staleAndFailedPreviewsAreHandled() {
    var state = Sample.reviewState()
    guard let current = state.review?.preview.request else {
      Issue.record("no request")
      return
    }
    var stale = current
    stale.fileName = "other.png"
    _ = reduce(&state, .previewLoaded(PreviewImages(request: stale, head: nil, base: nil, mask: nil)))
    #expect(state.review?.preview.request == current)
    Sample.run(&state, Sample.keys("j"))
    guard let next = state.review?.preview.request else {
      Issue.record("no request")
      return
    }
    _ = reduce(&state, .previewFailed(next, "disk on fire"))
    #expect(render(state).text.contains("Could not load the images: disk on fire"))
  }

  @Test func storeErrorsShowInTheFooter() {
    var state = Sample.reviewState()
    _ = reduce(&state, .effectFailed("store is locked"))
    #expect(render(state).lines.last?.contains("store is locked") == true)
    _ = reduce(&state, .key(.character("j")))
    #expect(state.message == nil)
  }
}
