import Testing
import TextEscaping

@Suite struct TerminalUnsafeTests {
  /// The union of the six copies the set replaced (SafeText, the archive's Escape, YAML's
  /// two lists, both JSON writers), plus the zero-width characters.
  @Test func holdsEveryFormerlyEscapedScalar() {
    let expected: [ClosedRange<UInt32>] = [
      0x00...0x1F, 0x7F...0x9F,  // C0, DEL, C1 (NEL U+0085 and CSI U+009B among them)
      0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069,  // bidi controls
      0x2028...0x2029,  // line and paragraph separators
      0x200B...0x200D, 0xFEFF...0xFEFF,  // zero-width characters
    ]
    for range in expected {
      for value in range { #expect(TerminalUnsafe.contains(value: value), "U+\(String(value, radix: 16))") }
    }
    let count = expected.reduce(0) { $0 + $1.count }
    #expect(TerminalUnsafe.scalars.count == count)
  }

  /// `contains`, `ranges` and `occurs(in:)` agree on every scalar of the BMP and a sample above it.
  @Test func theThreeViewsOfTheSetAgree() {
    let members = Set(TerminalUnsafe.scalars.map(\.value))
    for value in UInt32(0)...0x1_00FF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let member = members.contains(value)
      #expect(TerminalUnsafe.contains(scalar) == member)
      if TerminalUnsafe.occurs(in: "ab" + String(scalar) + "c") != member {
        Issue.record("occurs(in:) disagrees at U+\(String(value, radix: 16))")
      }
    }
    #expect(!TerminalUnsafe.occurs(in: "Settings – Dark mode 設定 ✅ …"))
  }

  @Test func safeTextEscapesEveryMemberVisibly() {
    for scalar in TerminalUnsafe.scalars {
      let shown = SafeText.escaped("a" + String(scalar) + "b")
      #expect(!shown.unicodeScalars.contains(where: TerminalUnsafe.contains), "U+\(String(scalar.value, radix: 16))")
      #expect(shown.hasPrefix("a\\") && shown.hasSuffix("b"))
    }
    #expect(SafeText.escaped("a\u{200B}b\u{FEFF}") == "a\\u{200B}b\\u{FEFF}")
    #expect(SafeText.escaped("\u{061C}x") == "\\u{61C}x")
  }
}

@Suite struct VocabularyTests {
  @Test func hexReadsAndWrites() {
    #expect(Hex.string([0x00, 0xAB, 0xFF]) == "00abff")
    #expect(Hex.pair(0x0F) == "0f")
    #expect(Hex.value(of: UInt8(ascii: "F")) == 15 && Hex.value(of: UInt8(ascii: "g")) == nil)
    #expect(Hex.isLowercaseHex(UInt8(ascii: "a")) && !Hex.isLowercaseHex(UInt8(ascii: "A")))
    var out: [UInt8] = []
    Hex.appendDigits(of: 0x202E, count: 4, to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "202e")
  }

  @Test func strictUTF8AsPythonDecodesIt() {
    #expect(UTF8Text.isValid(Array("é😀".utf8)))
    #expect(!UTF8Text.isValid([0xC0, 0xAF]))  // overlong
    #expect(!UTF8Text.isValid([0xED, 0xA0, 0x80]))  // surrogate
    #expect(!UTF8Text.isValid([0xF4, 0x90, 0x80, 0x80]))  // above U+10FFFF
    #expect(UTF8Text.decodeWithEscapes([0x72, 0xFF, 0xC3, 0xA9, 0xE2, 0x82]) == "r\\xffé\\xe2\\x82")
    #expect(UTF8Text.decodeWithEscapes([0xE2, 0x61, 0x62]) == "\\xe2ab")
  }

  /// Code-point order is UTF-8 byte order; Swift's `<` on String is not (it compares
  /// canonically equivalent forms equal and orders by them).
  @Test func codePointOrderIsByteOrder() {
    let names = ["é.png", "e\u{301}.png", "Z.png", "a.png", "😀.png", "ｆ.png", "a.png\u{0}"]
    let sorted = names.sorted(by: CodePoint.precedes)
    #expect(sorted == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    #expect(CodePoint.precedes("e\u{301}", "é"))
    #expect(!CodePoint.precedes("a", "a"))
    #expect(CodePoint.precedes("a", "ab"))
  }
}
