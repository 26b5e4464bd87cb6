import TextEscaping

/// Deterministic JSON output: keys sorted by code point (as Python's `sort_keys`), two-space
/// indentation (as the Sentry goldens), shortest round-trip numbers. Every `TerminalUnsafe`
/// scalar is written as a `\u` escape, so printing the output to a terminal is safe whatever
/// the strings hold.
public enum StoreJSONWriter {
  public static func bytes(_ value: StoreJSON, pretty: Bool = true) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(value, into: &out, pretty: pretty)
    if pretty { out.append(0x0A) }
    return out
  }

  public static func string(_ value: StoreJSON, pretty: Bool = true) -> String {
    String(decoding: bytes(value, pretty: pretty), as: UTF8.self)
  }

  public static func write(_ value: StoreJSON, into out: inout [UInt8], pretty: Bool) {
    var writer = Writer(out: out, pretty: pretty)
    out = []
    writer.value(value, indent: 0)
    out = writer.out
  }
}

private struct Writer {
  var out: [UInt8]
  let pretty: Bool

  mutating func value(_ value: StoreJSON, indent: Int) {
    switch value {
    case .null: append("null")
    case .bool(let flag): append(flag ? "true" : "false")
    case .int(let number): append(String(number))
    case .double(let number):
      // JSON has no NaN or infinity; the store never produces them.
      append(number.isFinite ? String(number) : "null")
    case .string(let text): string(text)
    case .array(let items):
      guard !items.isEmpty else { return append("[]") }
      out.append(UInt8(ascii: "["))
      for (position, item) in items.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        self.value(item, indent: indent + 1)
      }
      newline(indent)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else { return append("{}") }
      out.append(UInt8(ascii: "{"))
      for (position, member) in members.members.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        string(member.key)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(UInt8(ascii: " ")) }
        self.value(member.value, indent: indent + 1)
      }
      newline(indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  mutating func newline(_ indent: Int) {
    guard pretty else { return }
    out.append(0x0A)
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
  }

  mutating func append(_ text: String) {
    out.append(contentsOf: text.utf8)
  }

  mutating func string(_ text: String) {
    out.append(UInt8(ascii: "\""))
    var needsEscaping = false
    for byte in text.utf8 where byte == 0x22 || byte == 0x5C {
      needsEscaping = true
      break
    }
    if !needsEscaping && !TerminalUnsafe.occurs(in: text) {
      out.append(contentsOf: text.utf8)
    } else {
      for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case _ where TerminalUnsafe.contains(scalar): unicodeEscape(scalar.value)
        default: UTF8.encode(scalar) { out.append($0) }
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  mutating func unicodeEscape(_ value: UInt32) {
    append("\\u")
    Hex.appendDigits(of: value, count: 4, to: &out)
  }
}
