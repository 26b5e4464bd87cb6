import TextEscaping

/// Why bytes are not the JSON we expect; `offset` is the byte where reading stopped.
public struct StoreJSONParseError: Error, Equatable, CustomStringConvertible {
  public let offset: Int
  public let message: String

  public var description: String { "\(message) at byte \(offset)" }
}

/// A strict RFC 8259 parser over bytes: no comments, no trailing commas, no duplicate
/// keys, valid UTF-8 only, nesting at most `maxDepth` deep (so hostile sidecars cannot
/// overflow the stack).
public enum StoreJSONParser {
  public static let maxDepth = 256

  public static func parse(_ bytes: [UInt8]) throws(StoreJSONParseError) -> StoreJSON {
    let result: Result<StoreJSON, StoreJSONParseError> = bytes.withUnsafeBufferPointer { buffer in
      var reader = Reader(bytes: buffer)
      return Result { () throws(StoreJSONParseError) -> StoreJSON in
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == buffer.count else {
          throw reader.error("unexpected text after the JSON value")
        }
        return value
      }
    }
    return try result.get()
  }
}

private struct Reader {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  func error(_ message: String) -> StoreJSONParseError {
    StoreJSONParseError(offset: index, message: message)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func value(depth: Int) throws(StoreJSONParseError) -> StoreJSON {
    guard index < bytes.count else {
      throw error(index == 0 ? "empty file" : "truncated JSON (ends in the middle of a value)")
    }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("unexpected character")
    }
  }

  mutating func literal(_ word: StaticString) throws(StoreJSONParseError) {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw error("truncated JSON") }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    for offset in 0..<count where bytes[index + offset] != expected[offset] {
      throw error("unexpected character")
    }
    index += count
  }

  mutating func object(depth: Int) throws(StoreJSONParseError) -> StoreJSON {
    guard depth <= StoreJSONParser.maxDepth else { throw error("nested deeper than \(StoreJSONParser.maxDepth)") }
    index += 1
    var members: [(key: String, value: StoreJSON)] = []
    var keyOffsets: [Int] = []
    var sorted = true
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(StoreJSONObject())
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw error("truncated JSON (unclosed object)") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
      keyOffsets.append(index)
      let key = try string()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error(index < bytes.count ? "expected ':'" : "truncated JSON (unclosed object)")
      }
      index += 1
      skipWhitespace()
      let member = try value(depth: depth)
      if let last = members.last, !CodePoint.precedes(last.key, key) { sorted = false }
      members.append((key: key, value: member))
      skipWhitespace()
      guard index < bytes.count else { throw error("truncated JSON (unclosed object)") }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(try object(members, keyOffsets: keyOffsets, sorted: sorted))
      default: throw error("expected ',' or '}'")
      }
    }
  }

  /// Sorts members (store files are already sorted, so usually nothing to do) and refuses
  /// duplicate keys.
  func object(
    _ members: [(key: String, value: StoreJSON)], keyOffsets: [Int], sorted: Bool
  ) throws(StoreJSONParseError) -> StoreJSONObject {
    if sorted { return StoreJSONObject(sortedUnique: members) }
    let order = members.indices.sorted { a, b in
      members[a].key == members[b].key ? a < b : CodePoint.precedes(members[a].key, members[b].key)
    }
    for (previous, next) in zip(order, order.dropFirst()) where members[previous].key == members[next].key {
      throw StoreJSONParseError(offset: keyOffsets[next], message: "duplicate key \"\(members[next].key)\"")
    }
    return StoreJSONObject(sortedUnique: order.map { members[$0] })
  }

  mutating func array(depth: Int) throws(StoreJSONParseError) -> StoreJSON {
    guard depth <= StoreJSONParser.maxDepth else { throw error("nested deeper than \(StoreJSONParser.maxDepth)") }
    index += 1
    var items: [StoreJSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth))
      skipWhitespace()
      guard index < bytes.count else { throw error("truncated JSON (unclosed list)") }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"): index += 1; return .array(items)
      default: throw error("expected ',' or ']'")
      }
    }
  }

  mutating func string() throws(StoreJSONParseError) -> String {
    index += 1
    let start = index
    var plainASCII = true
    // Fast path: no escapes, so the bytes between the quotes are the string.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        if plainASCII { return String(decoding: raw, as: UTF8.self) }
        guard let text = String(validating: raw, as: UTF8.self) else {
          throw StoreJSONParseError(offset: start, message: "string is not valid UTF-8")
        }
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 { throw error("control character in string") }
      if byte >= 0x80 { plainASCII = false }
      index += 1
    }
    guard index < bytes.count else { throw error("truncated JSON (unclosed string)") }
    return try escapedString(from: start)
  }

  /// The slow path, from the string's first byte, once a backslash was seen.
  mutating func escapedString(from start: Int) throws(StoreJSONParseError) -> String {
    var utf8: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: utf8, as: UTF8.self) else {
          throw StoreJSONParseError(offset: start, message: "string is not valid UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { throw error("truncated JSON (unclosed string)") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): utf8.append(0x22)
        case UInt8(ascii: "\\"): utf8.append(0x5C)
        case UInt8(ascii: "/"): utf8.append(0x2F)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          let scalar = try unicodeEscape()
          utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
          index -= 1
          throw error("invalid escape")
        }
      default:
        if byte < 0x20 { throw error("control character in string") }
        utf8.append(byte)
        index += 1
      }
    }
    throw error("truncated JSON (unclosed string)")
  }

  mutating func hex4() throws(StoreJSONParseError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("invalid \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  /// After `\u`: one code unit, or a surrogate pair written as two escapes.
  mutating func unicodeEscape() throws(StoreJSONParseError) -> Unicode.Scalar {
    let first = try hex4()
    if (0xD800...0xDBFF).contains(first) {
      guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      else { throw error("unpaired surrogate in \\u escape") }
      index += 2
      let second = try hex4()
      guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in \\u escape") }
      let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      guard let scalar = Unicode.Scalar(combined) else { throw error("invalid \\u escape") }
      return scalar
    }
    guard let scalar = Unicode.Scalar(first) else { throw error("unpaired surrogate in \\u escape") }
    return scalar
  }

  mutating func number() throws(StoreJSONParseError) -> StoreJSON {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if isInteger && index - start <= 18 {
      // Up to 18 digits cannot overflow Int64: accumulate without making a String.
      let negative = bytes[start] == UInt8(ascii: "-")
      var value = 0
      for position in (negative ? start + 1 : start)..<index { value = value * 10 + Int(bytes[position] &- 0x30) }
      return .int(negative ? -value : value)
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    if isInteger, let integer = Int(text) { return .int(integer) }
    guard let number = Double(text), number.isFinite else {
      throw StoreJSONParseError(offset: start, message: "number out of range")
    }
    return .double(number)
  }

  func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
