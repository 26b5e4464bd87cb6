import BrowseUI
import SWHModel
import TerminalCanvas
import Testing

/// Key scripts: actions in, state and effects out, for every key of the keymap.
struct BrowseKeyScriptTests {
  typealias S = BrowseSample

  // MARK: Snapshot list

  @Test func startsByLoadingTheListOrTheNamedSnapshot() throws {
    #expect(BrowseState(snapshotID: nil).initialEffects == [.loadBuilds, .loadSnapshots])
    let snapshot = try S.snapshot()
    #expect(BrowseState(snapshotID: snapshot.id).initialEffects == [.loadBuilds, .loadSnapshot(snapshot.id)])
    #expect(render(BrowseState(snapshotID: snapshot.id)).text.contains("Opening snapshot swh:1:snp:\(snapshot.id.hex)"))
  }

  @Test func listKeysMoveAndEnterOpensTheSelectedSnapshot() throws {
    var state = BrowseState(snapshotID: nil, width: 80, height: 16)
    var items = try S.summaries()
    // Enough visits to scroll: PgDn/PgUp move by a screen.
    for _ in 0..<5 { items += items }
    S.run(&state, [.snapshotsLoaded(items)])
    #expect(state.snapshots.selected == 0 && !state.snapshots.loading)
    S.run(&state, S.keys("jj") + [.key(.down)])
    #expect(state.snapshots.selected == 3)
    S.run(&state, S.keys("k") + [.key(.up)])
    #expect(state.snapshots.selected == 1)
    let visible = state.snapshotListLayout.rows.height
    S.run(&state, [.key(.pageDown)])
    #expect(state.snapshots.selected == 1 + visible - 1)
    S.run(&state, [.key(.control("u"))])
    #expect(state.snapshots.selected == 1)
    S.run(&state, [.key(.control("d")), .key(.pageUp)])
    #expect(state.snapshots.selected == 1)
    S.run(&state, S.keys("G"))
    #expect(state.snapshots.selected == items.count - 1)
    #expect(state.snapshots.offset == items.count - visible)
    S.run(&state, S.keys("g"))
    #expect(state.snapshots.selected == 0 && state.snapshots.offset == 0)
    S.run(&state, [.key(.end), .key(.home)])
    #expect(state.snapshots.selected == 0)
    S.run(&state, S.keys("j"))
    let effects = S.run(&state, [.key(.enter)])
    #expect(effects == [.loadSnapshot(items[1].visit.snapshot)])
    #expect(state.loadingSnapshot == items[1].visit.snapshot)
    #expect(render(state).text.contains("opening \(items[1].visit.snapshot.shortHex(12))…"))
  }

  @Test func escapeGoesBackToTheListAndEnterReturnsWithoutReloading() throws {
    var state = try S.state()
    S.run(&state, S.keys("jjj"))
    var effects = S.run(&state, [.key(.escape)])
    #expect(state.screen == .snapshots && effects == [.loadSnapshots] && state.snapshots.loading)
    let items = try S.summaries()
    S.run(&state, [.snapshotsLoaded(items)])
    #expect(state.snapshots.items[state.snapshots.selected].visit.snapshot != state.branches?.snapshot.id)
    S.run(&state, S.keys("j"))  // the small snapshot's visit
    effects = S.run(&state, [.key(.enter)])
    #expect(effects.isEmpty && state.screen == .branches)
    #expect(S.selectedName(state) == "refs/heads/feature/login")  // where it was left
    // Back again: the list is loaded, so no effect, and the selection is on this snapshot.
    effects = S.run(&state, [.key(.escape)])
    #expect(effects.isEmpty && state.screen == .snapshots)
    #expect(state.snapshots.items[state.snapshots.selected].visit.snapshot == state.branches?.snapshot.id)
  }

  @Test func reloadRereadsTheScreenShowing() throws {
    var state = try S.state()
    let id = try #require(state.branches?.snapshot.id)
    #expect(S.run(&state, S.keys("r")) == [.loadBuilds, .loadSnapshot(id)])
    var list = BrowseState(snapshotID: nil)
    S.run(&list, [.snapshotsLoaded([])])
    #expect(S.run(&list, S.keys("r")) == [.loadBuilds, .loadSnapshots])
    #expect(list.snapshots.loading)
  }

