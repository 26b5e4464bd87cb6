import TextEscaping

/// A pull parser over JSON bytes, so a page of a million branches can be read straight into
/// a `SnapshotBuilder` without building a tree. Strings come back as UTF-8 bytes.
struct JSONScanner: ~Copyable {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0
  private var depth = 0
  private static let maximumDepth = 512

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  mutating func peek() -> UInt8? {
    skipWhitespace()
    return position < bytes.count ? bytes[position] : nil
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
    guard peek() == byte else { throw error("expected \(what)") }
    position += 1
  }

  /// Consumes `byte` if it is next.
  mutating func consume(_ byte: UInt8) -> Bool {
    guard peek() == byte else { return false }
    position += 1
    return true
  }

  mutating func expectEnd() throws(JSONSyntaxError) {
    if peek() != nil { throw error("unexpected data after the JSON value") }
  }

  /// `null`, consumed if next.
  mutating func consumeNull() throws(JSONSyntaxError) -> Bool {
    guard peek() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
    let count = word.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw error("invalid literal") }
    let start = word.utf8Start
    for offset in 0..<count where bytes[position + offset] != start[offset] {
      throw error("invalid literal")
    }
    position += count
  }

  /// Reads a string, appending its UTF-8 bytes to `out` (cleared first).
  mutating func readString(into out: inout [UInt8]) throws(JSONSyntaxError) {
    out.removeAll(keepingCapacity: true)
    guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
    let start = position
    position += 1
    while true {
      // Copy the run of plain bytes up to the next quote, backslash or control byte.
      let runStart = position
      while position < bytes.count {
        let byte = bytes[position]
        if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
        position += 1
      }
      if position > runStart {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
      }
      guard position < bytes.count else { throw error("unterminated string", at: start) }
      let byte = bytes[position]
      if byte == 0x22 {
        position += 1
        break
      }
      if byte < 0x20 { throw error("control character in a string") }
      try readEscape(into: &out)
    }
    guard UTF8Text.isValid(out) else { throw error("string is not valid UTF-8", at: start) }
  }

  private mutating func readEscape(into out: inout [UInt8]) throws(JSONSyntaxError) {
    position += 1
    guard position < bytes.count else { throw error("unterminated escape") }
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
      var value = try readHex4()
      if (0xD800...0xDBFF).contains(value) {
        guard position + 1 < bytes.count, bytes[position] == 0x5C, bytes[position + 1] == UInt8(ascii: "u") else {
          throw error("unpaired surrogate escape")
        }
        position += 2
        let low = try readHex4()
        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate escape") }
        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00...0xDFFF).contains(value) {
        throw error("unpaired surrogate escape")
      }
      guard let scalar = Unicode.Scalar(value) else { throw error("invalid \\u escape") }
      out.append(contentsOf: Array(String(scalar).utf8))
    default:
      throw error("invalid escape")
    }
  }

  private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
    guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Hex.value(of: bytes[position]) else { throw error("invalid \\u escape") }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  /// Skips any value (checking its syntax).
  mutating func skipValue() throws(JSONSyntaxError) {
    guard let byte = peek() else { throw error("expected a value") }
    switch byte {
    case UInt8(ascii: "\""):
      var scratch = [UInt8]()
      try readString(into: &scratch)
    case UInt8(ascii: "{"):
      try nested()
      position += 1
      if consume(UInt8(ascii: "}")) { depth -= 1; return }
      var scratch = [UInt8]()
      repeat {
        try readString(into: &scratch)
        try expect(UInt8(ascii: ":"), "':'")
        try skipValue()
      } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"), "',' or '}'")
      depth -= 1
    case UInt8(ascii: "["):
      try nested()
      position += 1
      if consume(UInt8(ascii: "]")) { depth -= 1; return }
      repeat { try skipValue() } while consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "]"), "',' or ']'")
      depth -= 1
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
    default: throw error("expected a value")
    }
  }

  private mutating func nested() throws(JSONSyntaxError) {
    depth += 1
    if depth > Self.maximumDepth { throw error("nested too deeply") }
  }

  private mutating func skipNumber() throws(JSONSyntaxError) {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    func digits(_ scanner: inout JSONScanner) -> Int {
      let from = scanner.position
      while scanner.position < scanner.bytes.count, (0x30...0x39).contains(scanner.bytes[scanner.position]) { scanner.position += 1 }
      return scanner.position - from
    }
    guard digits(&self) > 0 else { throw error("invalid number", at: start) }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard digits(&self) > 0 else { throw error("invalid number", at: start) }
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
      guard digits(&self) > 0 else { throw error("invalid number", at: start) }
    }
  }

  func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
    let where_ = min(offset ?? position, bytes.count)
    var line = 1
    var column = 1
    for byte in UnsafeBufferPointer(rebasing: bytes[0..<where_]) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return JSONSyntaxError(message: message, line: line, column: column)
  }
}

public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var column: Int

  public var description: String { "\(message) at line \(line), column \(column)" }
}
