import BrowseUI
import TerminalCanvas
import Testing

/// Clicks and the wheel in the browser: a click selects the row under it, the wheel moves
/// three rows (on across pages, as j does), nothing opens without Enter.
struct BrowseMouseTests {
  typealias S = BrowseSample
  static func click(_ x: Int, _ y: Int) -> BrowseAction { .mouse(MouseEvent(.press(button: 0), x: x, y: y)) }
  static func wheel(up: Bool) -> BrowseAction { .mouse(MouseEvent(.wheel(up: up), x: 5, y: 6)) }

  @Test func aClickSelectsTheBranchUnderItAndOpensNothing() throws {
    var state = try S.state()
    let rows = state.branchLayout.rows
    let effects = S.run(&state, [Self.click(10, rows.y + 4)])
    #expect(effects.isEmpty)
    #expect(state.branches?.selected == 4)
    let clicked = S.selectedName(state)
    // The same row by keys: the click chose what is drawn on that line.
    var byKeys = try S.state()
    S.run(&byKeys, S.keys("jjjj"))
    #expect(clicked != nil && clicked == S.selectedName(byKeys))
    // Outside the rows (the title bar, the footer) nothing changes.
    S.run(&state, [Self.click(10, 0), Self.click(10, state.height - 1)])
    #expect(state.branches?.selected == 4)
  }

  @Test func theWheelMovesThreeRowsAndOnToTheNextPage() throws {
    var state = try S.state()
    S.run(&state, [Self.wheel(up: false), Self.wheel(up: false)])
    #expect(state.branches?.selected == 6)
    S.run(&state, [Self.wheel(up: true)])
    #expect(state.branches?.selected == 3)
    // Past the page's last row the wheel goes on to the next page, like j.
    var byKeys = try S.state()
    var byWheel = try S.state()
    S.run(&byKeys, S.keys(String(repeating: "j", count: 102)))
    S.run(&byWheel, Array(repeating: Self.wheel(up: false), count: 34))
    #expect(S.selectedName(byWheel) == S.selectedName(byKeys))
  }

  @Test func aClickInTheSnapshotListSelectsAVisit() throws {
    var state = BrowseState(snapshotID: nil, width: 80, height: 16)
    S.run(&state, [.snapshotsLoaded(try S.summaries())])
    let rows = state.snapshotListLayout.rows
    S.run(&state, [Self.click(3, rows.y + 1)])
    #expect(state.snapshots.selected == 1)
    S.run(&state, [Self.click(3, rows.y + rows.height - 1)])  // below the last visit
    #expect(state.snapshots.selected == 1)
  }
}
