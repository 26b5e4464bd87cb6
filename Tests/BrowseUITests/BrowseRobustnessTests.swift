import BrowseUI
import Foundation
import SWHModel
import TerminalCanvas
import TestSupport
import Testing

/// Sizes, hostile names, monochrome, the keymap table, and the rows' contents.
struct BrowseRobustnessTests {
  typealias S = BrowseSample

  @Test func everySizeDownToZeroDraws() throws {
    let base = try S.state()
    var list = BrowseState(snapshotID: nil)
    _ = reduce(&list, .snapshotsLoaded(try S.summaries()))
    for template in [base, list] {
      for width in [0, 1, 2, 10, 59, 60, 61, 100] {
        for height in [0, 1, 2, 14, 15, 16, 40] {
          var state = template
          _ = reduce(&state, .resize(width: width, height: height))
          let canvas = render(state)
          #expect(canvas.width == width && canvas.height == height)
          if width < 60 || height < 15 {
            #expect(width < 20 || height < 3 || canvas.text.contains("Terminal too small"))
          }
        }
      }
    }
  }

  @Test func keysStillWorkOnATooSmallScreenAndResizingBackKeepsThePlace() throws {
    var state = try S.state()
    S.run(&state, S.keys("]jj"))
    let name = S.selectedName(state)
    S.run(&state, [.resize(width: 30, height: 8)] + S.keys("jjj]"))
    #expect(S.selectedName(state) == name)  // moving keys do nothing while too small
    S.run(&state, [.resize(width: 200, height: 50)])
    #expect(S.selectedName(state) == name && state.branches?.pageNumber == 2)
    let text = render(state).text
    #expect(text.contains("page 2/3"))
    // A smaller screen keeps the selection visible.
    S.run(&state, S.keys("G") + [.resize(width: 80, height: 16)])
    let branches = try #require(state.branches)
    #expect(branches.selected >= branches.offset && branches.selected < branches.offset + state.branchLayout.rows.height)
    #expect(S.run(&state, [.resize(width: 10, height: 5)] + S.keys("q")) == [.quit])
  }

  @Test func hostileNamesAndTitlesAreShownEscaped() throws {
    var state = try S.state(width: 200, height: 50)
    var canvas = render(state)
    #expect(!hasRawControl(canvas))
    let text = canvas.text
    #expect(text.contains("refs/heads/evil\\e[31mred\\e[0m"))
    #expect(text.contains("refs/heads/latin1-\\xe9\\xff"))
    #expect(text.contains("title with \\e]0;pwned\\x07 in it"))
    // The detail line of a selected hostile row, and the message naming it, are escaped too.
    S.run(&state, S.keys("jj"))
    canvas = render(state)
    #expect(canvas.lines[48].contains("refs/heads/evil\\e[31mred\\e[0m · revision"))
    S.run(&state, [.key(.enter)])
    #expect(!hasRawControl(render(state)))
    S.run(&state, S.keys("jjj") + [.key(.enter)])
    #expect(S.selectedName(state)?.hasPrefix("refs/heads/latin1-") == true)
    #expect(!hasRawControl(render(state)))
    // The ANSI the terminal gets has no escape but the renderer's own SGR sequences.
    let ansi = ANSIRenderer.render(render(state), mode: .palette256)
    #expect(!ansi.contains("\u{1B}[31mred") && !ansi.contains("\u{1B}]0;") && !ansi.contains("\u{07}"))
  }

  @Test func hostileOriginsInTheSnapshotListAreEscaped() throws {
    var state = BrowseState(snapshotID: nil, width: 200, height: 50)
    _ = reduce(&state, .snapshotsLoaded(try S.summaries()))
    let canvas = render(state)
    #expect(!hasRawControl(canvas))
    #expect(canvas.text.contains("https://evil.example/\\e[2Jrepo"))
  }

