/// Escaping for untrusted text inside error messages. The store cannot depend on
/// TerminalCanvas (layering), so this mirrors `SafeText`'s rules: C0, DEL, C1, line
/// separators and bidi controls become visible escapes, invalid UTF-8 bytes become `\xNN`.
public enum Escaped {
  public static func text(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        out += escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Raw bytes (a file name that may not be UTF-8): valid sequences are kept, the rest `\xNN`.
  public static func bytes(_ bytes: [UInt8]) -> String {
    var out = ""
    var index = 0
    while index < bytes.count {
      let length = sequenceLength(lead: bytes[index])
      if length > 0, index + length <= bytes.count,
        let scalar = String(validating: bytes[index..<(index + length)], as: UTF8.self)
      {
        out += text(scalar)
        index += length
      } else {
        out += hex(bytes[index])
        index += 1
      }
    }
    return out
  }

  private static func sequenceLength(lead: UInt8) -> Int {
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return 2
    case 0xE0...0xEF: return 3
    case 0xF0...0xF4: return 4
    default: return 0
    }
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x2028, 0x2029: return true
    case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  private static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x1B: return "\\e"
    case 0x0A: return "\\n"
    case 0x0D: return "\\r"
    case 0x09: return "\\t"
    case 0x00...0xFF: return hex(UInt8(scalar.value))
    default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
  }
}
