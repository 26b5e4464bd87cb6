import Foundation
import Testing
import TestSupport

/// Mouse reports through a real terminal (tmux): the reviewer turns SGR reports on, a click
/// (the raw `ESC [ < 0 ; x ; y M` report a terminal sends, typed with `send-keys -l`, since
/// `send-keys -M` needs a real client's mouse event) moves the selection, and quitting or
/// `--no-mouse` leaves the terminal's mouse modes off.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ReviewMouseTmuxTests {
  /// The SGR report for a left click on the 0-based cell (`x`, `y`).
  static func click(_ x: Int, _ y: Int) -> String { "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m" }

  /// The 0-based screen row whose text contains `text` inside the list pane.
  static func row(of text: String, in screen: String) -> Int? {
    screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { line in
      line.prefix(30).contains(text)
    }
  }

  @Test func aClickSelectsARowAndTheWheelMovesOn() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 100, height: 30, command: ReviewTmuxTests.command(store, "2 --reviewer bob"),
      environment: ["TERM": "xterm-256color"])
    let screen = try tmux.waitFor(all: ["Login  iPad Air", "Home feed"])
    #expect(try tmux.value("#{mouse_sgr_flag}") == "1")
    #expect(try tmux.value("#{mouse_standard_flag}") == "1")
    let home = try #require(Self.row(of: "Home feed", in: screen))
    try tmux.type(Self.click(6, home))
    try tmux.waitFor("Home feed  iPhone 15")
    try tmux.type("\u{1B}[<65;6;\(home + 1)M")  // one notch down over the list: three rows on
    let after = try tmux.waitFor("Profile · プロフィール  iPhone 15")
    #expect(!after.contains("Home feed  iPhone 15"))
    // With reports on, Esc is still the Esc key at once (not held as a report's start).
    try tmux.send("/")
    try tmux.type("log")
    try tmux.waitFor("2 matches")
    let pressed = Date()
    try tmux.send("Escape")
    try tmux.waitFor("Home feed")
    #expect(Date().timeIntervalSince(pressed) < 0.5)
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    // Quitting switched the reports off again.
    #expect(try tmux.value("#{mouse_sgr_flag}") == "0")
    #expect(try tmux.value("#{mouse_standard_flag}") == "0")
  }

  @Test func noMouseLeavesTheTerminalsMouseAlone() throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 100, height: 30, command: ReviewTmuxTests.command(store, "2 --reviewer bob --no-mouse"),
      environment: ["TERM": "xterm-256color"])
    try tmux.waitFor("Login  iPad Air")
    #expect(try tmux.value("#{mouse_sgr_flag}") == "0")
    #expect(try tmux.value("#{mouse_standard_flag}") == "0")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }
}

/// `--theme light` and `SNAPREV_THEME` reach the real terminal: the preview title, bold white
/// on the dark palette, is sent black (256-colour index 16) on the light one.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ReviewThemeTmuxTests {
  static func screen(_ store: String, _ extra: String, _ environment: [String: String] = [:]) throws -> String {
    let tmux = try Tmux(
      width: 100, height: 30, command: ReviewTmuxTests.command(store, "2 --reviewer bob \(extra)"),
      environment: ["TERM": "xterm-256color"].merging(environment) { $1 })
    try tmux.waitFor(all: ["NEEDS APPROVAL", "Login  iPad Air"])
    Thread.sleep(forTimeInterval: 0.5)
    let screen = try tmux.capture(escapes: true)
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    return screen
  }

  @Test func lightThemeSendsDarkTextAndDarkThemeDoesNot() throws {
    let store = try ReviewE2E.demoStore()
    let light = try Self.screen(store, "--theme light")
    let dark = try Self.screen(store, "--theme dark")
    let fromVariable = try Self.screen(store, "", ["SNAPREV_THEME": "light"])
    #expect(Self.titleEscapes(light).contains("38;5;16"), "\(Self.titleEscapes(light).debugDescription)")
    #expect(!Self.titleEscapes(dark).contains("38;5;16") && Self.titleEscapes(dark).contains("1m"))
    #expect(fromVariable == light)
  }

  /// The escape sequences just before the preview title's "Login  iPad Air" on its line.
  static func titleEscapes(_ screen: String) -> String {
    guard let line = screen.split(separator: "\n").first(where: { $0.contains("Login") && $0.contains("iPad Air") && $0.contains("diff") }),
      let range = line.range(of: "│")
    else { return "" }
    let preview = line[range.upperBound...]
    guard let title = preview.range(of: "Login") else { return "" }
    return String(preview[..<title.lowerBound])
  }
}