  @Test func reloadingTheSameSnapshotKeepsTabFilterAndPosition() throws {
    var state = try S.state()
    S.run(&state, S.keys("/n/1") + [.key(.enter)] + S.keys("jjjp"))
    let before = try #require(state.branches)
    S.run(&state, [.snapshotLoaded(try S.snapshot())])
    let after = try #require(state.branches)
    #expect(after.filterText == "n/1" && after.filter == before.filter)
    #expect(after.selectedRow?.name == before.selectedRow?.name && after.pageNumber == before.pageNumber)
  }

  // MARK: Moving and paging

  @Test func jkMoveAndCrossIntoTheNeighbouringPages() throws {
    var state = try S.state()
    #expect(S.selectedName(state) == "HEAD")
    S.run(&state, S.keys("jj") + [.key(.down)])
    #expect(S.selectedName(state) == "refs/heads/feature/login")
    S.run(&state, S.keys("k") + [.key(.up)])
    #expect(S.selectedName(state) == "refs/heads/docs-tree")
    // Past the last row of page 1 (row 100) is the first row of page 2.
    S.run(&state, Array(repeating: .key(.down), count: 98))
    #expect(state.branches?.selected == 99 && state.branches?.pageNumber == 1)
    let last = S.selectedName(state)
    S.run(&state, S.keys("j"))
    #expect(state.branches?.pageNumber == 2 && state.branches?.selected == 0)
    #expect(state.branches?.firstRowNumber == 100)
    S.run(&state, S.keys("k"))
    #expect(state.branches?.pageNumber == 1 && state.branches?.selected == 99 && S.selectedName(state) == last)
    // The first row stays put on k; the last row of the last page on j.
    S.run(&state, S.keys("g") + S.keys("k"))
    #expect(state.branches?.selected == 0 && state.branches?.pageNumber == 1)
    // Names sort as bytes: UTF-8 after ASCII.
    S.run(&state, S.keys("G") + S.keys("j"))
    #expect(S.selectedName(state) == "refs/heads/日本語-branch")
  }

  @Test func pageKeysMoveByAScreen() throws {
    var state = try S.state(width: 80, height: 20)
    let visible = state.branchLayout.rows.height
    S.run(&state, [.key(.pageDown)])
    #expect(state.branches?.selected == visible - 1)
    S.run(&state, [.key(.control("d"))])
    #expect(state.branches?.selected == 2 * (visible - 1))
    S.run(&state, [.key(.pageUp), .key(.control("u"))])
    #expect(state.branches?.selected == 0)
    // A screen down from the bottom of page 1 lands inside page 2.
    S.run(&state, Array(repeating: .key(.pageDown), count: 8))
    #expect(state.branches?.pageNumber == 2)
  }

  @Test func bracketsPageByOneHundredAndNumbersStayAligned() throws {
    var state = try S.state()
    let total = try #require(state.branches?.total)
    #expect(total == 261)  // 263 branches without refs/pull/7/head and the release
    #expect(state.branches?.page.rows.count == 100 && state.branches?.pageCount == 3)
    for key in [Key.character("]"), .right, .character("l")] {
      S.run(&state, S.keys("g") + [.key(key)])
      #expect(state.branches?.pageNumber == 2 && state.branches?.firstRowNumber == 100 && state.branches?.selected == 0)
    }
    S.run(&state, S.keys("]"))
    #expect(state.branches?.pageNumber == 3 && state.branches?.page.rows.count == 61)
    S.run(&state, S.keys("]"))
    #expect(state.message?.text == "Last page" && state.branches?.pageNumber == 3)
    for key in [Key.character("["), .left, .character("h")] {
      S.run(&state, S.keys("G") + [.key(key)])
      #expect(state.branches?.pageNumber == 2 && state.branches?.page.rows.count == 100)
      #expect(render(state).text.contains("page 2/3 · rows 101–200 of 261"))
    }
    S.run(&state, S.keys("[["))
    #expect(state.message?.text == "First page" && state.branches?.pageNumber == 1)
  }

