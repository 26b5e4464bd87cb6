/// Makes untrusted text (file names, sidecar values, branch names) safe to show in a
/// terminal: nothing that could move the cursor, change colours or reorder text survives.
public enum SafeText {
  /// Escapes every `TerminalUnsafe` scalar as visible `\e`, `\n`, `\r`, `\t`, `\xNN` or
  /// `\u{NNNN}` text. Everything else is kept.
  public static func escaped(_ text: String) -> String {
    guard TerminalUnsafe.occurs(in: text) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if TerminalUnsafe.contains(scalar) {
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
    escaped(UTF8Text.decodeWithEscapes(bytes))
  }

  private static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x1B: return "\\e"
    case 0x0A: return "\\n"
    case 0x0D: return "\\r"
    case 0x09: return "\\t"
    case 0x00...0xFF: return "\\x" + Hex.pair(UInt8(scalar.value))
    default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
  }
}
