import SWHModel
import SWHTestSupport
import TestSupport
import Testing
import TextEscaping

@Suite struct NameEncodingTests {
  /// Expected strings printed by swh.core 5.0.1 `decode_with_escape`.
  @Test(arguments: [
    ("e282", "\\xe2\\x82"),
    ("e28241", "\\xe2\\x82A"),
    ("f0908041", "\\xf0\\x90\\x80A"),
    ("e08080", "\\xe0\\x80\\x80"),
    ("eda080", "\\xed\\xa0\\x80"),
    ("f4908080", "\\xf4\\x90\\x80\\x80"),
    ("c0af", "\\xc0\\xaf"),
    ("615c620063", "a\\\\b\\x00c"),
    ("fffe", "\\xff\\xfe"),
    ("6f6bc3a9", "ok\u{e9}"),
    ("f09f9880f09f", "\u{1F600}\\xf0\\x9f"),
    ("80bf", "\\x80\\xbf"),
  ])
  func decodeWithEscapeMatchesSwhCore(hex: String, expected: String) throws {
    let bytes = try #require(SWHTestData.bytes(hex: hex))
    let decoded = NameEncoding.decodeWithEscape(bytes)
    #expect(decoded == expected)
    // And it is undone exactly.
    #expect(try NameEncoding.encodeWithUnescape(decoded) == bytes)
  }

  @Test func unescapeRejectsOtherEscapes() throws {
    #expect(throws: NameEncodingError.invalidEscape(position: 1)) { try NameEncoding.encodeWithUnescape("a\\nb") }
    #expect(throws: NameEncodingError.invalidEscape(position: 0)) { try NameEncoding.encodeWithUnescape("\\xZZ") }
    #expect(try NameEncoding.encodeWithUnescape("trailing\\") == Array("trailing\\".utf8))
  }

  @Test func plainDecodeRefusesInvalidUTF8() {
    #expect(NameEncoding.decodeUTF8([0x61, 0xFF]) == nil)
    #expect(NameEncoding.decodeUTF8(Array("a\\b".utf8)) == "a\\b")
  }

  @Test func terminalEscapingHidesControlsAndInvalidBytes() {
    let name: [UInt8] = Array("evil\u{1b}[2J".utf8) + [0xFF] + Array("\u{9b}31m\u{202e}".utf8)
    let shown = SafeText.escaped(bytes: name)
    #expect(shown == "evil\\e[2J\\xff\\x9b31m\\u{202E}")
    #expect(!hasRawControl(shown, allowingNewlines: false))
  }
}
