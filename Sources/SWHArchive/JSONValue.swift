import TextEscaping

/// A JSON document whose objects keep their key order (the API's byte order of branches).
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([JSONValue])
  case object([JSONMember])

  /// The member named `key`, if this is an object that has one.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

public struct JSONMember: Equatable, Sendable {
  public var key: String
  public var value: JSONValue

  public init(_ key: String, _ value: JSONValue) {
    self.key = key
    self.value = value
  }
}

/// Writes JSON as Django REST framework's `JSONRenderer` does: compact separators, non-ASCII
/// kept as UTF-8, C0 controls escaped, U+2028/U+2029 escaped.
///
/// Beyond DRF, every other `TerminalUnsafe` scalar (DEL, C1, bidi and zero-width controls) is
/// also written as a `\u` escape so the output is safe on a terminal; the JSON value is unchanged.
public enum JSONWriter {
  public static func compact(_ value: JSONValue) -> [UInt8] {
    var out = [UInt8]()
    write(value, into: &out)
    return out
  }

  public static func write(_ value: JSONValue, into out: inout [UInt8]) {
    switch value {
    case .null: out += Array("null".utf8)
    case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
    case .int(let number): out += Array(String(number).utf8)
    case .string(let text): writeString(text, into: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        write(item, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        writeString(member.key, into: &out)
        out.append(UInt8(ascii: ":"))
        write(member.value, into: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  static func writeString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0x08: out += [0x5C, UInt8(ascii: "b")]
      case 0x0C: out += [0x5C, UInt8(ascii: "f")]
      case _ where TerminalUnsafe.contains(scalar):
        out += [0x5C, UInt8(ascii: "u")]
        Hex.appendDigits(of: scalar.value, count: 4, to: &out)
      case 0x20..<0x7F:
        out.append(UInt8(scalar.value))
      default:
        UTF8.encode(scalar) { out.append($0) }
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
