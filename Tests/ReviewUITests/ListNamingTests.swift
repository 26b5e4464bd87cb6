import DiffCore
import ReviewUI
import TerminalCanvas
import Testing

/// The list on a real suite: names under one directory, variants that differ only at the
/// end (swift-snapshot-testing's `testTraits` references), no sidecar groups.
struct ListNamingTests {
  static let variants = [
    "ipad-10-2-landscape", "ipad-10-2-landscape-split-view-1-2", "ipad-10-2-landscape-split-view-1-3",
    "ipad-10-2-landscape-split-view-2-3", "ipad-10-2-portrait", "ipad-10-2-portrait-split-view-1-3",
    "ipad-10-2-portrait-split-view-2-3",
  ]

  static func suiteData(reviewed: Set<String> = []) -> ReviewData {
    var entries = variants.map { variant in
      ReviewEntry(
        category: .added,
        head: Sample.image("SnapshotTestingTests/testTraits.\(variant).png", nil, nil, key: "h-\(variant)", 166, 64),
        base: nil)
    }
    entries.append(
      ReviewEntry(
        category: .changed, head: Sample.image("SnapshotTestingTests/testAutolayout.png", nil, nil, key: "h-auto", 174, 64),
        base: Sample.image("SnapshotTestingTests/testAutolayout.png", nil, nil, key: "b-auto", 166, 64), diff: 0.31,
        diffImageKey: "m-auto"))
    return ReviewData(artifact: Sample.artifact, entries: entries, reviewed: reviewed)
  }

  static func state(width: Int = 80, height: Int = 24, reviewed: Set<String> = []) -> ReviewState {
    var state = ReviewState(artifactID: "2", reviewer: "alice", width: width, height: height)
    Sample.run(&state, [.artifactLoaded(suiteData(reviewed: reviewed))])
    return state
  }

  @Test func commonDirectoryIsAHeadingAndLongNamesStayDistinct() throws {
    let state = Self.state()
    let canvas = render(state)
    try Golden.check(canvas, "list-real-suite-80x24")
    let list = canvas.lines.map { String($0.prefix(state.layout.list.width)) }
    let rows = list.filter { $0.contains("landscape") || $0.contains("portrait") }
    #expect(rows.count == Self.variants.count)
    #expect(Set(rows).count == rows.count, "rows read alike: \(rows)")
    // Shortened names keep their end (the variant), not only their start.
    #expect(rows.allSatisfy { $0.hasSuffix(".png") })
    // The directory is the Added heading, shown once, not on every row (the lone changed
    // image has no heading and is cut in the middle).
    #expect(list.filter { $0.contains("SnapshotTestingTests/") } == ["  SnapshotTestingTests/ 7     "])
  }

  @Test func commonDirectoryNeedsTwoNamesAndAFullDirectory() {
    let entries = Self.suiteData().entries
    let index = ReviewIndex(entries: entries)
    #expect(index.sections.map { $0.groups.map(\.name) } == [[nil], ["SnapshotTestingTests/"]])
    #expect(index.sections.map(\.showsHeadings) == [false, true])
    #expect(index.listName(0, entries[0]) == "testTraits.ipad-10-2-landscape.png")
    // Names sharing only part of a directory name have no common directory.
    let split = ReviewIndex(entries: [
      ReviewEntry(category: .added, head: Sample.image("abc/x.png", nil, nil, key: "1"), base: nil),
      ReviewEntry(category: .added, head: Sample.image("abd/x.png", nil, nil, key: "2"), base: nil),
    ])
    #expect(split.sections[0].groups.map(\.name) == [nil])
    #expect(!split.sections[0].showsHeadings)
  }