  @Test func gAndGGoToTheFirstAndLastRows() throws {
    var state = try S.state()
    S.run(&state, S.keys("G"))
    #expect(state.branches?.pageNumber == 3 && S.selectedName(state) == "refs/heads/日本語-branch")
    #expect(render(state).text.contains("page 3/3 · rows 201–261 of 261"))
    S.run(&state, S.keys("g"))
    #expect(state.branches?.pageNumber == 1 && S.selectedName(state) == "HEAD")
    S.run(&state, [.key(.end)])
    #expect(state.branches?.pageNumber == 3)
    S.run(&state, [.key(.home)])
    #expect(state.branches?.pageNumber == 1 && state.branches?.selected == 0)
  }

  // MARK: Tabs, pull requests, filter

  @Test func tabsSwitchAndRememberWhereTheyWereLeft() throws {
    var state = try S.state()
    S.run(&state, S.keys("]jjj"))
    S.run(&state, [.key(.tab)])
    #expect(state.branches?.filter.tab == .releases && S.selectedName(state) == "refs/tags/v1.0")
    #expect(state.branches?.total == 1)
    S.run(&state, [.key(.backTab)])
    #expect(state.branches?.filter.tab == .branches && state.branches?.pageNumber == 2 && state.branches?.selected == 3)
    S.run(&state, S.keys("2"))
    #expect(state.branches?.filter.tab == .releases)
    S.run(&state, S.keys("2"))  // already there: nothing changes
    #expect(state.branches?.filter.tab == .releases)
    S.run(&state, S.keys("1"))
    #expect(state.branches?.filter.tab == .branches && state.branches?.pageNumber == 2)
  }

  @Test func pTogglesPullRequestsWhichAreHiddenByDefault() throws {
    var state = try S.state()
    #expect(state.branches?.filter.showPullRequests == false)
    #expect(render(state).text.contains("refs/pull/* hidden"))
    S.run(&state, S.keys("p"))
    #expect(state.branches?.filter.showPullRequests == true && state.branches?.total == 262)
    #expect(state.message?.text == "Showing refs/pull/* (p hides them again)")
    S.run(&state, S.keys("G"))
    #expect(state.branches?.page.rows.contains { $0.name == Array("refs/pull/7/head".utf8) } == true)
    S.run(&state, S.keys("p"))
    #expect(state.branches?.total == 261 && state.branches?.pageNumber == 1)
    #expect(state.message?.text == "Hiding refs/pull/*, as swh-web does")
  }

  @Test func slashFiltersAsYouTypeAndTheFilterKeysWork() throws {
    var state = try S.state()
    S.run(&state, S.keys("/"))
    #expect(state.keyContexts == [.filter] && state.branches?.editingFilter == true)
    S.run(&state, S.keys("n/0"))
    #expect(state.branches?.total == 100 && state.branches?.filterText == "n/0")
    S.run(&state, S.keys("5"))
    #expect(state.branches?.total == 10)
    // While typing, letters are text (q does not quit), arrows and Ctrl-N/P move.
    S.run(&state, S.keys("q"))
    #expect(state.branches?.total == 0 && !state.quitting)
    #expect(render(state).text.contains("No branch names containing n/05q have been found!"))
    S.run(&state, [.key(.backspace)])
    #expect(state.branches?.filterText == "n/05")
    S.run(&state, [.key(.down), .key(.control("n"))])
    #expect(S.selectedName(state) == "refs/heads/n/052")
    S.run(&state, [.key(.up), .key(.control("p")), .key(.up)])
    #expect(S.selectedName(state) == "refs/heads/n/050")
    S.run(&state, [.key(.enter)])
    #expect(state.branches?.editingFilter == false && state.branches?.filterText == "n/05")
    #expect(render(state).text.contains("/n/05"))
    S.run(&state, S.keys("/") + [.key(.escape)])
    #expect(state.branches?.filterText == "" && state.branches?.total == 261)
  }

