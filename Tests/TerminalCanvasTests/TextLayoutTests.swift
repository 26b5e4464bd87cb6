import Testing
import TextEscaping

@testable import TerminalCanvas

/// Word wrap of long messages (errors naming long paths), counts and plurals.
struct TextLayoutTests {
  @Test func wrapsAtSpacesAndCutsLongWordsWithoutLosingText() {
    #expect(TextLayout.wrap("one two three", width: 7) == ["one two", "three"])
    let path = "/tmp/" + String(repeating: "x", count: 30) + "/visits/broken.json is unreadable"
    let lines = TextLayout.wrap(path, width: 20)
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
    #expect(lines.joined().filter { $0 != " " } == path.filter { $0 != " " })
    #expect(TextLayout.wrap("日本語日本語", width: 5).allSatisfy { DisplayWidth.of($0) <= 5 })
    #expect(TextLayout.wrap("a\u{1B}[2Jb", width: 40) == ["a\\e[2Jb"])
    #expect(TextLayout.wrap("anything", width: 0).isEmpty)
  }

  /// The one rule for a word longer than the line: it fills the room left on the current
  /// line, then continues on the next (not: starts on a fresh line).
  @Test func longWordFillsTheRestOfTheLine() {
    #expect(TextLayout.wrap("see abcdefghij", width: 8) == ["see abcd", "efghij"])
    #expect(TextLayout.wrap("abcdefghijkl x", width: 5) == ["abcde", "fghij", "kl x"])
    #expect(TextLayout.wrap("a  b", width: 3) == ["a b"])
    // A wide character that does not fit the room left moves to the next line whole.
    #expect(TextLayout.wrap("ab 日本語日本", width: 6) == ["ab 日", "本語日", "本"])
  }

  @Test func countsGroupThousandsAndPluralsAgree() {
    #expect(TextLayout.count(0) == "0")
    #expect(TextLayout.count(999) == "999")
    #expect(TextLayout.count(1000) == "1,000")
    #expect(TextLayout.count(40_080_000) == "40,080,000")
    #expect(TextLayout.count(-12345) == "-12,345")
    #expect(TextLayout.plural(1, "match", "matches") == "match")
    #expect(TextLayout.plural(0, "match", "matches") == "matches")
    #expect(TextLayout.plural(2, "alias", "aliases") == "aliases")
  }
}
