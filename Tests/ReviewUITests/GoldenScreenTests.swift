import ReviewUI
import TerminalCanvas
import Testing

/// The main screens at 80x24, 200x50 and 40x10 (the last is the "too small" screen).
struct GoldenScreenTests {
  static let sizes: [(Int, Int)] = [(80, 24), (200, 50), (40, 10)]

  static func screens(width: Int, height: Int) -> [(String, ReviewState)] {
    var out: [(String, ReviewState)] = []
    var state = Sample.reviewState(width: width, height: height)
    out.append(("review-diff", state))
    Sample.run(&state, Sample.keys("s"))
    out.append(("review-side-by-side", state))
    Sample.run(&state, Sample.keys("d") + [.key(.enter)])
    out.append(("review-zoom-1to1", state))
    var filtered = Sample.reviewState(width: width, height: height)
    Sample.run(&filtered, Sample.keys("/set"))
    out.append(("review-filter-typing", filtered))
    var errored = Sample.reviewState(width: width, height: height)
    Sample.run(&errored, Sample.keys("5"))
    out.append(("review-errored", errored))
    var renamed = Sample.reviewState(width: width, height: height)
    Sample.run(&renamed, Sample.keys("4"))
    out.append(("review-renamed", renamed))
    var help = Sample.reviewState(width: width, height: height)
    Sample.run(&help, Sample.keys("?"))
    out.append(("help-overlay", help))
    var confirm = Sample.reviewState(width: width, height: height)
    Sample.run(&confirm, Sample.keys("a"))
    out.append(("approve-confirm", confirm))
    var approved = confirm
    Sample.run(&approved, Sample.keys("y"))
    out.append(("approved", approved))
    var picker = ReviewState(artifactID: nil, reviewer: "alice", width: width, height: height)
    Sample.run(&picker, [.artifactsLoaded(Sample.artifacts)])
    out.append(("picker", picker))
    var mono = Sample.reviewState(width: width, height: height, mode: .monochrome)
    Sample.run(&mono, [])
    out.append(("review-monochrome", mono))
    return out
  }

  @Test(arguments: sizes.map { "\($0.0)x\($0.1)" })
  func mainScreens(size: String) throws {
    let parts = size.split(separator: "x").compactMap { Int($0) }
    for (name, state) in Self.screens(width: parts[0], height: parts[1]) {
      try Golden.check(render(state), "\(name)-\(size)")
    }
  }

  @Test func tooSmallScreenSaysSo() {
    let canvas = render(Sample.reviewState(width: 40, height: 10))
    #expect(canvas.text.contains("Terminal too small"))
    #expect(canvas.text.contains("40×10, needs 60×15"))
  }
}