  @Test func wideNamesAreMeasuredAndCutAtTheirColumn() throws {
    var state = try S.state(width: 80, height: 24)
    S.run(&state, S.keys("/日本") + [.key(.enter)])
    let canvas = render(state)
    let row = canvas.lines[3]
    #expect(row.contains("refs/heads/日本語-branch"))
    // Each wide character fills two cells: the target column still starts where the header says.
    let header = canvas.lines[2]
    let headerTarget = try #require(header.range(of: "Target")).lowerBound
    let targetColumn = DisplayWidth.of(String(header[..<headerTarget]))
    let hex = try #require(state.branches?.selectedRow?.finalObject?.id.shortHex())
    let rowTarget = try #require(row.range(of: hex)).lowerBound
    #expect(DisplayWidth.of(String(row[..<rowTarget])) == targetColumn)
    // A name too long for its column is cut with an ellipsis, never through a wide character.
    var narrow = try S.state(width: 60, height: 15)
    S.run(&narrow, S.keys("/日本") + [.key(.enter)])
    let cut = render(narrow)
    #expect(cut.lines[3].contains("…"))
    for y in 0..<cut.height {
      for x in 0..<cut.width where cut[x, y].isContinuation {
        #expect(x > 0 && DisplayWidth.of(cut[x - 1, y].text) == 2)
      }
    }
  }

  @Test func aliasesShowTheirStarTargetNameAndResolvedObject() throws {
    var state = try S.state(width: 200, height: 50)
    let lines = render(state).lines
    let head = try #require(lines.first { $0.contains("★ HEAD → refs/heads/main") })
    #expect(head.contains(S.mainCommit.shortHex()) && head.contains("Merge the login screen"))
    var last = state
    S.run(&last, S.keys("G"))
    let missing = try #require(render(last).lines.first { $0.contains("★ refs/heads/to-nowhere → refs/heads/missing") })
    #expect(missing.contains("missing") && missing.contains("(alias to refs/heads/missing, which this snapshot lacks)"))
    let loop = try #require(lines.first { $0.contains("★ refs/heads/loop-a → refs/heads/loop-b") })
    #expect(loop.contains("loop") && loop.contains("aliases loop"))
    // The star is a marker role of its own column, not part of the (untrusted) name.
    let canvas = render(state)
    let y = try #require(canvas.lines.firstIndex { $0.contains("★ HEAD") })
    #expect(canvas[3, y].text == "★" && canvas[3, y].style.role == .selection)
    let yLoop = try #require(canvas.lines.firstIndex { $0.contains("★ refs/heads/loop-a") })
    #expect(canvas[3, yLoop].style.role == .warning)
    S.run(&state, S.keys("j"))
    #expect(render(state)[3, y].style.role == .warning)
  }

  @Test func danglingBranchesAreListedAndMarked() throws {
    var state = try S.state(width: 200, height: 50)
    let canvas = render(state)
    let y = try #require(canvas.lines.firstIndex { $0.contains("refs/heads/gone") })
    #expect(canvas.lines[y].contains("dangling") && canvas.lines[y].contains("swh-web hides it"))
    let x = try #require(canvas.lines[y].range(of: "dangling")).lowerBound
    let column = DisplayWidth.of(String(canvas.lines[y][..<x]))
    #expect(canvas[column, y].style.role == .warning)
    // It counts in the Branches tab's rows but not in swh-web's Branches (N).
    #expect(state.branches?.total == 261 && canvas.lines[1].contains("Branches (256)"))
    S.run(&state, S.keys("/gone") + [.key(.enter)])
    #expect(state.branches?.selectedRow?.isDangling == true)
  }

