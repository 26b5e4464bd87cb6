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
    let index = ReviewIndex(entries: Self.suiteData().entries)
    #expect(index.sections.map(\.directory) == [nil, "SnapshotTestingTests/"])
    let added = index.sections[1]
    #expect(added.listName(Self.suiteData().entries[0]) == "testTraits.ipad-10-2-landscape.png")
    // Names sharing only part of a directory name have no common directory.
    let split = ReviewIndex(entries: [
      ReviewEntry(category: .added, head: Sample.image("abc/x.png", nil, nil, key: "1"), base: nil),
      ReviewEntry(category: .added, head: Sample.image("abd/x.png", nil, nil, key: "2"), base: nil),
    ])
    #expect(split.sections[0].directory == nil)
  }

  @Test func sidecarGroupsStayTheHeadings() {
    let index = ReviewIndex(entries: Sample.entries)
    #expect(index.sections.allSatisfy { $0.directory == nil })
  }

  @Test func closingBracketGoesToTheNextUnreviewedImageAndWraps() {
    var state = Sample.reviewState()
    #expect(KeyScriptTests.selectedName(state) == "ipad/login.png")
    Sample.run(&state, Sample.keys("]"))
    #expect(KeyScriptTests.selectedName(state) == "iphone/login.png")
    // iphone/home.png is marked reviewed in the sample: it is stepped over.
    Sample.run(&state, Sample.keys("]"))
    #expect(KeyScriptTests.selectedName(state) == "iphone/profile.png")
    Sample.run(&state, Sample.keys("]]]]"))
    #expect(KeyScriptTests.selectedName(state) == "ipad/login.png")  // wrapped (skipped is not for review)
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