  /// The real pair of docs/REVIEWER.md (swift-snapshot-testing 6bc120bb..dc46eeb3), names
  /// as uploaded: every row sits three directories deep, and Added has one `__Fixtures__`
  /// image among `__Snapshots__` ones.
  static func realPairData() -> ReviewData {
    let snapshots = "Tests/SnapshotTestingTests/__Snapshots__/SnapshotTestingTests/"
    func entry(_ category: ReviewCategory, _ name: String, diff: Double? = nil) -> ReviewEntry {
      let image = Sample.image(name, nil, nil, key: name, 180, 120)
      switch category {
      case .added: return ReviewEntry(category: category, head: image, base: nil)
      case .removed: return ReviewEntry(category: category, head: nil, base: image)
      default: return ReviewEntry(category: category, head: image, base: image, diff: diff, diffImageKey: diff.map { _ in "m-" + name })
      }
    }
    let entries = [
      entry(.changed, snapshots + "testWebViewWithManipulatingNavigationDelegate.macos.png", diff: 0.167),
      entry(.changed, snapshots + "testWebView.macos.png", diff: 0.000075),
      entry(.added, snapshots + "testImagePrecision.exact.png"),
      entry(.added, snapshots + "testImagePrecision.perceptual.png"),
      entry(.added, snapshots + "testViewAgainstEmptyImage.notEmptyImage.png"),
      entry(.added, "Tests/SnapshotTestingTests/__Fixtures__/testImagePrecision.reference.png"),
      entry(.removed, snapshots + "testWebViewWithRealUrl.ios.png"),
      entry(.removed, snapshots + "testWebViewWithRealUrl.macos.png"),
    ]
    return ReviewData(artifact: Sample.artifact, entries: entries, reviewed: [])
  }

  /// Findings 4 and 5: a long heading keeps its tail (the test class's directory), and one
  /// odd path gets a heading of its own instead of cutting the group's shared prefix short.
  @Test func realPairHeadingsKeepTheirTailAndOddPathsTheirOwnHeading() throws {
    var state = ReviewState(artifactID: "2", reviewer: "alice", width: 80, height: 24)
    Sample.run(&state, [.artifactLoaded(Self.realPairData())])
    let canvas = render(state)
    try Golden.check(canvas, "list-real-pair-80x24")
    let list = canvas.lines.map { String($0.prefix(state.layout.list.width)) }
    let headings = list.filter { $0.hasPrefix("  ") && !$0.hasPrefix("    ") && $0.contains("/") }
    // Changed, Added's snapshots, Added's fixture, Removed: four headings, each ending in
    // its last directory and its count (before: `…/SnapshotTestin… 2`).
    #expect(headings.count == 4, "\(list)")
    #expect(headings.filter { $0.contains("/SnapshotTestingTests/ ") }.count == 3, "\(headings)")
    #expect(headings.contains { $0.contains("__Fixtures__/ 1") }, "\(headings)")
    // Rows under a heading read as the file name alone, with no ellipsis at their start
    // (before: `…Snapshots__/SnapshotTestingTe…/testImagePrecision.exact.png`).
    let index = try #require(state.review?.index)
    let entries = Self.realPairData().entries
    #expect(index.listName(2, entries[2]) == "testImagePrecision.exact.png")
    #expect(index.listName(5, entries[5]) == "testImagePrecision.reference.png")
    #expect(!list.contains { $0.hasPrefix("    ") && $0.contains("Snapshots__") }, "\(list)")
    var wide = ReviewState(artifactID: "2", reviewer: "alice", width: 160, height: 24)
    Sample.run(&wide, [.artifactLoaded(Self.realPairData())])
    let wideList = render(wide).lines.map { String($0.prefix(wide.layout.list.width)) }
    #expect(wideList.contains { $0.hasPrefix("    testImagePrecision.exact.png ") }, "\(wideList)")
    #expect(wideList.contains { $0.hasPrefix("  Tests/SnapshotTestingTests/__Fixtures__/ 1") }, "\(wideList)")
  }

  @Test func headingsGiveUpTheParentPathFirst() {
    let heading = "Tests/SnapshotTestingTests/__Snapshots__/SnapshotTestingTests/"
    #expect(ReviewIndex.headingText(heading, width: 80) == heading)
    #expect(ReviewIndex.headingText(heading, width: 30) == "Tests/S…/SnapshotTestingTests/")
    #expect(ReviewIndex.headingText(heading, width: 23) == "…/SnapshotTestingTests/")
    #expect(ReviewIndex.headingText(heading, width: 12) == "…/Snap…ests/")
    // A sidecar group (no path) is cut in the middle, as a row name is.
    #expect(ReviewIndex.headingText("iPhone 15 Pro Max (landscape)", width: 12) == "iPhone…cape)")
  }

