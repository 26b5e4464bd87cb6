import ReviewUI
import TerminalCanvas
import Testing

/// The onion skin (o) and the slider (w), in block mode.
struct OverlayAndSliderTests {
  /// The image cells of the preview (the rows between the facts line and the legend).
  static func imageCells(_ state: ReviewState) -> [[String]] {
    let canvas = render(state)
    let area = state.layout.previewImage
    return (area.y..<area.maxY).map { y in
      (area.x..<area.maxX).map { x in
        let cell = canvas[x, y]
        return "\(cell.text)\(String(describing: cell.style.foreground))\(String(describing: cell.style.background))"
      }
    }
  }

  /// The image cells of the sample's first image in the view `key` selects (h, b).
  static func cells(ofView key: String) -> [[String]] {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys(key))
    return imageCells(state)
  }

  @Test func onionSkinAtItsEndsIsTheBaseOrTheHead() throws {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("o"))
    #expect(state.review?.mode == .overlay && state.review?.overlayOpacity == 50)
    try Golden.check(render(state), "review-onion-80x24")
    Sample.run(&state, Sample.keys(">>>>>>"))
    #expect(state.review?.overlayOpacity == 100)
    #expect(render(state).text.contains("onion 100% head"))
    let head = Self.cells(ofView: "h")
    #expect(Self.imageCells(state) == head)
    Sample.run(&state, Sample.keys(String(repeating: "<", count: 12)))
    #expect(state.review?.overlayOpacity == 0)
    #expect(Self.imageCells(state) == Self.cells(ofView: "b"))
    #expect(Self.imageCells(state) != head)
  }

  @Test func sliderShowsTheBaseLeftAndTheHeadRightOfTheDivider() throws {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("w"))
    #expect(state.review?.mode == .slider && state.review?.sliderPosition == 50)
    try Golden.check(render(state), "review-slider-80x24")
    Sample.run(&state, Sample.keys(","))
    #expect(state.review?.sliderPosition == 44)
    let slider = Self.imageCells(state)
    let headCells = Self.cells(ofView: "h")
    let baseCells = Self.cells(ofView: "b")
    // The image is centred: find the divider column and compare both sides.
    let row = slider.firstIndex { $0.contains { $0.hasPrefix("┃") } } ?? -1
    let divider = row >= 0 ? (slider[row].firstIndex { $0.hasPrefix("┃") } ?? -1) : -1
    #expect(divider > 0)
    for y in slider.indices {
      for x in slider[y].indices where x != divider && slider[y][x].hasPrefix("▀") {
        #expect(slider[y][x] == (x < divider ? baseCells[y][x] : headCells[y][x]), "cell \(x),\(y)")
      }
    }
  }

  @Test func adjustKeysOnlyWorkInTheseViewsAndAreOfferedThere() {
    var state = Sample.reviewState(width: 200, height: 40)
    Sample.run(&state, Sample.keys(">"))
    #expect(state.message?.text == "< and > adjust the onion skin (o) and the slider (w)")
    #expect(!render(state).lines[39].contains("</> adjust"))
    Sample.run(&state, Sample.keys("o"))
    #expect(render(state).lines[39].contains("</> adjust"))
    #expect(render(state).lines[39].contains("o/w onion/slider"))
    // Added images have no base: neither view is offered.
    Sample.run(&state, Sample.keys("2"))
    #expect(!render(state).lines[39].contains("onion"))
  }
}
