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