  @Test func newFiltersAreCountedOffTheKeystrokeAndPagingWorksMeanwhile() throws {
    var state = try S.state()
    let id = try #require(state.branches?.snapshot.id)
    // Without the shell's answer: the page shows at once, the count is asked for once.
    var effects = reduce(&state, .key(.character("/")))
    effects += reduce(&state, .key(.character("n")))
    #expect(effects == [.countRows(snapshot: id, filter: BranchFilter(nameContains: Array("n".utf8)))])
    #expect(state.branches?.totalIsKnown == false && state.branches?.page.rows.count == 100)
    var text = render(state).text
    #expect(text.contains("counting…") && text.contains("page 1/… · rows 1–100 of … (counting)"))
    #expect(reduce(&state, .key(.enter)).isEmpty)  // asked once
    // A full page may have a next one: ] reads it.
    _ = reduce(&state, .key(.character("]")))
    #expect(state.branches?.pageNumber == 2 && state.branches?.firstRowNumber == 100)
    // The answer arrives.
    _ = reduce(&state, .rowsCounted(snapshot: id, filter: BranchFilter(nameContains: Array("n".utf8)), count: 256))
    #expect(state.branches?.totalIsKnown == true && state.branches?.total == 256)
    text = render(state).text
    #expect(text.contains("page 2/3 · rows 101–200 of 256"))
    // A late answer for a filter left since is cached, not shown.
    effects = reduce(&state, .key(.character("p")))
    #expect(effects.count == 1)
    _ = reduce(&state, .rowsCounted(snapshot: id, filter: BranchFilter(nameContains: Array("n".utf8)), count: 256))
    #expect(state.branches?.totalIsKnown == false)
    // Answers for another snapshot are ignored; G counts at once when it must.
    _ = reduce(&state, .rowsCounted(snapshot: SnapshotIdentifier.compute(for: []), filter: state.branches?.filter ?? BranchFilter(), count: 1))
    #expect(state.branches?.totalIsKnown == false)
    _ = reduce(&state, .key(.character("G")))
    #expect(state.branches?.totalIsKnown == true && state.branches?.total == 256 && state.branches?.pageNumber == 3)
    // Back to a counted filter: no new request.
    #expect(reduce(&state, .key(.character("p"))).isEmpty && state.branches?.total == 256)
  }

  @Test func clearingAFilterOrTogglingBackReturnsWhereTheListWasLeft() throws {
    var state = try S.state()
    S.run(&state, S.keys("]jjj"))
    let name = S.selectedName(state)
    S.run(&state, S.keys("/n/1") + [.key(.enter)] + S.keys("jj"))
    #expect(state.branches?.pageNumber == 1 && S.selectedName(state) == "refs/heads/n/102")
    S.run(&state, [.key(.escape)])
    #expect(state.branches?.pageNumber == 2 && S.selectedName(state) == name)
    S.run(&state, S.keys("pjp"))
    #expect(state.branches?.pageNumber == 2 && S.selectedName(state) == name)
  }

  @Test func filterMatchesRawBytesAnywhereInTheName() throws {
    var state = try S.state()
    S.run(&state, S.keys("/日本") + [.key(.enter)])
    #expect(state.branches?.total == 1 && S.selectedName(state) == "refs/heads/日本語-branch")
    S.run(&state, [.key(.escape)] + S.keys("/[31m") + [.key(.enter)])
    #expect(state.branches?.total == 1)
    #expect(state.branches?.selectedRow?.name.contains(0x1B) == true)
    S.run(&state, [.key(.escape)] + S.keys("/HEAD") + [.key(.enter)])
    #expect(state.branches?.total == 1 && state.branches?.selectedRow?.isAlias == true)
  }

  @Test func escapeUnmarksThenClearsTheFilterThenLeaves() throws {
    var state = try S.state()
    S.run(&state, S.keys("/main") + [.key(.enter)] + S.keys("jm"))
    #expect(state.branches?.base != nil)
    S.run(&state, [.key(.escape)])
    #expect(state.branches?.base == nil && state.branches?.filterText == "main")
    #expect(state.message?.text == "Base unmarked")
    S.run(&state, [.key(.escape)])
    #expect(state.branches?.filterText == "" && state.screen == .branches)
    S.run(&state, [.key(.escape)])
    #expect(state.screen == .snapshots)
  }

