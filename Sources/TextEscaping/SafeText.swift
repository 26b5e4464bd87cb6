/// Makes untrusted text (file names, sidecar values, branch names) safe to show in a
/// terminal: nothing that could move the cursor, change colours or reorder text survives.
public enum SafeText {
  /// Escapes control characters (C0, DEL, C1), line/paragraph separators and bidi
  /// controls as visible `\e`, `\n`, `\t`, `\xNN` or `\u{NNNN}` text. Everything else is kept.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        out += escape(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Decodes raw bytes (e.g. a non-UTF-8 branch or file name) as UTF-8, showing each
  /// invalid byte as `\xNN`, then escapes as `escaped(_:)` does.
  public static func escaped(bytes: some Collection<UInt8>) -> String {
    escaped(decodeWithEscapes(bytes))
  }

  /// UTF-8 decoding where invalid bytes become the literal text `\xNN` (ncdu, swh-web style).
  public static func decodeWithEscapes(_ bytes: some Collection<UInt8>) -> String {
    let buffer = Array(bytes)
    var out = ""
    var index = 0
    while index < buffer.count {
      let length = sequenceLength(lead: buffer[index])
      if length > 0, index + length <= buffer.count,
        let scalar = decodeScalar(buffer[index..<(index + length)])
      {
        out.unicodeScalars.append(scalar)
        index += length
      } else {
        // Only the bad byte is escaped; the bytes after it are decoded afresh.
        out += hex(buffer[index])
        index += 1
      }
    }
    return out
  }

  private static func decodeScalar(_ bytes: ArraySlice<UInt8>) -> Unicode.Scalar? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
    return nil
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

  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1 (incl. CSI 0x9B)
    case 0x2028, 0x2029: return true  // line / paragraph separator
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi controls
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
