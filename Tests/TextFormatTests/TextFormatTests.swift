import Testing
import TextFormat

struct PrintfTests {
  @Test func numbersAsCFormatsThem() {
    #expect(String(printf: "%.1f%%", 12.345) == "12.3%")
    #expect(String(printf: "%.2g%%", 0.000123) == "0.00012%")
    #expect(String(printf: "%8.2f|", 3.14159) == "    3.14|")
    #expect(String(printf: "%ld images, %.0f MB", 42, 12.6) == "42 images, 13 MB")
    #expect(String(printf: "%.*f", Int32(3), 2.0) == "2.000")
    #expect(String(printf: "%02x%02X", UInt32(10), UInt32(171)) == "0aAB")
  }

  /// Longer than the first 64-byte buffer: the second pass writes it whole.
  @Test func longResultsAreWhole() {
    let text = String(printf: "%0200.3f", 1.5)
    #expect(text.count == 200)
    #expect(text.hasSuffix("0001.500"))
    #expect(text.allSatisfy { $0 == "0" || $0 == "1" || $0 == "." || $0 == "5" })
  }
}

struct TrimmingTests {
  @Test func whitespaceIsTabAndSpaceSeparators() {
    #expect(" \t alice smith \u{3000}\u{A0}".trimmingWhitespace() == "alice smith")
    #expect("\nalice\n".trimmingWhitespace() == "\nalice\n")
    #expect(" \t ".trimmingWhitespace() == "")
    #expect("".trimmingWhitespace() == "")
  }

  @Test func newlinesToo() {
    #expect("\r\n 8f3a\u{2028}\u{85}\n".trimmingWhitespaceAndNewlines() == "8f3a")
    #expect("a\nb".trimmingWhitespaceAndNewlines() == "a\nb")
  }

  /// A combining mark after a trimmed space stays (scalars are trimmed, not characters).
  @Test func scalarsNotCharacters() {
    #expect("e\u{301} ".trimmingWhitespace() == "e\u{301}")
  }
}
