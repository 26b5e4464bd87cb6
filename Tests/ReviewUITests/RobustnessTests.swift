import DiffCore
import ReviewUI
import TerminalCanvas
import Testing

/// Sizes down to 0x0, hostile and wide names, and the keymap table itself.
struct RobustnessTests {
  static func allScreens(width: Int, height: Int) -> [ReviewState] {
    var states: [ReviewState] = []
    var review = Sample.reviewState(width: width, height: height)
    states.append(review)
    for keys in ["s", " ", "d\r", "?", "a", "5", "4", "7", "/x"] {
      var state = review
      Sample.run(&state, keys.map { $0 == "\r" ? .key(.enter) : .key(.character($0)) })
      states.append(state)
    }
    Sample.run(&review, [.key(.tab)] + Sample.keys("+++"))
    states.append(review)
    var picker = ReviewState(artifactID: nil, reviewer: "alice", width: width, height: height)
    states.append(picker)
    Sample.run(&picker, [.artifactsLoaded(Sample.artifacts)])
    states.append(picker)
    states.append(ReviewState(artifactID: "9", reviewer: "alice", width: width, height: height))
    return states
  }

  /// Every screen at every size from 0x0 to 70x20 draws without trapping, fills
  /// exactly the canvas, and never leaves half of a wide character.
  @Test func everySizeDownToZeroDraws() {
    for width in stride(from: 0, through: 70, by: 1) {
      for height in [0, 1, 2, 3, 5, 9, 14, 15, 16, 20] {
        for state in Self.allScreens(width: width, height: height) {
          let canvas = render(state)
          #expect(canvas.width == width && canvas.height == height)
          for line in canvas.lines { #expect(DisplayWidth.of(line) == width, "\(width)x\(height): \(line)") }
        }
      }
    }
  }

  @Test func resizingThroughTinySizesKeepsWorking() {
    var state = Sample.reviewState(width: 100, height: 30)
    for (w, h) in [(1, 1), (0, 0), (59, 14), (60, 15), (3, 200), (300, 3), (100, 30)] {
      Sample.run(&state, [.resize(width: w, height: h)] + Sample.keys("jG?"))
      Sample.run(&state, [.key(.escape)])
      _ = render(state)
    }
    #expect(render(state).text.contains("Images"))
  }

  static let hostile = "\u{1B}[31mred\u{1B}[0m\u{07}\u{9B}2J\u{202E}evil\nname"

  @Test func hostileNamesAndGroupsAreShownEscaped() {
    var data = Sample.data
    data.entries[0].head?.displayName = Self.hostile
    data.entries[0].head?.group = "\u{1B}]0;pwned\u{07}grp"
    data.entries[0].base?.group = "\u{1B}]0;pwned\u{07}grp"
    data.artifact.headRef = "feat/\u{1B}[2Jwipe"
    data.artifact.appID = "app\u{0}id"
    var state = ReviewState(artifactID: "2", reviewer: "eve\u{1B}[5m", width: 200, height: 50)
    Sample.run(&state, [.artifactLoaded(data)])
    Sample.run(&state, Sample.keys("1"))
    let canvas = render(state)
    for cell in canvas.cells {
      #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
    }
    let text = canvas.text
    #expect(text.contains("\\e[31mred\\e[0m\\x07\\x9b2J\\u{202E}evil\\nname"))
    #expect(text.contains("\\e]0;pwned\\x07grp"))
    #expect(text.contains("feat/\\e[2Jwipe"))
    #expect(text.contains("app\\x00id"))
    #expect(text.contains("you: eve\\e[5m"))
    // Through the help and confirm overlays too.
    Sample.run(&state, Sample.keys("a"))
    #expect(!render(state).cells.contains { $0.text.contains("\u{1B}") })
  }

  @Test func wideAndCombiningNamesAreMeasuredAndCut() {
    var data = Sample.data
    data.entries[0].head?.displayName = "設定画面のテストスクリーンショット"
    data.entries[1].head?.displayName = "Cafe\u{301} me\u{301}nu 👩‍👩‍👧 famille"
    var state = ReviewState(artifactID: "2", reviewer: "alice", width: 60, height: 20)
    Sample.run(&state, [.artifactLoaded(data)])
    let canvas = render(state)
    for line in canvas.lines { #expect(DisplayWidth.of(line) == 60) }
    let listWidth = state.layout.list.width
    let row = canvas.lines.first { $0.contains("設定") } ?? ""
    let listPart = String(row.prefix { $0 != "│" })
    #expect(DisplayWidth.of(listPart) == listWidth)
    #expect(listPart.contains("…"))
    #expect(canvas.text.contains("Café"))  // e + U+0301 stays one grapheme
  }

  @Test func everyBindingDispatchesItsCommandInItsContext() {
    for binding in ReviewKeymap.table.bindings {
      for key in binding.keys {
        let chain: [ReviewKeyContext]
        switch binding.context {
        case .list: chain = [.list, .review, .global]
        case .preview: chain = [.preview, .review, .global]
        case .review: chain = [.list, .review, .global]
        case .picker: chain = [.picker, .global]
        case .global: chain = [.picker, .global]
        case .filter, .note, .confirm, .help: chain = [binding.context]
        }
        #expect(ReviewKeymap.table.command(for: key, in: chain) == binding.command, "\(key.label) in \(binding.context)")
      }
    }
  }

  @Test func noKeyIsBoundTwiceInOneContext() {
    for context in ReviewKeyContext.allCases {
      let keys = ReviewKeymap.table.bindings(in: context).flatMap(\.keys)
      #expect(Set(keys).count == keys.count, "duplicate key in \(context)")
    }
  }

  @Test func helpOverlayAndFooterComeFromTheTable() {
    var state = Sample.reviewState(width: 200, height: 50)
    let footer = render(state).lines.last ?? ""
    for hint in ReviewKeymap.table.hints(in: state.keyContexts, available: state.isAvailable) {
      #expect(footer.contains("\(hint.keys) \(hint.text)"))
    }
    Sample.run(&state, Sample.keys("?"))
    var seen = ""
    for scroll in 0..<80 {
      state.overlay = .help(scroll: scroll)
      seen += render(state).text
    }
    for binding in ReviewKeymap.table.bindings {
      #expect(seen.contains(binding.help), "help is missing “\(binding.help)”")
    }
  }

  @Test func monochromeUsesShadesAndNoColours() {
    let state = Sample.reviewState(width: 100, height: 30, mode: .monochrome)
    let canvas = render(state)
    #expect(canvas.cells.contains { "░▒▓█".contains($0.text) })
    #expect(!canvas.cells.contains { $0.text == "▀" })
    for cell in canvas.cells {
      let attributes = Theme.attributes(for: cell.style, mode: .monochrome)
      #expect(attributes.foreground == nil && attributes.background == nil)
    }
  }

  @Test func heatmapIsWarmWhereThePixelsChanged() {
    let state = Sample.reviewState(width: 200, height: 50)
    let canvas = render(state)
    let heat = canvas.cells.filter { $0.text == "▀" }.flatMap { [$0.style.foreground, $0.style.background] }.compactMap { $0 }
    // Dimmed image pixels are at most 16 + 255/4 = 79 per channel; heat colours are brighter.
    let warm = heat.filter { max($0.r, $0.g, $0.b) > 100 }
    #expect(!warm.isEmpty)
    #expect(warm.count < heat.count / 4)
  }
}

struct ViewportAndIndexTests {
  @Test func fitKeepsTheAspectRatio() {
    let view = ImageViewport.make(
      canvasWidth: 1170, canvasHeight: 2532, area: Rect(x: 0, y: 0, width: 100, height: 46), zoom: .fit, center: (0, 0))
    #expect(view.pixelRows == 92)
    #expect(view.columns == 43)  // 1170 / (2532 / 92)
    #expect(view.region == PixelRect(x: 0, y: 0, width: 1170, height: 2532))
  }

  @Test func oneToOneShowsAWindowClampedToTheImage() {
    let area = Rect(x: 0, y: 0, width: 100, height: 46)
    let view = ImageViewport.make(canvasWidth: 1170, canvasHeight: 2532, area: area, zoom: .scale(1), center: (0, 0))
    #expect(view.region == PixelRect(x: 0, y: 0, width: 100, height: 92))
    let far = ImageViewport.make(canvasWidth: 1170, canvasHeight: 2532, area: area, zoom: .scale(1), center: (5000, 5000))
    #expect(far.region == PixelRect(x: 1070, y: 2440, width: 100, height: 92))
  }

  @Test func zoomStepsArePowersOfTwoBetweenFitAndOneToOne() {
    var zoom = Zoom.fit
    var steps: [Zoom] = []
    while let next = ImageViewport.zoomIn(from: zoom, fitScale: 27.5) {
      steps.append(next)
      zoom = next
    }
    // Past 1:1 the steps magnify, up to 8:1.
    #expect(steps == [.scale(16), .scale(8), .scale(4), .scale(2), .scale(1), .magnify(2), .magnify(4), .magnify(8)])
    #expect(ImageViewport.zoomOut(from: .magnify(2), fitScale: 27.5) == .scale(1))
    #expect(ImageViewport.zoomOut(from: .magnify(8), fitScale: 27.5) == .magnify(4))
    // A 20×20 icon in a 40×20 pane fits at 2:1 already: the first step in is 4:1, and out is fit.
    #expect(ImageViewport.zoomIn(from: .fit, fitScale: 0.5) == .magnify(4))
    #expect(ImageViewport.zoomOut(from: .magnify(4), fitScale: 0.5) == .fit)
    #expect(ImageViewport.zoomOut(from: .scale(16), fitScale: 27.5) == .fit)
    #expect(ImageViewport.zoomOut(from: .scale(4), fitScale: 27.5) == .scale(8))
  }

  @Test func hotspotFindsTheChange() {
    var mask = GrayImage(zeroWidth: 100, height: 200)
    for y in 150..<160 { for x in 70..<80 { mask.pixels[y * 100 + x] = 255 } }
    let spot = ImageViewport.hotspot(of: MaskSummary(mask: mask))
    #expect((60...90).contains(spot.x) && (140...170).contains(spot.y))
  }

  @Test func indexSortsChangedByDiffAndGroupsByDevice() {
    let index = ReviewIndex(entries: Sample.entries)
    #expect(index.sections.map(\.category) == [.changed, .added, .removed, .renamed, .errored, .skipped, .unchanged])
    let changed = index.sections[0]
    #expect(changed.groups.map(\.name) == ["iPad Air", "iPhone 15"])
    #expect(changed.groups[1].members.map { Sample.entries[$0].fileName } == ["iphone/login.png", "iphone/home.png"])
  }

  @Test func ungroupedImagesComeLastWithoutHeadersWhenNoneHaveGroups() {
    var entries = Sample.entries
    for i in entries.indices {
      entries[i].head?.group = nil
      entries[i].base?.group = nil
    }
    let index = ReviewIndex(entries: entries)
    #expect(index.sections.allSatisfy { !$0.showsGroups })
    #expect(!index.rows(collapsed: [], filter: "").contains { if case .group = $0 { return true } else { return false } })
  }

  @Test func filterMatchesDisplayAndFileNamesCaseInsensitively() {
    let index = ReviewIndex(entries: Sample.entries)
    let byDisplay = index.rows(collapsed: [.unchanged], filter: "HOME").compactMap(\.entryIndex)
    #expect(byDisplay.map { Sample.entries[$0].fileName } == ["iphone/home.png"])
    let byFile = index.rows(collapsed: [.unchanged], filter: "onboarding3").compactMap(\.entryIndex)
    #expect(byFile.count == 1)
    // A filter opens folded categories.
    let unchanged = index.rows(collapsed: [.unchanged], filter: "about").compactMap(\.entryIndex)
    #expect(unchanged.map { Sample.entries[$0].category } == [.unchanged])
  }

  @Test func percentagesNeverRoundAChangeToZero() {
    let data = ReviewData(
      artifact: Sample.artifact,
      entries: [
        ReviewEntry(category: .changed, head: Sample.image("a.png", nil, nil, key: "a"), base: Sample.image("a.png", nil, nil, key: "b"), diff: 0.0000028)
      ])
    var state = ReviewState(artifactID: "2", reviewer: "a")
    Sample.run(&state, [.artifactLoaded(data)])
    #expect(render(state).text.contains("0.00028%"))
  }
}
