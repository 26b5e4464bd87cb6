import TextEscaping

/// The one JSON lexer: a pull reader over bytes (RFC 8259, strict: valid UTF-8 only, no
/// comments). The archive reads a page of a million branches through it straight into a
/// builder without building a tree; `JSONParser` builds trees on the same primitives.
public struct JSONScanner: ~Copyable {
  public let bytes: UnsafeBufferPointer<UInt8>
  public var position = 0
  /// How many arrays and objects may be open at once (so hostile input cannot overflow the stack).
  public let maxDepth: Int
  private(set) var depth = 0
  /// Per open object, the members read so far (and where each key started, for errors).
  /// Reused across objects, so an object costs one allocation, its exact-size member array,
  /// instead of the four or five of an array grown by doubling to a dozen members: 150,000
  /// objects in `show`'s three store files (docs/PERFORMANCE.md, "Snapshot details").
  var memberScratch: [[JSONObject.Member]] = []
  var keyOffsetScratch: [[Int]] = []

  public init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = 512) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  public func error(_ message: String, at offset: Int? = nil) -> JSONError {
    JSONError.at(offset ?? position, in: bytes, message)
  }

  public var isAtEnd: Bool { position >= bytes.count }

  @inline(__always)
  public mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  /// The next byte after whitespace, not consumed.
  public mutating func peek() -> UInt8? {
    skipWhitespace()
    return position < bytes.count ? bytes[position] : nil
  }

  public mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
    guard peek() == byte else { throw error("expected \(what)") }
    position += 1
  }

  /// Consumes `byte` if it is next.
  public mutating func consume(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    position += 1
    return true
  }

  public mutating func expectEnd() throws(JSONError) {
    if peek() != nil { throw error("unexpected text after the JSON value") }
  }

  /// `null`, consumed if next.
  public mutating func consumeNull() throws(JSONError) -> Bool {
    guard peek() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  /// Opens an array or object: consumes its bracket and counts the depth.
  public mutating func enterContainer() throws(JSONError) {
    guard let byte = peek(), byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else {
      throw isAtEnd ? missingValue() : error("expected an object or a list")
    }
    depth += 1
    if depth > maxDepth { throw error("nested deeper than \(maxDepth)") }
    position += 1
  }

  /// Closes what `enterContainer` opened: expects `byte` (`]` or `}`).
  public mutating func leaveContainer(_ byte: UInt8) throws(JSONError) {
    guard peek() == byte else {
      if position >= bytes.count {
        throw error(byte == UInt8(ascii: "}") ? "truncated JSON (unclosed object)" : "truncated JSON (unclosed list)")
      }
      throw error(byte == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
    }
    position += 1
    depth -= 1
  }

  /// Why no value starts here.
  func missingValue() -> JSONError {
    if position >= bytes.count {
      return error(position == 0 ? "empty file" : "truncated JSON (ends in the middle of a value)")
    }
    return error("unexpected character")
  }

  public mutating func literal(_ word: StaticString) throws(JSONError) {
    let count = word.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw error("truncated JSON") }
    let expected = word.utf8Start
    for offset in 0..<count where bytes[position + offset] != expected[offset] {
      throw error("unexpected character")
    }
    position += count
  }

  // MARK: strings

  /// Reads a string as text. The common case, no escapes, is decoded in place.
  public mutating func readString() throws(JSONError) -> String {
    guard peek() == UInt8(ascii: "\"") else { throw error(isAtEnd ? "truncated JSON" : "expected a quoted key") }
    position += 1
    let start = position
    var plainASCII = true
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        if plainASCII { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else {
          throw error("string is not valid UTF-8", at: start)
        }
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("control character in string") }
      if byte >= 0x80 { plainASCII = false }
      position += 1
    }
    guard position < bytes.count else { throw error("truncated JSON (unclosed string)") }
    // The slow path, once a backslash was seen.
    var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
    try readStringRest(into: &utf8, start: start)
    guard let text = String(validating: utf8, as: UTF8.self) else {
      throw error("string is not valid UTF-8", at: start)
    }
    return text
  }

  /// Reads a string, appending its UTF-8 bytes to `out` (cleared first): no `String` is
  /// made, so a million branch names cost no allocations beyond the buffer.
  public mutating func readString(into out: inout [UInt8]) throws(JSONError) {
    out.removeAll(keepingCapacity: true)
    guard peek() == UInt8(ascii: "\"") else { throw error(isAtEnd ? "truncated JSON" : "expected a string") }
    let start = position + 1
    position += 1
    try readStringRest(into: &out, start: start)
    guard UTF8Text.isValid(out) else { throw error("string is not valid UTF-8", at: start) }
  }

  /// From inside a string to past its closing quote: plain runs are copied, escapes decoded.
  private mutating func readStringRest(into out: inout [UInt8], start: Int) throws(JSONError) {
    while true {
      let runStart = position
      while position < bytes.count {
        let byte = bytes[position]
        if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
        position += 1
      }
      if position > runStart {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
      }
      guard position < bytes.count else { throw error("truncated JSON (unclosed string)") }
      let byte = bytes[position]
      if byte == 0x22 {
        position += 1
        return
      }
      if byte < 0x20 { throw error("control character in string") }
      try readEscape(into: &out)
    }
  }

  /// At a backslash: appends the escaped character's UTF-8.
  private mutating func readEscape(into out: inout [UInt8]) throws(JSONError) {
    position += 1
    guard position < bytes.count else { throw error("truncated JSON (unclosed string)") }
    let letter = bytes[position]
    position += 1
    switch letter {
    case UInt8(ascii: "\""): out.append(0x22)
    case UInt8(ascii: "\\"): out.append(0x5C)
    case UInt8(ascii: "/"): out.append(0x2F)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      let scalar = try unicodeEscape()
      UTF8.encode(scalar) { out.append($0) }
    default:
      position -= 1
      throw error("invalid escape")
    }
  }

  /// After `\u`: one code unit, or a surrogate pair written as two escapes.
  private mutating func unicodeEscape() throws(JSONError) -> Unicode.Scalar {
    let first = try hex4()
    if (0xD800...0xDBFF).contains(first) {
      guard position + 2 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
      else { throw error("unpaired surrogate in \\u escape") }
      position += 2
      let second = try hex4()
      guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in \\u escape") }
      let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape") }
      return scalar
    }
    guard let scalar = Unicode.Scalar(first) else { throw error("unpaired surrogate in \\u escape") }
    return scalar
  }

  private mutating func hex4() throws(JSONError) -> UInt32 {
    guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Hex.value(of: bytes[position]) else { throw error("invalid \\u escape") }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  // MARK: numbers

  /// Reads a number: `.int` when it has no fraction or exponent and fits, else `.double`.
  public mutating func readNumber() throws(JSONError) -> JSONValue {
    skipWhitespace()
    let start = position
    let isInteger = try skipNumberSyntax()
    if isInteger && position - start <= 18 {
      // Up to 18 digits cannot overflow Int64: accumulate without making a String.
      let negative = bytes[start] == UInt8(ascii: "-")
      var value = 0
      for index in (negative ? start + 1 : start)..<position { value = value * 10 + Int(bytes[index] &- 0x30) }
      return .int(negative ? -value : value)
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    if isInteger, let integer = Int(text) { return .int(integer) }
    guard let number = Double(text), number.isFinite else { throw error("number out of range", at: start) }
    return .double(number)
  }

  /// Checks and passes one number; whether it had neither fraction nor exponent.
  private mutating func skipNumberSyntax() throws(JSONError) -> Bool {
    var isInteger = true
    guard position < bytes.count else { throw error("invalid number") }
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      skipDigits()
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      isInteger = false
      position += 1
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
      skipDigits()
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      isInteger = false
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
        position += 1
      }
      guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid number") }
      skipDigits()
    }
    return isInteger
  }

  @inline(__always)
  private mutating func skipDigits() {
    while position < bytes.count, isDigit(bytes[position]) { position += 1 }
  }

  @inline(__always)
  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  // MARK: skipping

  /// Skips a string, checked as `readString(into:)` checks it; the common case (printable
  /// ASCII, no escapes) is only scanned, not copied.
  public mutating func skipString() throws(JSONError) {
    guard peek() == UInt8(ascii: "\"") else { throw error(isAtEnd ? "truncated JSON" : "expected a string") }
    var index = position + 1
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        position = index + 1
        return
      }
      if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
      index += 1
    }
    var scratch: [UInt8] = []
    try readString(into: &scratch)
  }

  /// Skips any value, checking its syntax.
  public mutating func skipValue() throws(JSONError) {
    guard let byte = peek() else { throw missingValue() }
    switch byte {
    case UInt8(ascii: "\""):
      try skipString()
    case UInt8(ascii: "{"):
      try enterContainer()
      if peek() != UInt8(ascii: "}") {
        repeat {
          try skipString()
          try expect(UInt8(ascii: ":"), "':'")
          try skipValue()
        } while consume(UInt8(ascii: ","))
      }
      try leaveContainer(UInt8(ascii: "}"))
    case UInt8(ascii: "["):
      try enterContainer()
      if peek() != UInt8(ascii: "]") {
        repeat { try skipValue() } while consume(UInt8(ascii: ","))
      }
      try leaveContainer(UInt8(ascii: "]"))
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try skipNumberSyntax()
    default: throw missingValue()
    }
  }
}
