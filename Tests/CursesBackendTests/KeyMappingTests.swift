import TerminalCanvas
import Testing

@testable import CursesBackend

/// ncurses key codes (as the shim reports them, cursesshim.h) to `Key`.
struct KeyMappingTests {
  // The shim's CURSESSHIM_KEY_* numbers (cursesshim.h); tests do not import the C module.
  static let none: Int32 = 0

  @Test func plainCharactersAndControlKeys() {
    #expect(CursesTerminal.key(special: Self.none, character: 27) == .escape)
    #expect(CursesTerminal.key(special: Self.none, character: 9) == .tab)
    #expect(CursesTerminal.key(special: Self.none, character: 10) == .enter)
    #expect(CursesTerminal.key(special: Self.none, character: 13) == .enter)
    #expect(CursesTerminal.key(special: Self.none, character: 127) == .backspace)
    #expect(CursesTerminal.key(special: Self.none, character: 8) == .backspace)
    #expect(CursesTerminal.key(special: Self.none, character: 3) == .control("c"))
    #expect(CursesTerminal.key(special: Self.none, character: 4) == .control("d"))
    #expect(CursesTerminal.key(special: Self.none, character: 106) == .character("j"))
    #expect(CursesTerminal.key(special: Self.none, character: 0x8A2D) == .character("設"))
    // A surrogate is no scalar: dropped rather than crashing.
    #expect(CursesTerminal.key(special: Self.none, character: 0xD800) == nil)
  }

  @Test func specialKeys() {
    let expected: [(Int32, Key)] = [
      (1, .up), (2, .down), (3, .left), (4, .right), (5, .home), (6, .end), (7, .pageUp), (8, .pageDown),
      (9, .enter), (10, .backspace), (11, .delete), (12, .backTab), (101, .function(1)), (112, .function(12)),
    ]
    for (code, key) in expected {
      #expect(CursesTerminal.key(special: code, character: 0) == key, "code \(code)")
    }
    #expect(CursesTerminal.key(special: 99, character: 0) == nil)  // CURSESSHIM_KEY_UNKNOWN
  }
}
