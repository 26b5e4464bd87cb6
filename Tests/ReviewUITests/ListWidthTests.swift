import ReviewUI
import TerminalCanvas
import Testing

/// `{` and `}` move the divider between the list and the preview, within bounds, and the
/// width holds for the session.
struct ListWidthTests {
  static func listWidth(_ state: ReviewState) -> Int { state.layout.list.width }

  @Test func braceKeysNarrowAndWidenTheListByASteps() throws {
    var state = Sample.reviewState()
    #expect(Self.listWidth(state) == 30)
    Sample.run(&state, Sample.keys("}"))
    #expect(Self.listWidth(state) == 34 && state.layout.separatorX == 34)
    try Golden.check(render(state), "review-list-wider-80x24")
    Sample.run(&state, Sample.keys("{{{"))
    #expect(Self.listWidth(state) == 22)
    try Golden.check(render(state), "review-list-narrower-80x24")
  }

  @Test func theWidthStopsAtItsLimitsAndSaysSo() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys(String(repeating: "{", count: 10)))
    #expect(Self.listWidth(state) == ReviewLayout.minimumListWidth)
    #expect(state.message?.text == "The list is as narrow as it goes")
    // One step back is one step: pressing on at the limit left nothing to unwind.
    Sample.run(&state, Sample.keys("}"))
    #expect(Self.listWidth(state) == ReviewLayout.minimumListWidth + ReviewLayout.listWidthStep)
    Sample.run(&state, Sample.keys(String(repeating: "}", count: 20)))
    #expect(Self.listWidth(state) == 80 - 1 - ReviewLayout.minimumPreviewWidth)
    #expect(state.layout.preview.width == ReviewLayout.minimumPreviewWidth)
    #expect(state.message?.text == "The list is as wide as it goes")
  }

  @Test func theWidthHoldsAcrossBuildsAndResizesWithinBounds() {
    var state = ReviewState(artifactID: nil, reviewer: "alice")
    Sample.run(&state, [.artifactsLoaded(Sample.artifacts), .key(.enter)])
    Sample.run(&state, Sample.keys("}}"))
    #expect(Self.listWidth(state) == 38)
    Sample.run(&state, [.key(.escape), .key(.enter)])  // back to the picker, open again
    #expect(state.screen == .review && Self.listWidth(state) == 38)
    // A narrower terminal keeps the preview's minimum.
    Sample.run(&state, [.resize(width: 60, height: 24)])
    #expect(state.layout.preview.width >= ReviewLayout.minimumPreviewWidth)
    #expect(state.layout.list.width + 1 + state.layout.preview.width == 60)
  }

  @Test func theDefaultLayoutIsUnchanged() {
    for width in [60, 80, 120, 200] {
      #expect(ReviewLayout(width: width, height: 30) == ReviewLayout(width: width, height: 30, listWidthOffset: 0))
      #expect(ReviewLayout(width: width, height: 30).list.width == min(64, max(28, width * 38 / 100)))
    }
  }
}
