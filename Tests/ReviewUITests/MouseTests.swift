import ReviewUI
import TerminalCanvas
import Testing

/// Clicks and wheel notches as actions: where they land on the 80×24 layout decides what
/// they do (the list's rows start at y 2: the status bar, then the pane titles).
struct MouseTests {
  static func click(_ x: Int, _ y: Int) -> ReviewAction { .mouse(MouseEvent(.press(button: 0), x: x, y: y)) }
  static func wheel(up: Bool, _ x: Int, _ y: Int) -> ReviewAction { .mouse(MouseEvent(.wheel(up: up), x: x, y: y)) }

  @Test func aClickOnAListRowSelectsItFocusesTheListAndLoadsItsPreview() {
    var state = Sample.reviewState()
    Sample.run(&state, [.key(.tab)])
    #expect(state.review?.focus == .preview)
    // Row 5 of the list (y 2 + 5) is iPhone 15's Home feed.
    let effects = reduce(&state, Self.click(5, 7))
    #expect(KeyScriptTests.selectedName(state) == "iphone/home.png")
    #expect(state.review?.focus == .list)
    guard case .loadPreview(let request)? = effects.first else {
      Issue.record("expected the clicked image's preview to load, got \(effects)")
      return
    }
    #expect(request.fileName == "iphone/home.png")
    #expect(render(state).text.contains("Home feed  iPhone 15"))
  }

  @Test func aClickOnAGroupLabelSelectsItsFirstImage() {
    var state = Sample.reviewState()
    _ = reduce(&state, Self.click(3, 5))  // row 3: the "iPhone 15" group label
    #expect(KeyScriptTests.selectedName(state) == "iphone/login.png")
  }

  @Test func aClickOnThePreviewFocusesItAndKeepsTheSelection() {
    var state = Sample.reviewState()
    let before = KeyScriptTests.selectedName(state)
    #expect(reduce(&state, Self.click(50, 10)).isEmpty)
    #expect(state.review?.focus == .preview)
    #expect(KeyScriptTests.selectedName(state) == before)
  }

  @Test func clicksBelowTheRowsOrOnTheBarsChangeNothing() {
    var state = Sample.reviewState()
    let selected = state.review?.selected
    for (x, y) in [(5, 0), (5, 1), (5, 22), (5, 23), (30, 10)] {  // x 30: the pane separator
      _ = reduce(&state, Self.click(x, y))
      #expect(state.review?.selected == selected && state.review?.focus == .list, "click at \(x),\(y)")
    }
  }

  @Test func theWheelOverTheListMovesTheSelectionThreeRows() {
    var state = Sample.reviewState()
    let start = state.review?.selected ?? 0
    Sample.run(&state, [Self.wheel(up: false, 5, 10)])
    #expect(state.review?.selected == start + 3)
    Sample.run(&state, [Self.wheel(up: true, 5, 10), Self.wheel(up: true, 5, 10)])
    #expect(state.review?.selected == 0)  // clamped at the top
  }

  @Test func theWheelOverThePreviewPansAZoomedImageAndLeavesFitAlone() throws {
    var state = Sample.reviewState()
    let selected = state.review?.selected
    Sample.run(&state, [Self.wheel(up: false, 50, 10)])
    #expect(state.review?.selected == selected && state.review?.zoom == .fit)
    Sample.run(&state, [.key(.tab), .key(.character("+")), .key(.character("+"))])
    let zoomed = try #require(state.review)
    #expect(zoomed.zoom != .fit)
    // A notch pans exactly as ↑/↓ do in the preview, and up and down show different parts.
    var byKey = state
    var up = state
    Sample.run(&byKey, [.key(.down)])
    Sample.run(&up, [Self.wheel(up: true, 50, 10)])
    Sample.run(&state, [Self.wheel(up: false, 50, 10)])
    let panned = try #require(state.review)
    #expect(panned.center.y > zoomed.center.y)
    #expect(panned.center.y == byKey.review?.center.y && panned.center.x == byKey.review?.center.x)
    #expect(render(state) == render(byKey) && render(state) != render(up))
    #expect(state.review?.selected == selected)
  }

  @Test func theWheelScrollsTheHelpAndAClickDoesNotAnswerTheApprovalDialog() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("?"))
    Sample.run(&state, [Self.wheel(up: false, 40, 12)])
    #expect(state.overlay == .help(scroll: 3))
    Sample.run(&state, [Self.wheel(up: true, 40, 12), Self.wheel(up: true, 40, 12)])
    #expect(state.overlay == .help(scroll: 0))
    Sample.run(&state, [.key(.escape), .key(.character("a"))])
    #expect(state.overlay == .confirmApprove(force: false))
    #expect(Sample.run(&state, [Self.click(40, 12)]).isEmpty)
    #expect(state.overlay == .confirmApprove(force: false))
  }

  @Test func aClickInThePickerSelectsABuildAndTheWheelMoves() {
    var state = ReviewState(artifactID: nil, reviewer: "alice")
    Sample.run(&state, [.artifactsLoaded(Sample.artifacts)])
    let rows = PickerLayout(width: state.width, height: state.height).rows
    Sample.run(&state, [Self.click(4, rows.y + 1)])
    #expect(state.picker.selected == 1)
    Sample.run(&state, [Self.wheel(up: true, 4, rows.y)])
    #expect(state.picker.selected == 0)
    Sample.run(&state, [Self.click(4, rows.y + 5)])  // below the last build
    #expect(state.picker.selected == 0)
  }
}