  @Test func buildMarkersFollowHeadSHAsIncludingAbbreviatedOnesAndTaggedCommits() throws {
    var state = try S.state(width: 200, height: 50)
    let canvas = render(state)
    func marker(_ name: String) -> String? {
      guard let y = canvas.lines.firstIndex(where: { $0.dropFirst(3).hasPrefix(name) || $0.contains("★ " + name) }) else {
        return nil
      }
      return canvas[1, y].text
    }
    #expect(marker("refs/heads/main") == "●")
    #expect(marker("HEAD") == "●")  // through the alias
    #expect(marker("refs/heads/feature/login") == "●")
    #expect(marker("refs/heads/docs-tree") == " ")
    let feature = try #require(canvas.lines.first { $0.contains("refs/heads/feature/login") })
    #expect(feature.trimmingCharacters(in: .whitespaces).hasSuffix("#3 +1"))  // two builds: #3 (abbreviated sha) and #2
    S.run(&state, S.keys("jjj"))
    #expect(render(state).lines[48].contains("build #3 com.trailmix.widget +1 more"))
    S.run(&state, S.keys("2"))
    let release = render(state)
    #expect(release.lines[3].contains("v1.0") && release.lines[3].trimmingCharacters(in: .whitespaces).hasSuffix("#4"))
    // Without builds nothing is marked.
    let bare = render(try S.state(width: 200, height: 50, builds: []))
    #expect(!bare.text.contains("●"))
  }

  @Test func pagesNeverHoldMoreThanOneHundredRows() throws {
    let big = try S.snapshot(numbered: 2_500)
    var state = try S.state(big)
    #expect(state.branches?.total == 2_511 && state.branches?.pageCount == 26)
    var seen = 0
    var names = Set<[UInt8]>()
    while true {
      let page = try #require(state.branches?.page)
      #expect(page.rows.count <= 100)
      seen += page.rows.count
      for row in page.rows { names.insert(row.name) }
      guard state.branches?.hasNextPage == true else { break }
      S.run(&state, S.keys("]"))
    }
    #expect(seen == 2_511 && names.count == 2_511)
    #expect(state.branches?.pageNumber == 26 && state.branches?.page.rows.count == 11)
    // Paging back from the end lands on the same page boundaries as paging forward.
    S.run(&state, S.keys("["))
    let screen = try #require(state.branches)
    #expect(screen.firstRowNumber == 2_400 && screen.page.rows.first?.index == screen.listIndex(screen.pageStart))
    // Rows come in natural order (numbers as numbers)…
    let rows = screen.page.rows
    #expect(zip(rows, rows.dropFirst()).allSatisfy { NaturalOrder.precedes($0.name, $1.name) })
    // …or, after s, sorted by name bytes, from page 1.
    S.run(&state, S.keys("s"))
    let bytes = try #require(state.branches)
    #expect(bytes.byteOrder && bytes.pageNumber == 1)
    #expect(bytes.page.rows.first?.index == bytes.pageStart)
    #expect(zip(bytes.page.rows, bytes.page.rows.dropFirst()).allSatisfy { ByteOrder.less($0.name, $1.name) })
  }

  @Test func aPreReleaseComesBeforeItsRelease() {
    func before(_ a: String, _ b: String) -> Bool { NaturalOrder.precedes(Array(a.utf8), Array(b.utf8)) }
    #expect(before("refs/tags/v3.0-rc7", "refs/tags/v3.0"))
    #expect(!before("refs/tags/v3.0", "refs/tags/v3.0-rc7"))
    #expect(before("1.2.0-beta", "1.2.0"))
    #expect(before("1.2.0-beta", "1.2.0-beta.2") && before("1.2.0-beta.2", "1.2.0-beta.11"))
    #expect(before("v3.0-rc2", "v3.0-rc10"))
    // A name that goes on with `-` after a letter is still a longer name.
    #expect(before("release", "release-1"))
    // As people (and semver) expect, and a total order: every pair agrees with the sort.
    let expected = [
      "refs/tags/v2.9", "refs/tags/v3.0-alpha", "refs/tags/v3.0-rc2", "refs/tags/v3.0-rc10", "refs/tags/v3.0",
      // A space is below `.` but above a pre-release's `-` (and the end is between them).
      "refs/tags/v3.0 final", "refs/tags/v3.0.1-rc1", "refs/tags/v3.0.1", "refs/tags/v3.0.10", "refs/tags/v3.0a",
      "refs/tags/v10.0-rc1", "refs/tags/v10.0",
    ]
    let names = expected.map { Array($0.utf8) }
    let sorted = names.reversed().sorted(by: NaturalOrder.precedes).map { String(decoding: $0, as: UTF8.self) }
    #expect(sorted == expected)
    for (x, a) in names.enumerated() {
      for (y, b) in names.enumerated() {
        #expect(NaturalOrder.precedes(a, b) == (x < y), "\(expected[x]) vs \(expected[y])")
      }
    }
  }