  // MARK: Builds

  @Test func enterOpensTheBuildMadeFromTheBranchesCommit() throws {
    var state = try S.state()
    // HEAD is an alias of main: it reaches build #1 through the alias.
    var effects = S.run(&state, [.key(.enter)])
    #expect(effects == [.openBuild(S.builds[0], branch: Array("HEAD".utf8))])
    S.run(&state, S.keys("/main") + [.key(.enter)] + S.keys("j"))
    effects = S.run(&state, [.key(.enter)])
    #expect(effects == [.openBuild(S.builds[0], branch: Array("refs/heads/main".utf8))])
    // A release reaches the build of the commit it tags.
    S.run(&state, [.key(.escape)] + S.keys("2"))
    effects = S.run(&state, [.key(.enter)])
    #expect(effects == [.openBuild(S.builds[3], branch: Array("refs/tags/v1.0".utf8))])
  }

  @Test func enterWithoutABuildSaysWhy() throws {
    var state = try S.state()
    S.run(&state, S.keys("/gone") + [.key(.enter)])
    #expect(S.run(&state, [.key(.enter)]).isEmpty)
    #expect(state.message?.text == "refs/heads/gone points at no object, so no build is linked")
    S.run(&state, [.key(.escape)] + S.keys("/docs") + [.key(.enter)])
    #expect(S.run(&state, [.key(.enter)]).isEmpty)
    let hex = try #require(state.branches?.selectedRow?.finalObject?.id.shortHex())
    #expect(state.message?.text == "No uploaded build has head_sha \(hex) (snaprev upload --head-sha \(hex) …)")
  }

  @Test func severalBuildsOfOneCommitAreChosenInAnOverlay() throws {
    var state = try S.state()
    S.run(&state, S.keys("jjj"))
    #expect(S.run(&state, [.key(.enter)]).isEmpty)
    guard case .chooseBuild(let choice)? = state.overlay else {
      Issue.record("expected the build chooser")
      return
    }
    // #2 by its full sha, #3 by an abbreviated one; newest first.
    #expect(choice.builds.map(\.id) == ["3", "2"] && choice.purpose == .open)
    #expect(state.keyContexts == [.chooser])
    S.run(&state, S.keys("j"))
    S.run(&state, [.key(.down), .key(.up), .key(.up)] + S.keys("jk") + [.key(.down)])
    var effects = S.run(&state, [.key(.enter)])
    #expect(effects == [.openBuild(S.builds[1], branch: Array("refs/heads/feature/login".utf8))])
    #expect(state.overlay == nil)
    for cancel in [Key.escape, .character("q")] {
      S.run(&state, [.key(.enter)])
      effects = S.run(&state, [.key(cancel)])
      #expect(effects.isEmpty && state.overlay == nil && state.message?.text == "Cancelled" && !state.quitting)
    }
  }

