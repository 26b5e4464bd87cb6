import DiffCore
import ReviewUI
import TerminalCanvas
import TerminalGraphics
import TerminalWidgets
import TestSupport
import Testing

/// `i`: the diff view shows, in blue, the pixels pixelmatch ignored as anti-aliasing.
struct IgnoredPixelsTests {
  /// The sample's first changed image, with pixelmatch's own first fixture pair (which has
  /// anti-aliased pixels) as its base and head, and the stored-style mask of the pair.
  static func state() throws -> ReviewState {
    var state = Sample.reviewState(width: 100, height: 40)
    guard case .ready(let loaded)? = state.review?.preview else {
      Issue.record("no preview")
      return state
    }
    let base = try PNGFixtures.decode("pixelmatch/1a.png")
    let head = try PNGFixtures.decode("pixelmatch/1b.png")
    let mask = try #require(SnapshotComparer.compare(base: base, head: head).mask)
    _ = reduce(&state, .previewLoaded(PreviewImages(request: loaded.request, head: head, base: base, mask: MaskSummary(mask: mask))))
    return state
  }

  static func blueCells(_ canvas: Canvas) -> Int {
    var count = 0
    for y in 0..<canvas.height {
      for x in 0..<canvas.width {
        let style = canvas[x, y].style
        if style.foreground == HeatScale.ignored || style.background == HeatScale.ignored { count += 1 }
      }
    }
    return count
  }

  @Test func iFindsTheIgnoredPixelsAndDrawsThemInBlue() throws {
    var state = try Self.state()
    let before = render(state)
    #expect(Self.blueCells(before) == 0)
    Sample.run(&state, Sample.keys("h"))
    let effects = Sample.run(&state, Sample.keys("i"))
    // `i` asks for them once and shows the diff view, where they are drawn.
    #expect(effects.filter { if case .findAntialiased = $0 { true } else { false } }.count == 1)
    #expect(state.review?.mode == .diff)
    guard case .ready(let images)? = state.review?.preview else {
      Issue.record("no preview")
      return
    }
    let found = try #require(images.antialiased)
    let expected = SnapshotComparer.antialiasedPixels(base: try #require(images.base), head: try #require(images.head))
    #expect(found.total == expected.pixels.filter { $0 == 255 }.count)
    #expect(found.total > 0)
    let shown = render(state)
    #expect(Self.blueCells(shown) > 0)
    // The frame as text and roles, and as the SGR stream (which shows the blue).
    try Golden.check(shown, "review-ignored-100x40")
    try Golden.check(text: ANSIRenderer.render(shown, mode: .trueColor, palette: .dark), "review-ignored-100x40.ansi")
    #expect(shown.text.contains("blue: \(TextLayout.count(found.total)) ignored"))
    var wide = state
    _ = reduce(&wide, .resize(width: 200, height: 50))
    #expect(render(wide).text.contains("blue: \(TextLayout.count(found.total)) ignored (anti-aliasing)"))
    // Everything else in the frame is as before, but the blue cells, the legend and the
    // status message.
    var changedOutside = 0
    let legendRow = state.layout.previewImage.maxY
    for y in 0..<state.height where y != legendRow && y != state.height - 1 {
      for x in 0..<state.width where shown[x, y] != before[x, y] {
        let style = shown[x, y].style
        if style.foreground != HeatScale.ignored && style.background != HeatScale.ignored { changedOutside += 1 }
      }
    }
    #expect(changedOutside == 0, "cells other than ignored pixels changed: \(changedOutside)")

    // In pixels too: the placement's key says so, and the raster has the blue.
    let placement = try #require(ReviewGraphics.placements(state, cell: CellPixels(width: 8, height: 16)).first)
    #expect(placement.key.hasSuffix("|diff+ignored"))
    let raster = placement.raster()
    let blue = HeatScale.ignored
    #expect(stride(from: 0, to: raster.pixels.count, by: 4).contains {
      raster.pixels[$0] == blue.r && raster.pixels[$0 + 1] == blue.g && raster.pixels[$0 + 2] == blue.b
    })

    // `i` again hides them; they are kept, so a third `i` asks for nothing.
    Sample.run(&state, Sample.keys("i"))
    #expect(Self.blueCells(render(state)) == 0)
    #expect(!render(state).text.contains("ignored (anti-aliasing)"))
    let again = Sample.run(&state, Sample.keys("i"))
    #expect(!again.contains { if case .findAntialiased = $0 { true } else { false } })
    #expect(Self.blueCells(render(state)) > 0)
  }

  @Test func theSettingFollowsTheReviewerToTheNextChangedImageAndNotToOthers() throws {
    var state = try Self.state()
    Sample.run(&state, Sample.keys("i"))
    // The next changed image is asked for when its preview loads.
    let next = Sample.run(&state, Sample.keys("j"))
    #expect(state.review?.selectedEntry?.category == .changed)
    #expect(next.contains { if case .findAntialiased = $0 { true } else { false } })
    // An added image has no pair: nothing is asked, nothing said about ignored pixels.
    let added = Sample.run(&state, Sample.keys("2"))
    #expect(state.review?.selectedEntry?.category == .added)
    #expect(!added.contains { if case .findAntialiased = $0 { true } else { false } })
    #expect(!render(state).text.contains("ignored"))
  }

  @Test func aResultForAnotherImageIsDropped() throws {
    var state = try Self.state()
    guard case .ready(let images)? = state.review?.preview else {
      Issue.record("no preview")
      return
    }
    var other = images.request
    other.fileName = "somewhere-else.png"
    _ = reduce(&state, .antialiasedFound(other, MaskSummary(mask: GrayImage(zeroWidth: 2, height: 2))))
    guard case .ready(let after)? = state.review?.preview else {
      Issue.record("no preview")
      return
    }
    #expect(after.antialiased == nil)
  }
}
