import JSONCore
import TextEscaping
import Testing

/// The parts both stores share: ordered objects, parser options, the pull scanner, the
/// writer's styles and its escaping.
@Suite struct JSONCoreTests {
  @Test func documentOrderKeepsTheOrderAndPythonsDuplicateRule() throws {
    let value = try JSONParser.parse(Array(#"{"b": 1, "a": 2, "b": 3}"#.utf8), options: .documentOrder)
    let object = try #require(value.objectValue)
    #expect(object.keys == ["b", "a"])
    #expect(object["b"] == .int(3))  // first place, last value (Python's dict)
    #expect(!object.isSortedByCodePoint)
    #expect(object.sortedByCodePoint().keys == ["a", "b"])
  }

  @Test func storeOptionsSortAndRefuseDuplicatesWithTheOffset() throws {
    let sorted = try JSONParser.parse(Array(#"{"é": 1, "z": 2, "a": 3}"#.utf8), options: .store)
    #expect(sorted.objectValue?.keys == ["a", "z", "é"])
    #expect(sorted.objectValue?.isSortedByCodePoint == true)
    #expect {
      _ = try JSONParser.parse(Array(#"{"b": 1, "a": 2, "b": 3}"#.utf8), options: .store)
    } throws: { error in
      guard let error = error as? JSONError else { return false }
      return error.message == "duplicate key \"b\"" && error.offset == 17
    }
  }

  @Test func depthLimitIsAnOption() throws {
    let nested = { (levels: Int) in Array((String(repeating: "[", count: levels) + String(repeating: "]", count: levels)).utf8) }
    let options = JSONParseOptions(maxDepth: 3, duplicateKeys: .reject, sortKeys: true)
    #expect(try JSONParser.parse(nested(3), options: options) == .array([.array([.array([])])]))
    #expect {
      _ = try JSONParser.parse(nested(4), options: options)
    } throws: { error in
      (error as? JSONError)?.message == "nested deeper than 3"
    }
  }

  @Test func errorsCarryOffsetLineAndColumn() {
    #expect {
      _ = try JSONParser.parse(Array("{\n  \"a\": tru\n}".utf8))
    } throws: { error in
      guard let error = error as? JSONError else { return false }
      return error.offset == 9 && error.line == 2 && error.column == 8
        && error.description == "unexpected character at byte 9"
        && error.lineDescription == "unexpected character at line 2, column 8"
    }
  }

  @Test func largeObjectsBinarySearchAndStaySorted() {
    var object = JSONObject()
    for index in (0..<100).reversed() { object["k\(index)"] = .int(index) }
    #expect(object.isSortedByCodePoint)
    #expect(object.keys == object.keys.sorted(by: CodePoint.precedes))
    #expect(object["k42"] == .int(42) && object["k100"] == nil)
    object["k42"] = nil
    #expect(object.count == 99 && object["k42"] == nil)
    var ordered = JSONObject(ordered: [("z", .int(1)), ("a", .int(2))])
    ordered["m"] = .int(3)
    #expect(ordered.keys == ["z", "a", "m"])
  }

  @Test func scannerStreamsMembersWithoutATree() throws {
    let bytes = Array(#" {"branches": {"a\u0000b": "x\\y", "c": null}, "n": [1, {"d": []}] } "#.utf8)
    var names: [[UInt8]] = []
    try bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      var text: [UInt8] = []
      try scanner.enterContainer()
      try scanner.readString(into: &text)
      #expect(text == Array("branches".utf8))
      try scanner.expect(UInt8(ascii: ":"), "':'")
      try scanner.enterContainer()
      repeat {
        try scanner.readString(into: &text)
        names.append(text)
        try scanner.expect(UInt8(ascii: ":"), "':'")
        if try !scanner.consumeNull() { try scanner.skipValue() }
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.leaveContainer(UInt8(ascii: "}"))
      let more = scanner.consume(UInt8(ascii: ","))
      #expect(more)
      try scanner.skipValue()  // "n"
      try scanner.expect(UInt8(ascii: ":"), "':'")
      try scanner.skipValue()
      try scanner.leaveContainer(UInt8(ascii: "}"))
      try scanner.expectEnd()
    }
    #expect(names == [[0x61, 0x00, 0x62], [0x63]])
  }

  @Test func skippingAStringChecksItAsReadingDoes() throws {
    for text in [#""plain""#, #""esc\"aped""#, #""café""#, "\"caf\u{E9}\"", "\"ctl\u{01}\"", #""open"#, "\"bad\u{FF}\""] {
      let bytes = Array(text.utf8).map { $0 == 0xC3 && text.contains("\u{FF}") ? 0xFF : $0 }
      let skipped = bytes.withUnsafeBufferPointer { buffer in
        var scanner = JSONScanner(buffer)
        return Result { () throws(JSONError) in try scanner.skipString(); return scanner.position }
      }
      let read = bytes.withUnsafeBufferPointer { buffer in
        var scanner = JSONScanner(buffer)
        var out: [UInt8] = []
        return Result { () throws(JSONError) in try scanner.readString(into: &out); return scanner.position }
      }
      #expect(skipped == read, "\(text)")
    }
  }

  @Test func objectsNestedInListsAtEveryDepthParse() throws {
    let text = #"[[{"a": [{"b": {"c": 1}}, {"d": 2}]}], {"e": {}}, [], {"f": [[{"g": null}]]}]"#
    let value = try JSONParser.parse(Array(text.utf8))
    #expect(JSONWriter.string(value, style: .storeInline) == #"[[{"a":[{"b":{"c":1}},{"d":2}]}],{"e":{}},[],{"f":[[{"g":null}]]}]"#)
    #expect(throws: JSONError.self) { try JSONParser.parse(Array(#"[{"a": 1, "b": {"x": 1, "x": 2}}]"#.utf8)) }
    let documentOrder = try JSONParser.parse(Array(#"[{"b": 1, "a": {"z": 1, "y": 2}}]"#.utf8), options: .documentOrder)
    #expect(JSONWriter.string(documentOrder, style: .compactDRF) == #"[{"b":1,"a":{"z":1,"y":2}}]"#)
  }

  @Test func stylesLayOutTheSameValueTheirWay() {
    let value: JSONValue = .object(JSONObject(ordered: [("b", .double(1)), ("a", .array([.string("x\u{8}")]))]))
    #expect(JSONWriter.string(value, style: .compactDRF) == #"{"b":1.0,"a":["x\b"]}"#)
    #expect(JSONWriter.string(value, style: .storeInline) == #"{"a":["x\u0008"],"b":1.0}"#)
    #expect(JSONWriter.string(value, style: .storePretty) == "{\n  \"a\": [\n    \"x\\u0008\"\n  ],\n  \"b\": 1.0\n}\n")
    #expect(JSONWriter.string(value, style: .foundationPretty) == "{\n  \"a\" : [\n    \"x\\b\"\n  ],\n  \"b\" : 1\n}")
  }

  /// Written in pieces, a document is the same bytes: every piece but the last holds at
  /// least the asked size, and a piece ends between items or members.
  @Test(arguments: [JSONWriter.Style.storePretty, .storeInline, .compactDRF, .foundationPretty])
  func piecesConcatenateToTheWholeDocument(style: JSONWriter.Style) {
    let item: (Int) -> JSONValue = { index in
      .object(["name": .string("flows/screen-\(index)\u{7}.png"), "size": .int(index), "tags": .array([.double(0.5), .null, .array([.int(index), .string("t")])])])
    }
    let value: JSONValue = .object(["images": .array((0..<500).map(item)), "count": .int(500), "nested": .array([.array((0..<50).map(item))])])
    let whole = JSONWriter.bytes(value, style: style)
    for pieceBytes in [1, 100, 4096, 1 << 20] {
      // Long arrays written on two threads too (from 2, 7 and 50 items, and never).
      for parallelItems in [2, 7, 50, Int.max] {
        var pieces: [[UInt8]] = []
        JSONWriter.write(value, style: style, pieceBytes: pieceBytes, parallelItems: parallelItems) { pieces.append($0) }
        #expect(pieces.flatMap { $0 } == whole, "pieces of \(pieceBytes), arrays of \(parallelItems) in parallel")
        #expect(pieces.dropLast().allSatisfy { $0.count >= pieceBytes })
        #expect(pieceBytes >= whole.count ? pieces.count == 1 : pieces.count > 1)
      }
    }
  }

  /// An array literal of pairs is written in its order (API bodies); a dictionary literal,
  /// which has none, is sorted by code point.
  @Test func literalsOfPairsKeepTheirOrder() {
    let ordered: JSONObject = [("id", .int(1)), ("branches", .object([])), ("b", .null), ("b", .bool(true))]
    #expect(ordered.keys == ["id", "branches", "b", "b"])
    #expect(!ordered.isSortedByCodePoint)
    #expect(ordered["b"] == .null)  // the first of a repeated key, as lookups do
    #expect(JSONWriter.string(.object(ordered), style: .compactDRF) == #"{"id":1,"branches":{},"b":null,"b":true}"#)
    let sorted: JSONObject = ["id": .int(1), "branches": .object([:])]
    #expect(sorted.keys == ["branches", "id"])
  }

  /// Every terminal-unsafe scalar comes out as a `\u` escape (or a short one) in every
  /// style, and reads back as the same string.
  @Test(arguments: [JSONWriter.Style.storePretty, .storeInline, .compactDRF, .foundationPretty])
  func everyStyleEscapesEveryUnsafeScalar(style: JSONWriter.Style) throws {
    for scalar in TerminalUnsafe.scalars {
      let text = "a" + String(scalar) + "\"\\z"
      let written = JSONWriter.string(.object(["k" + String(scalar): .string(text)]), style: style)
      #expect(!written.unicodeScalars.contains { TerminalUnsafe.contains($0) && $0 != "\n" })
      let back = try JSONParser.parse(Array(written.utf8))
      #expect(back["k" + String(scalar)] == .string(text))
    }
  }
}
