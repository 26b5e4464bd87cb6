import TerminalCanvas
import Testing

@testable import BrowseUI

/// Word wrap of long messages (errors naming long paths).
struct BrowseWrapTests {
  @Test func wrapsAtSpacesAndCutsLongWordsWithoutLosingText() {
    #expect(BrowseFormat.wrap("one two three", width: 7) == ["one two", "three"])
    let path = "/tmp/" + String(repeating: "x", count: 30) + "/visits/broken.json is unreadable"
    let lines = BrowseFormat.wrap(path, width: 20)
    #expect(lines.allSatisfy { DisplayWidth.of($0) <= 20 })
    #expect(lines.joined().replacingOccurrences(of: " ", with: "") == path.replacingOccurrences(of: " ", with: ""))
    #expect(BrowseFormat.wrap("日本語日本語", width: 5).allSatisfy { DisplayWidth.of($0) <= 5 })
    #expect(BrowseFormat.wrap("a\u{1B}[2Jb", width: 40) == ["a\\e[2Jb"])
    #expect(BrowseFormat.wrap("anything", width: 0).isEmpty)
  }
}