  @Test func markABaseThenCompareWithAnotherBranch() throws {
    var state = try S.state()
    S.run(&state, S.keys("c"))
    #expect(state.message?.text == "Mark a base first: m on one branch, then c (or Enter) on another")
    S.run(&state, S.keys("/main") + [.key(.enter)] + S.keys("jm"))
    #expect(state.branches?.base == BaseMark(branch: Array("refs/heads/main".utf8), build: S.builds[0]))
    #expect(state.message?.kind == .success)
    #expect(render(state).text.contains("◆ base #1"))
    // c on the base itself (or its alias HEAD) has nothing to compare.
    #expect(S.run(&state, S.keys("c")).isEmpty)
    #expect(state.message?.text == "That is the base build itself: pick another branch as head")
    // The head has builds of two apps: the base's app is taken.
    S.run(&state, [.key(.escape)])  // unmark
    S.run(&state, S.keys("m") + S.keys("/") + [.key(.escape)] + S.keys("gjjj"))
    #expect(S.selectedName(state) == "refs/heads/feature/login")
    let effects = S.run(&state, S.keys("c"))
    #expect(effects == [
      .compareBuilds(
        base: S.builds[0], baseBranch: Array("refs/heads/main".utf8), head: S.builds[1],
        headBranch: Array("refs/heads/feature/login".utf8))
    ])
    // Enter compares too while a base is marked; the mark stays for the next head.
    #expect(S.run(&state, [.key(.enter)]) == effects)
    #expect(state.branches?.base != nil)
  }

  @Test func mOnTheMarkedBranchUnmarksIt() throws {
    var state = try S.state()
    S.run(&state, S.keys("m"))
    #expect(state.branches?.base?.build.id == "1")
    S.run(&state, S.keys("m"))
    #expect(state.branches?.base == nil && state.message?.text == "Base unmarked")
    S.run(&state, S.keys("/gone") + [.key(.enter)] + S.keys("m"))
    #expect(state.branches?.base == nil && state.message?.kind == .warning)
  }

  @Test func aBaseWithSeveralBuildsIsChosenAndAHeadOfAnotherAppIsAsked() throws {
    var state = try S.state()
    S.run(&state, S.keys("jjjm"))
    guard case .chooseBuild(let choice)? = state.overlay, choice.purpose == .base else {
      Issue.record("expected a base chooser")
      return
    }
    S.run(&state, [.key(.enter)])  // #3, the widget
    #expect(state.branches?.base?.build.id == "3")
    S.run(&state, S.keys("g"))  // HEAD: only #1, of another app: taken as it is the only one
    let effects = S.run(&state, S.keys("c"))
    #expect(effects == [
      .compareBuilds(
        base: S.builds[2], baseBranch: Array("refs/heads/feature/login".utf8), head: S.builds[0],
        headBranch: Array("HEAD".utf8))
    ])
  }

  // MARK: Everywhere

  @Test func helpOpensScrollsAndAnyOtherKeyCloses() throws {
    var state = try S.state()
    S.run(&state, S.keys("?"))
    #expect(state.overlay == .help(scroll: 0) && state.keyContexts == [.help])
    S.run(&state, S.keys("jj") + [.key(.down)])
    #expect(state.overlay == .help(scroll: 3))
    S.run(&state, S.keys("k") + [.key(.up)])
    #expect(state.overlay == .help(scroll: 1))
    for close in [Key.escape, .character("?"), .character("x")] {
      S.run(&state, S.keys("?") + [.key(close)])
      #expect(state.overlay == nil && !state.quitting)
    }
    // The footer keeps `q quit` in the help, and q does quit from there.
    S.run(&state, S.keys("?"))
    #expect(render(state).text.contains("? help  q quit"))
    #expect(S.run(&state, S.keys("q")) == [.quit] && state.quitting)
  }

  @Test func qAndControlCQuit() throws {
    for key in [Key.character("q"), .control("c")] {
      var state = try S.state()
      #expect(S.run(&state, [.key(key)]) == [.quit])
      #expect(state.quitting)
      #expect(S.run(&state, S.keys("j")).isEmpty)  // nothing after quitting
    }
    var list = BrowseState(snapshotID: nil)
    #expect(S.run(&list, S.keys("q")) == [.quit])
  }

  @Test func aMessageLastsUntilTheNextKey() throws {
    var state = try S.state()
    S.run(&state, S.keys("["))
    #expect(state.message?.text == "First page")
    #expect(render(state).lines[23].contains("First page"))
    S.run(&state, S.keys("j"))
    #expect(state.message == nil)
    #expect(render(state).lines[23].contains("j/k move"))
  }

  @Test func loadFailuresShowInTheList() {
    var state = BrowseState(snapshotID: nil)
    S.run(&state, [.loadFailed("archive/visits is unreadable: bad JSON")])
    #expect(!state.snapshots.loading && state.snapshots.error == "archive/visits is unreadable: bad JSON")
    #expect(render(state).text.contains("archive/visits is unreadable: bad JSON"))
  }
}
