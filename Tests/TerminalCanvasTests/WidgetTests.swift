import Testing

@testable import TerminalCanvas
@testable import TerminalWidgets

/// The screen chrome both UIs share.
struct WidgetTests {
  enum Command: Hashable, Sendable { case down, up, quit }
  enum Context: String, Hashable, Sendable { case list, global, empty }

  static let keymap = Keymap<Command, Context>([
    KeyBinding([.character("j"), .down], .down, .list, help: "Next row", hint: .init("j/k", "move")),
    KeyBinding([.character("k")], .up, .list, help: "Previous row"),
    KeyBinding([.character("q")], .quit, .global, help: "Quit", hint: .init("q", "quit")),
  ])

  @Test func helpOverlayListsSectionsAndCountsItsOwnLines() {
    let help = HelpOverlay(
      keymap: Self.keymap, order: [.list, .empty, .global], title: \.rawValue,
      extraLines: [.global: [(keys: "a-z…", text: "Type")]])
    #expect(help.lines.map(\.text) == ["list", "Next row", "Previous row", "", "global", "Quit", "Type"])
    #expect(help.lines.map(\.keys) == ["", "j ↓", "k", "", "", "q", "a-z…"])
    #expect(help.lineCount == 7)
    #expect(help.scroll(0, by: -1) == 0)
    #expect(help.scroll(5, by: 1) == 6)
    #expect(help.scroll(6, by: 1) == 6)
  }

  @Test func helpOverlayBoxIsCappedAtItsWidthAndShowsTheScrollPosition() {
    let help = HelpOverlay(keymap: Self.keymap, order: [.list, .global], title: \.rawValue)
    // One width for both UIs: 90 columns on a wide screen, centred.
    var canvas = Canvas(width: 120, height: 8)
    help.draw(scroll: 1, into: &canvas)
    let top = canvas.lines[1]
    #expect(HelpOverlay.width == 90)
    #expect(top.hasPrefix(String(repeating: " ", count: 15) + "╭"))
    #expect(DisplayWidth.of(top.trimmingTrailingSpaces) == 105)
    // A narrower screen gets a box 2 columns narrower than itself.
    var narrow = Canvas(width: 60, height: 8)
    help.draw(scroll: 1, into: &narrow)
    #expect(narrow.lines[1].hasPrefix(" ╭"))
    #expect(DisplayWidth.of(narrow.lines[1].trimmingTrailingSpaces) == 59)
    // 6 lines in a box of 6 rows (4 inside): rows 2–5 are shown, and the box says so.
    #expect(canvas.lines[2].contains("Next row"))
    #expect(canvas.lines[3].contains("Previous row"))
    #expect(canvas.lines[6].contains("2–5/6"))
  }

  @Test func footerShowsTheMessageElseTheHints() {
    var canvas = Canvas(width: 30, height: 1)
    Footer(message: nil, keymap: Self.keymap, contexts: [.list, .global]).draw(y: 0, width: 30, into: &canvas)
    #expect(canvas.lines[0] == " j/k move  q quit" + String(repeating: " ", count: 13))
    Footer(message: StatusMessage("Saved", .success), keymap: Self.keymap, contexts: [.list])
      .draw(y: 0, width: 30, into: &canvas)
    #expect(canvas.lines[0].hasPrefix(" Saved "))
    #expect(canvas[1, 0].style.role == .success)
    #expect(StatusMessage("x", .error).role == .errored)
    #expect(StatusMessage("x").role == .footer)
  }

  @Test func tooSmallAndLoadingScreens() {
    #expect(Chrome.isTooSmall(width: 59, height: 40))
    #expect(Chrome.isTooSmall(width: 80, height: 14))
    #expect(!Chrome.isTooSmall(width: 60, height: 15))
    var canvas = Canvas(width: 30, height: 5)
    TooSmallScreen(width: 30, height: 5).draw(into: &canvas)
    #expect(canvas.lines[1].contains("Terminal too small"))
    #expect(canvas.lines[2].contains("30×5, needs 60×15"))
    var loading = Canvas(width: 20, height: 6)
    LoadingScreen(title: "t", text: "a fairly long reason here", role: .errored, footer: Footer(message: nil, hints: []))
      .draw(width: 20, height: 6, into: &loading)
    #expect(loading.lines[2] == "  a fairly long     ")
    #expect(loading.lines[3] == "  reason here       ")
  }

  @Test func frameReusesOrResizesTheCanvas() {
    var canvas = Canvas(width: 4, height: 2)
    canvas.put("abcd", x: 0, y: 0)
    Chrome.frame(&canvas, width: 4, height: 2)
    #expect(canvas.lines == ["    ", "    "])
    Chrome.frame(&canvas, width: 0, height: 0)
    #expect(canvas.width == 0 && canvas.height == 0)
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
