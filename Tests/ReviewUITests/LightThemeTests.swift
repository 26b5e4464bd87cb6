import ReviewUI
import TerminalCanvas
import Testing

/// The light theme: the same canvas (roles do not change), other colours on the way out.
/// Goldens of the SGR stream show which colour every cell gets.
struct LightThemeTests {
  static func ansi(_ state: ReviewState, _ palette: Palette) -> String {
    ANSIRenderer.render(render(state), mode: .trueColor, palette: palette)
  }

  @Test func reviewScreenGoldensInBothPalettes() throws {
    let state = Sample.reviewState(width: 80, height: 24, mode: .trueColor)
    try Golden.check(text: Self.ansi(state, .light), "review-diff-light-80x24.ansi")
    try Golden.check(text: Self.ansi(state, .dark), "review-diff-dark-80x24.ansi")
    var help = state
    Sample.run(&help, Sample.keys("?"))
    try Golden.check(text: Self.ansi(help, .light), "help-overlay-light-80x24.ansi")
  }

  @Test func thePreviewTitleIsNoLongerWhiteOnALightBackground() {
    let state = Sample.reviewState(width: 80, height: 24, mode: .trueColor)
    let canvas = render(state)
    let titleCell = canvas.cells.first { $0.style.role == .title && $0.style.background == nil }  // the preview title
    let style = titleCell?.style ?? Style(.title)
    #expect(titleCell != nil)
    let onLight = Theme.attributes(for: style, mode: .trueColor, palette: .light).foreground ?? Color(255, 255, 255)
    let onDark = Theme.attributes(for: style, mode: .trueColor, palette: .dark).foreground ?? Color(0, 0, 0)
    #expect(onLight.contrast(with: Color(255, 255, 255)) >= 7)
    #expect(onDark.contrast(with: Color(255, 255, 255)) < 1.5)  // the bug: white on white
  }
}
