import Testing
import TextEscaping

@testable import TerminalCanvas

struct SafeTextTests {
  @Test func plainTextIsUnchanged() {
    #expect(SafeText.escaped("Settings – Dark mode 設定 ✅") == "Settings – Dark mode 設定 ✅")
  }

  @Test func escapeSequencesBecomeVisibleText() {
    let hostile = "evil\u{1B}]0;pwned\u{07}\u{1B}[2Jname"
    let shown = SafeText.escaped(hostile)
    #expect(shown == "evil\\e]0;pwned\\x07\\e[2Jname")
    #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
  }

  @Test func c1ControlsAndBidiOverridesAreEscaped() {
    #expect(SafeText.escaped("a\u{9B}31mb") == "a\\x9b31mb")
    #expect(SafeText.escaped("abc\u{202E}gnp.exe") == "abc\\u{202E}gnp.exe")
    #expect(SafeText.escaped("line\nbreak\ttab\r") == "line\\nbreak\\ttab\\r")
    #expect(SafeText.escaped("del\u{7F}") == "del\\x7f")
  }

  @Test func invalidUTF8BytesShowAsHex() {
    let bytes: [UInt8] = [0x72, 0x65, 0x66, 0xFF, 0x2F, 0xC3, 0xA9, 0xE2, 0x82]
    #expect(SafeText.escaped(bytes: bytes) == "ref\\xff/é\\xe2\\x82")
  }

  @Test func validBytesAfterABadLeadByteSurvive() {
    // 0xE2 starts a 3-byte sequence, but "ab" follows: only 0xE2 is escaped.
    #expect(UTF8Text.decodeWithEscapes([0xE2, 0x61, 0x62]) == "\\xe2ab")
    // Overlong encodings and surrogates are invalid UTF-8.
    #expect(UTF8Text.decodeWithEscapes([0xC0, 0xAF]) == "\\xc0\\xaf")
    #expect(UTF8Text.decodeWithEscapes([0xED, 0xA0, 0x80]) == "\\xed\\xa0\\x80")
  }
}

struct DisplayWidthTests {
  @Test func widths() {
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("設定") == 4)
    #expect(DisplayWidth.of("e\u{301}") == 1)  // combining acute
    #expect(DisplayWidth.of("👍") == 2)
    #expect(DisplayWidth.of("👨‍👩‍👧") == 2)  // one ZWJ grapheme
    #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
  }

  /// ASCII takes the fast paths: one column a character, CR LF one character; a combining
  /// mark after ASCII still rides on it.
  @Test func asciiIsOneColumnACharacter() {
    for value in 0..<0x80 {
      let text = String(Character(Unicode.Scalar(UInt8(value))))
      #expect(DisplayWidth.of(text) == 1, "U+\(String(value, radix: 16))")
    }
    #expect(DisplayWidth.of("a\r\nb") == 3)
    #expect(DisplayWidth.of("cafe\u{301} ok") == 7)
    #expect(DisplayWidth.of(String(repeating: "x", count: 300)) == 300)
    #expect(DisplayWidth.of("") == 0)
  }

  @Test func truncationReservesTheEllipsisColumn() {
    #expect(DisplayWidth.truncate("screenshot.png", to: 8) == "screens…")
    #expect(DisplayWidth.truncate("設定画面", to: 5) == "設定…")
    #expect(DisplayWidth.of(DisplayWidth.truncate("設定画面", to: 6)) <= 6)
    #expect(DisplayWidth.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
    #expect(DisplayWidth.truncate("short", to: 10) == "short")
    #expect(DisplayWidth.truncate("x", to: 0) == "")
  }

  @Test func middleShorteningKeepsBothEnds() {
    let shortened = DisplayWidth.shortenMiddle("iphone-15/settings/dark-mode.png", to: 15)
    #expect(DisplayWidth.of(shortened) <= 15)
    #expect(shortened.hasPrefix("iphone-"))
    #expect(shortened.hasSuffix(".png"))
    #expect(shortened.contains("…"))
  }
}
