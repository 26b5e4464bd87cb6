import DiffCore
import ReviewUI
import TerminalCanvas
import Testing

/// The views: where Enter goes in every view, magnified steps, side by side's split and
/// footer, errored pairs.
struct ViewTests {
  /// The sample's change is the button at x 10..<50, y 90..<104 (60×130 canvas).
  static func showsTheChange(_ state: ReviewState) -> Bool {
    guard let review = state.review, let area = review.imageArea(layout: state.layout) else { return false }
    let r = ImageViewport.make(canvasWidth: 60, canvasHeight: 130, area: area, zoom: review.zoom, center: review.center).region
    return r.y < 104 && r.y + r.height > 90 && r.x < 50 && r.x + r.width > 10
  }

  @Test(arguments: ["d", "h", "b", "s", " "])
  func enterGoesToTheChangeInEveryView(key: String) {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys(key) + [.key(.enter)])
    let zoomed = state.review?.zoom != .fit
    let shows = Self.showsTheChange(state)
    #expect(zoomed && shows, "view \(key)")
  }

  @Test func hotspotAreaIsCutToTheChangedPixels() throws {
    var mask = GrayImage(zeroWidth: 800, height: 1600)
    for y in 1210..<1214 { for x in 620..<626 { mask.pixels[y * 800 + x] = 255 } }
    let area = try #require(ImageViewport.hotspotArea(of: MaskSummary(mask: mask)))
    // Within the 100×100 grid cell, cut to the 6.25-pixel sub-cells holding the change.
    #expect(area.x <= 620 && area.x + area.width >= 626 && area.y <= 1210 && area.y + area.height >= 1214)
    #expect(area.width <= 13 && area.height <= 13)
    // At most 13 px is seen whole at 4:1 in a 120×80-pixel pane (8:1 would need 104 rows).
    let zoom = ImageViewport.closestZoom(showing: area, area: Rect(x: 0, y: 0, width: 120, height: 40), fitScale: 20)
    #expect(zoom == .magnify(4))
    #expect(ImageViewport.closestZoom(showing: PixelRect(x: 0, y: 0, width: 800, height: 1600), area: Rect(x: 0, y: 0, width: 120, height: 40), fitScale: 20) == nil)
  }

  /// Like the real pair's added fixture (docs/REVIEWER.md, finding 3): a white 300×600
  /// page whose only content is a striped label near the bottom left.
  static func mostlyBlankPage() -> RGBAImage {
    var pixels = [UInt8](repeating: 255, count: 300 * 600 * 4)
    for y in 500..<540 {
      for x in 20..<120 where (x / 3) % 2 == 0 {
        let i = (y * 300 + x) * 4
        pixels[i] = 20
        pixels[i + 1] = 20
        pixels[i + 2] = 20
      }
    }
    return RGBAImage(width: 300, height: 600, pixels: pixels)
  }

  @Test(arguments: [ReviewCategory.added, .removed])
  func enterOnASingleImageGoesToItsDetail(category: ReviewCategory) throws {
    var state = Sample.reviewState(width: 120, height: 40)
    Sample.run(&state, Sample.keys(category == .added ? "2" : "3"))
    let request = try #require(state.review?.preview.request)
    let page = Self.mostlyBlankPage()
    Sample.run(
      &state,
      [.previewLoaded(PreviewImages(
        request: request, head: category == .added ? page : nil, base: category == .added ? nil : page, mask: nil))])
    Sample.run(&state, [.key(.enter)])
    let review = try #require(state.review)
    let area = try #require(review.imageArea(layout: state.layout))
    #expect(review.zoom == .scale(1), "\(review.zoom)")  // the label fills the pane at 1:1, no closer
    let region = ImageViewport.make(canvasWidth: 300, canvasHeight: 600, area: area, zoom: review.zoom, center: review.center).region
    // The label is on screen (before: 1:1 at the top centre, all white).
    #expect(region.y < 540 && region.y + region.height > 500 && region.x < 120 && region.x + region.width > 20, "\(region)")
    let legend = render(state).lines[area.maxY]
    #expect(legend.contains("y \(region.y)–"), "\(legend)")
    // A flat image has no detail: Enter keeps the old top-centre step.
    #expect(ImageViewport.detailArea(of: RGBAImage(width: 300, height: 600, pixels: [UInt8](repeating: 255, count: 300 * 600 * 4))) == nil)
  }

  @Test func magnifiedViewsShowWholePixels() {
    let view = ImageViewport.make(canvasWidth: 20, canvasHeight: 20, area: Rect(x: 0, y: 0, width: 50, height: 20), zoom: .magnify(4), center: (10, 10))
    #expect(view.region == PixelRect(x: 4, y: 5, width: 12, height: 10))
    #expect(view.columns == 48 && view.pixelRows == 40)
    #expect(ImageViewport.label(.magnify(4)) == "4:1")
  }

  @Test func sideBySideStacksWideImagesAndSplitsTallOnes() {
    let area = Rect(x: 0, y: 0, width: 47, height: 18)
    let tall = SideBySideSplit(area: area, canvasWidth: 60, canvasHeight: 130)
    #expect(!tall.stacked && tall.base.width == 23 && tall.head.x == 24)
    let wide = SideBySideSplit(area: area, canvasWidth: 400, canvasHeight: 50)
    #expect(wide.stacked && wide.base.width == 47 && wide.head.y == wide.base.maxY + 1)
  }

  @Test func sideBySideFooterGivesTheRegionOfOneHalf() throws {
    var state = Sample.reviewState(width: 80, height: 24)
    Sample.run(&state, Sample.keys("s+++"))
    let review = try #require(state.review)
    let half = try #require(review.imageArea(layout: state.layout))
    let view = ImageViewport.make(canvasWidth: 80, canvasHeight: 110, area: half, zoom: review.zoom, center: review.center)
    let legend = render(state).lines[state.layout.previewImage.maxY]
    #expect(legend.contains("base left, head right"))
    #expect(legend.contains("x \(view.region.x)–\(view.region.x + view.region.width) "), "\(legend)")
    // The half is narrower than the pane: the region is not the whole pane's.
    #expect(view.columns <= half.width && half.width < state.layout.previewImage.width / 2 + 1)
  }

  @Test func erroredPairsShowTheSideThatDecodesAndWhyTheOtherCannot() throws {
    var state = Sample.reviewState(width: 80, height: 30)
    let effects = Sample.run(&state, Sample.keys("5"))
    let request = try #require(effects.compactMap { effect -> PreviewRequest? in
      if case .loadPreview(let r) = effect, !r.prefetch { return r }
      return nil
    }.first)
    #expect(request.category == .errored && request.headKey == "h-terms" && request.baseKey == "b-terms")
    let reason = "image h-terms: image is 1200×33400 = 40080000 pixels, over the limit of 40000000 pixels"
    let base = Sample.screen(accent: RGB(0, 122, 255))
    Sample.run(&state, [.previewLoaded(PreviewImages(request: request, head: nil, base: base, mask: nil, headFailure: reason))])
    let canvas = render(state)
    try Golden.check(canvas, "review-errored-base-shown-80x30")
    let text = canvas.text
    #expect(text.contains("head iphone/terms.png 1200×33400: cannot be"))
    #expect(text.contains("base shown (the head cannot be)"))
    #expect(canvas.lines.contains { $0.contains("▀") })
  }
}