  @Test func tagsComeInVersionOrderAndPullRequestsNumerically() throws {
    #expect(NaturalOrder.precedes(Array("refs/tags/v2.6.9".utf8), Array("refs/tags/v2.6.10".utf8)))
    #expect(!NaturalOrder.precedes(Array("refs/tags/v2.6.10".utf8), Array("refs/tags/v2.6.9".utf8)))
    #expect(NaturalOrder.precedes(Array("refs/pull/9/head".utf8), Array("refs/pull/10/head".utf8)))
    #expect(NaturalOrder.precedes(Array("v1".utf8), Array("v01".utf8)))  // equal numbers: fewer zeros first
    var state = try S.state(S.cabcc7d7(), builds: [])
    S.run(&state, S.keys("p"))
    func numbers(_ state: BrowseState) -> [Int] {
      (state.branches?.page.rows ?? []).compactMap { row -> Int? in
        let name = String(decoding: row.name, as: UTF8.self)
        guard name.hasPrefix("refs/pull/") else { return nil }
        return Int(name.dropFirst("refs/pull/".count).prefix { $0.isNumber })
      }
    }
    let natural = numbers(state)
    #expect(natural.count > 10 && natural == natural.sorted(), "\(natural.prefix(12))")
    S.run(&state, S.keys("s"))
    let bytes = numbers(state)
    #expect(bytes != natural && bytes != bytes.sorted())  // 1, 10, 100, … 2: not numeric
    #expect(state.message?.text == "Sorted by bytes, as swh-web and the API page (s: version order)")
  }

  @Test func theRealSnapshotPagesItsReleasesAndHidesItsPullRequests() throws {
    var state = try S.state(S.cabcc7d7(), builds: [])
    #expect(state.branches?.total == 2)  // HEAD and refs/heads/master; the rest is refs/pull
    S.run(&state, S.keys("p"))
    #expect(state.branches?.total == 755 && state.branches?.pageCount == 8)
    S.run(&state, S.keys("2"))
    #expect(state.branches?.total == 636 && state.branches?.pageCount == 7)
    S.run(&state, S.keys("G"))
    #expect(state.branches?.page.rows.count == 36 && state.branches?.firstRowNumber == 600)
    #expect(render(state).text.contains("page 7/7 · rows 601–636 of 636"))
    S.run(&state, S.keys("/rc") + [.key(.enter)])
    let matches = try #require(state.branches?.total)
    #expect(matches > 0 && matches < 636)
    #expect(state.branches?.page.rows.allSatisfy { String(decoding: $0.name, as: UTF8.self).contains("rc") } == true)
  }

  @Test func onlyNamesUnderRefsPullSlashAreHidden() throws {
    var builder = SnapshotBuilder()
    let names = ["refs/heads/a", "refs/pull", "refs/pull/1/head", "refs/pull/2/merge", "refs/pull0", "refs/pullx", "refs/tags/z"]
    for (number, name) in names.enumerated() {
      builder.add(name: Array(name.utf8), target: .object(.revision, S.id(0x500 + number)))
    }
    var state = try S.state(BrowsedSnapshot(list: try builder.build()), builds: [])
    let shown = { (state: BrowseState) in state.branches?.page.rows.map { String(decoding: $0.name, as: UTF8.self) } ?? [] }
    #expect(shown(state) == ["refs/heads/a", "refs/pull", "refs/pull0", "refs/pullx", "refs/tags/z"])
    #expect(state.branches?.total == 5)
    S.run(&state, S.keys("p"))
    #expect(shown(state) == names && state.branches?.total == 7)
    // Backwards over the run too: the last page of one row per page would need it; here
    // G's backward scan must land on the same rows.
    S.run(&state, S.keys("pG"))
    #expect(shown(state) == ["refs/heads/a", "refs/pull", "refs/pull0", "refs/pullx", "refs/tags/z"])
  }

