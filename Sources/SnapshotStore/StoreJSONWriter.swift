#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Deterministic JSON output: keys sorted by code point (as Python's `sort_keys`), two-space
/// indentation (as the Sentry goldens), shortest round-trip numbers. Control characters,
/// DEL and C1 (which a terminal may obey) are written as `\u` escapes, so printing the
/// output to a terminal is safe whatever the strings hold.
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

  /// Code-point order, which is UTF-8 byte order (Swift's `<` on String is not).
  public static func precedes(_ a: String, _ b: String) -> Bool {
    // Native strings are contiguous UTF-8: compare with memcmp.
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y -> Bool in
        let common = min(x.count, y.count)
        if common > 0, let left = x.baseAddress, let right = y.baseAddress {
          let order = memcmp(left, right, common)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
    return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
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
    for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 {
      needsEscaping = true
      break
    }
    if !needsEscaping {
      out.append(contentsOf: text.utf8)
    } else {
      for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x00...0x1F, 0x7F...0x9F: unicodeEscape(scalar.value)
        default: out.append(contentsOf: String(Character(scalar)).utf8)
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  mutating func unicodeEscape(_ value: UInt32) {
    let digits = Array("0123456789abcdef".utf8)
    append("\\u00")
    out.append(digits[Int(value >> 4 & 0xF)])
    out.append(digits[Int(value & 0xF)])
  }
}
