import TestSupport
import Testing

import JSONCore

@Suite struct StoreJSONTests {
  private func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8), options: .store)
  }

  @Test func parsesEveryKindAndKeepsIntegersApartFromFloats() throws {
    let value = try parse(#"{"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}}"#)
    #expect(value["a"] == .array([.int(1), .int(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null]))
    #expect(value["b"]?["c"] == .string("d\né😀"))
  }

  @Test func writesSortedPrettyOutputThatParsesBack() throws {
    let value: JSONValue = .object([
      "zeta": .int(1), "alpha": .array([]), "mid": .object([:]), "é": .double(0.25), "Z": .string("x"),
    ])
    let text = JSONWriter.string(value, style: .storePretty)
    #expect(
      text == """
        {
          "Z": "x",
          "alpha": [],
          "mid": {},
          "zeta": 1,
          "é": 0.25
        }

        """)
    #expect(try parse(text) == value)
  }

  @Test func escapesControlCharactersDELAndC1SoTerminalsCannotObeyThem() throws {
    let hostile = "a\u{1B}[31mred\u{7F}\u{9B}2Jb\"\\"
    let text = JSONWriter.string(.string(hostile), style: .storeInline)
    #expect(text == #""a\u001b[31mred\u007f\u009b2Jb\"\\""#)
    #expect(!hasRawControl(text, allowingNewlines: false))
    #expect(try parse(text) == .string(hostile))
  }

  @Test(arguments: [
    ("", "empty file"),
    (#"{"a": 1"#, "truncated"),
    (#"{"a": [1, 2"#, "truncated"),
    (#"{"a": "abc"#, "truncated"),
    (#"{"a": 1,}"#, "expected a quoted key"),
    (#"{"a": 1, "a": 2}"#, "duplicate key"),
    (#"[1] x"#, "unexpected text"),
    (#"{"a": 01}"#, "expected ','"),
    (#"{"a": "\ud800"}"#, "unpaired surrogate"),
    ("{\"a\": \"tab\there\"}", "control character"),
  ])
  func rejectsBadDocuments(text: String, expected: String) {
    #expect {
      _ = try JSONParser.parse(Array(text.utf8), options: .store)
    } throws: { error in
      (error as? JSONError)?.message.contains(expected) == true
    }
  }

  @Test func rejectsInvalidUTF8AndDeepNesting() {
    #expect(throws: JSONError.self) { _ = try JSONParser.parse([0x22, 0xFF, 0x22], options: .store) }
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(throws: JSONError.self) { _ = try JSONParser.parse(Array(deep.utf8), options: .store) }
  }
}