  @Test func pagesAcrossTheHiddenPullRequestsAreTheSameBothWays() throws {
    var builder = SnapshotBuilder()
    for number in 0..<150 { builder.add(name: Array(String(format: "refs/heads/h%03d", number).utf8), target: .object(.revision, S.id(number))) }
    for number in 0..<300 { builder.add(name: Array("refs/pull/\(number)/head".utf8), target: .object(.revision, S.id(1000 + number))) }
    for number in 0..<150 { builder.add(name: Array(String(format: "refs/remotes/r%03d", number).utf8), target: .object(.revision, S.id(2000 + number))) }
    var forward = try S.state(BrowsedSnapshot(list: try builder.build()), builds: [])
    #expect(forward.branches?.total == 300 && forward.branches?.pageCount == 3)
    S.run(&forward, S.keys("]"))
    let pageTwo = forward.branches?.page.rows.map(\.name) ?? []
    #expect(pageTwo.count == 100)
    #expect(pageTwo.first == Array("refs/heads/h100".utf8) && pageTwo.last == Array("refs/remotes/r049".utf8))
    var backward = forward
    S.run(&backward, S.keys("G["))  // no breadcrumbs after G: scans back over the run
    #expect(backward.branches?.page.rows.map(\.name) == pageTwo && backward.branches?.pageNumber == 2)
    S.run(&backward, S.keys("["))
    #expect(backward.branches?.page.rows.first?.name == Array("refs/heads/h000".utf8))
  }

  @Test func monochromeUsesAttributesAndNoColours() throws {
    let state = try S.state(colorMode: .monochrome)
    let ansi = ANSIRenderer.render(render(state), mode: .monochrome)
    #expect(!ansi.contains("38;5;") && !ansi.contains("48;5;") && !ansi.contains("38;2;"))
    #expect(ansi.contains("\u{1B}[7m") || ansi.contains(";7m"))  // selection and bars in reverse
    let colour = ANSIRenderer.render(render(state), mode: .palette256)
    #expect(colour.contains("38;5;") || colour.contains("48;5;"))
  }

  @Test func everyBindingDispatchesItsCommandInItsContext() {
    for binding in BrowseKeymap.table.bindings {
      for key in binding.keys {
        let chain: [BrowseKeyContext] = [.help, .chooser, .filter].contains(binding.context) ? [binding.context] : [binding.context, .global]
        #expect(BrowseKeymap.table.command(for: key, in: chain) == binding.command, "\(key) in \(binding.context)")
      }
    }
  }

  @Test func noKeyIsBoundTwiceInOneContext() {
    for context in BrowseKeyContext.allCases {
      let keys = BrowseKeymap.table.bindings(in: context).flatMap(\.keys)
      #expect(Set(keys).count == keys.count, "\(context)")
    }
  }

  @Test func helpOverlayAndFooterComeFromTheTable() throws {
    var state = try S.state(width: 200, height: 50)
    let footer = render(state).lines[49]
    for hint in BrowseKeymap.table.hints(in: state.keyContexts) {
      #expect(footer.contains(hint.keys + " " + hint.text))
    }
    S.run(&state, S.keys("?"))
    let help = render(state).text
    for binding in BrowseKeymap.table.bindings(in: .branches) {
      #expect(help.contains(binding.help), "\(binding.help)")
    }
    for context in BrowseKeymap.helpOrder.prefix(3) { #expect(help.contains(context.title)) }
  }
}
