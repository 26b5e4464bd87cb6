import TerminalCanvas
import Testing

/// SGR mouse reports decoded from the keys ncurses hands over.
struct MouseTests {
  static func keys(_ text: String) -> [Key] {
    text.map { $0 == "\u{1B}" ? .escape : .character($0) }
  }

  @Test func pressReleaseAndWheelBecomeMouseEventsInZeroBasedCells() {
    let decoded = SGRMouse.decode(Self.keys("\u{1B}[<0;12;5M\u{1B}[<0;12;5m\u{1B}[<64;1;1M\u{1B}[<65;300;80M"))
    #expect(decoded.pending.isEmpty)
    #expect(
      decoded.events == [
        .mouse(MouseEvent(.press(button: 0), x: 11, y: 4)), .mouse(MouseEvent(.release, x: 11, y: 4)),
        .mouse(MouseEvent(.wheel(up: true), x: 0, y: 0)), .mouse(MouseEvent(.wheel(up: false), x: 299, y: 79)),
      ])
  }

  @Test func keysAroundAReportStayKeysInOrder() {
    let decoded = SGRMouse.decode(Self.keys("j\u{1B}[<2;3;4Mk"))
    #expect(decoded.events == [.key(.character("j")), .mouse(MouseEvent(.press(button: 2), x: 2, y: 3)), .key(.character("k"))])
  }

  @Test func modifiersAreIgnoredAndMotionIsDropped() {
    // 4 is Shift, 16 Ctrl; 32 marks motion with a button held (drag), which nothing uses.
    let decoded = SGRMouse.decode(Self.keys("\u{1B}[<20;7;8M\u{1B}[<32;9;9M"))
    #expect(decoded.events == [.mouse(MouseEvent(.press(button: 0), x: 6, y: 7))])
  }

  @Test func aReportCutOffAtTheEndIsPending() {
    let decoded = SGRMouse.decode(Self.keys("x\u{1B}[<0;12"))
    #expect(decoded.events == [.key(.character("x"))])
    #expect(decoded.pending == Self.keys("\u{1B}[<0;12"))
    let rest = SGRMouse.decode(decoded.pending + Self.keys(";5M"))
    #expect(rest.events == [.mouse(MouseEvent(.press(button: 0), x: 11, y: 4))] && rest.pending.isEmpty)
  }

  @Test func escapeAndLookalikesStayKeys() {
    #expect(SGRMouse.decode([.escape]).events == [] && SGRMouse.decode([.escape]).pending == [.escape])
    #expect(SGRMouse.decode([.escape, .character("j")]).events == [.key(.escape), .key(.character("j"))])
    // Not a report: a letter where a digit belongs, a fourth number, a zero coordinate.
    #expect(SGRMouse.decode(Self.keys("\u{1B}[<0;x;5M")).events.count == 9)
    #expect(SGRMouse.decode(Self.keys("\u{1B}[<0;1;2;3M")).events.count == 11)
    #expect(SGRMouse.decode(Self.keys("\u{1B}[<0;0;5M")).events.isEmpty)
  }

  @Test func rectContainsItsCellsOnly() {
    let rect = Rect(x: 2, y: 3, width: 4, height: 2)
    #expect(rect.contains(x: 2, y: 3) && rect.contains(x: 5, y: 4))
    #expect(!rect.contains(x: 6, y: 4) && !rect.contains(x: 5, y: 5) && !rect.contains(x: 1, y: 3))
  }
}