  @Test func lonelyImagesOfSeveralDirectoriesShareOneHeading() {
    func added(_ name: String) -> ReviewEntry {
      ReviewEntry(category: .added, head: Sample.image(name, nil, nil, key: name), base: nil)
    }
    let index = ReviewIndex(entries: [
      added("a/one.png"), added("a/two.png"), added("b/three.png"), added("c/four.png"), added("five.png"),
    ])
    let groups = index.sections[0].groups
    #expect(groups.map(\.name) == ["a/", ReviewIndex.otherDirectories])
    #expect(groups.map(\.members) == [[0, 1], [2, 3, 4]])
    // They share no directory: their rows keep their whole path.
    #expect(groups[1].directory == nil)
    let rows = index.rows(collapsed: [], filter: "")
    #expect(rows.count == 1 + 2 + 5)
  }


  @Test func sidecarGroupsStayTheHeadings() {
    let index = ReviewIndex(entries: Sample.entries)
    #expect(index.sections.allSatisfy { section in section.groups.allSatisfy { $0.directory == nil } })
  }

  @Test func closingBracketGoesToTheNextUnreviewedImageAndWraps() {
    var state = Sample.reviewState()
    #expect(KeyScriptTests.selectedName(state) == "ipad/login.png")
    // iphone/home.png is marked reviewed in the sample: it is stepped over; the last `]`
    // wraps (skipped is not for review).
    KeyScriptTests.walk(&state, [("]", "iphone/login.png"), ("]", "iphone/profile.png"), ("]]]]", "ipad/login.png")])
  }

  @Test func closingBracketSaysWhenEverythingIsReviewed() {
    let all = Set(Sample.entries.map(\.fileName))
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    var data = Sample.data
    data.reviewed = all
    Sample.run(&state, [.artifactLoaded(data)])
    let before = state.review?.selected
    Sample.run(&state, Sample.keys("]"))
    #expect(state.review?.selected == before)
    #expect(state.message?.text == "Every image that needs a look is marked reviewed")
  }

  @Test func reopeningABuildStartsAtTheFirstUnreviewedImage() {
    var data = Sample.data
    data.reviewed = ["ipad/login.png", "iphone/login.png", "iphone/home.png"]
    var state = ReviewState(artifactID: "2", reviewer: "alice")
    Sample.run(&state, [.artifactLoaded(data)])
    #expect(KeyScriptTests.selectedName(state) == "iphone/profile.png")
  }

  @Test func theKeyIsInTheFooterAndTheHelp() {
    let state = Sample.reviewState(width: 200, height: 50)
    #expect(render(state).lines[49].contains("] unreviewed"))
    #expect(state.help.lines.contains { $0.keys == "]" && $0.text.contains("not marked reviewed") })
  }

  @Test func factsLineKeepsTheSizeChangeAndNeverRepeatsTheTitle() {
    // The narrowest screen: the preview is 29 columns wide.
    var state = Self.state(width: 60, height: 15)
    Sample.run(&state, Sample.keys("1"))
    let lines = render(state).lines
    let x = state.layout.preview.x
    let info = String(lines[state.layout.preview.y + 1].dropFirst(x))
    #expect(info.contains("Changed 31.0% 166×64→174×64"), "\(info)")
    // No display name: the title is the file name, and the facts do not say it again.
    #expect(!info.contains("testAutolayout"))
    var wide = Self.state(width: 200, height: 50)
    Sample.run(&wide, Sample.keys("1"))
    let wideInfo = render(wide).lines[wide.layout.preview.y + 1]
    #expect(wideInfo.contains("Changed 31.0% of pixels  base 166×64 → head 174×64"))
    #expect(!wideInfo.contains("testAutolayout"))
    // With a display name the file name is the new fact, after the sizes.
    let sample = render(Sample.reviewState(width: 200, height: 50)).lines[2]
    #expect(sample.contains("Changed 2.90% of pixels  80×110  ipad/login.png"))
  }
}
