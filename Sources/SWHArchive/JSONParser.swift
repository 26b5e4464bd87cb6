/// Parses a whole JSON document into an order-keeping `JSONValue` (for small documents:
/// error bodies, fixtures; page bodies go through `APIPageParser` instead).
public enum JSONParser {
  public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
    let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      do throws(JSONSyntaxError) {
        let value = try value(&scanner, depth: 0)
        try scanner.expectEnd()
        return .success(value)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private static func value(_ scanner: inout JSONScanner, depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard depth < 512 else { throw scanner.error("nested too deeply") }
    guard let byte = scanner.peek() else { throw scanner.error("expected a value") }
    var text = [UInt8]()
    switch byte {
    case UInt8(ascii: "\""):
      try scanner.readString(into: &text)
      return .string(String(decoding: text, as: UTF8.self))
    case UInt8(ascii: "{"):
      scanner.position += 1
      var members = [JSONMember]()
      if scanner.consume(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        try scanner.readString(into: &text)
        try scanner.expect(UInt8(ascii: ":"), "':'")
        members.append(JSONMember(String(decoding: text, as: UTF8.self), try value(&scanner, depth: depth + 1)))
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
      return .object(members)
    case UInt8(ascii: "["):
      scanner.position += 1
      var items = [JSONValue]()
      if scanner.consume(UInt8(ascii: "]")) { return .array(items) }
      repeat { items.append(try value(&scanner, depth: depth + 1)) } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
      return .array(items)
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      let isTrue = byte == UInt8(ascii: "t")
      let start = scanner.position
      try scanner.skipValue()
      guard scanner.position - start == (isTrue ? 4 : 5) else { throw scanner.error("invalid literal", at: start) }
      return .bool(isTrue)
    case UInt8(ascii: "n"):
      _ = try scanner.consumeNull()
      return .null
    default:
      let start = scanner.position
      try scanner.skipValue()
      let digits = String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[start..<scanner.position]), as: UTF8.self)
      guard let number = Int(digits) else { throw scanner.error("only integer numbers are supported", at: start) }
      return .int(number)
    }
  }
}
