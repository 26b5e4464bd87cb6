import TerminalCanvas
import Testing

/// Each palette's text is readable on the backgrounds it is chosen for (WCAG 2 contrast).
struct ThemeTests {
  static let white = Color(255, 255, 255)
  static let solarizedLight = Color(253, 246, 227)
  static let black = Color(0, 0, 0)
  /// Roles drawn on the terminal's own background (no background of their own).
  static let onTerminalBackground: [Role] = Role.allCases.filter {
    Theme.attributes(for: Style($0), mode: .trueColor, palette: .dark).background == nil
      && Theme.attributes(for: Style($0), mode: .trueColor, palette: .dark).foreground != nil
  }

  @Test func lightPaletteTextHasAAContrastOnWhiteAndSolarizedLight() {
    #expect(Self.onTerminalBackground.contains(.title) && Self.onTerminalBackground.contains(.warning))
    for role in Self.onTerminalBackground {
      let foreground = Theme.attributes(for: Style(role), mode: .trueColor, palette: .light).foreground ?? Self.white
      // Text needs 4.5:1; the pane border is not text (WCAG's 3:1 for graphics).
      let needed = role == .border ? 3.0 : 4.5
      #expect(foreground.contrast(with: Self.white) >= needed, "\(role) on white")
      #expect(foreground.contrast(with: Self.solarizedLight) >= needed - 0.3, "\(role) on Solarized Light")
    }
  }

  @Test func darkPaletteTitleAndWarningVanishOnWhiteWhichIsWhyLightExists() {
    let title = Theme.attributes(for: Style(.title), mode: .trueColor, palette: .dark).foreground ?? Self.black
    let warning = Theme.attributes(for: Style(.warning), mode: .trueColor, palette: .dark).foreground ?? Self.black
    #expect(title.contrast(with: Self.white) < 1.5 && warning.contrast(with: Self.white) < 1.5)
    #expect(title.contrast(with: Self.black) > 15)
  }

  @Test func barsAndTheirAccentsAreTheSameInBothPalettes() {
    for role in [Role.status, .footer, .key, .selection, .overlay, .match] {
      #expect(
        Theme.attributes(for: Style(role), mode: .trueColor, palette: .light)
          == Theme.attributes(for: Style(role), mode: .trueColor, palette: .dark), "\(role)")
    }
    // A warning drawn on the status bar keeps the dark palette's colour (the bar is dark).
    let bar = Color(48, 48, 96)
    #expect(
      Theme.attributes(for: Style(.warning, background: bar), mode: .trueColor, palette: .light)
        == Theme.attributes(for: Style(.warning, background: bar), mode: .trueColor, palette: .dark))
  }

  @Test func thePaletteFollowsTheReportedBackground() {
    #expect(Palette.forBackground(Self.white) == .light)
    #expect(Palette.forBackground(Self.solarizedLight) == .light)
    #expect(Palette.forBackground(Color(0, 43, 54)) == .dark)  // Solarized Dark base03
    #expect(Palette.forBackground(Self.black) == .dark)
    #expect(Palette.forBackground(nil) == .dark)
    #expect(ThemeRequest.auto.palette(background: Self.white) == .light)
    #expect(ThemeRequest.dark.palette(background: Self.white) == .dark)
    #expect(ThemeRequest.light.palette(background: Self.black) == .light)
  }

  @Test func monochromeIgnoresThePalette() {
    for role in Role.allCases {
      #expect(
        Theme.attributes(for: Style(role), mode: .monochrome, palette: .light)
          == Theme.attributes(for: Style(role), mode: .monochrome, palette: .dark))
    }
  }
}
