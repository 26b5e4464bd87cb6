/// The one set of Unicode scalars that must never reach a terminal raw. Every writer that
/// can end up on a terminal asks it: the canvas (`SafeText`), the JSON writer (store files,
/// `list --json`, `diff --json`, the archive's API bodies), the YAML writer and error messages.
///
/// Before this set there were six hand-kept copies, and they had drifted (only one knew
/// U+061C; the store's JSON writer escaped no bidi control at all).
public enum TerminalUnsafe {
  /// The members as ranges of scalar values, in ascending order; tests walk every member.
  ///
  /// - C0 controls and DEL: cursor movement, colours, bell, clearing the screen.
  /// - C1 controls (U+0080–U+009F, incl. NEL U+0085 and the one-byte CSI U+009B): obeyed by
  ///   8-bit terminals.
  /// - U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: bidi controls, which reorder
  ///   what follows them (the "Trojan Source" trick: `abc\u{202E}gnp.exe`).
  /// - U+200B–U+200D: zero-width space, non-joiner and joiner: invisible, so two names
  ///   that look the same can differ.
  /// - U+2028, U+2029: line and paragraph separators, which some terminals break lines on.
  /// - U+FEFF: zero-width no-break space (a stray byte-order mark), invisible.
  public static let ranges: [ClosedRange<UInt32>] = [
    0x00...0x1F, 0x7F...0x9F, 0x061C...0x061C, 0x200B...0x200F, 0x2028...0x2029, 0x202A...0x202E,
    0x2066...0x2069, 0xFEFF...0xFEFF,
  ]

  /// Every member, in ascending order.
  public static var scalars: [Unicode.Scalar] {
    ranges.flatMap { range in range.compactMap(Unicode.Scalar.init) }
  }

  @inline(__always)
  public static func contains(_ scalar: Unicode.Scalar) -> Bool {
    contains(value: scalar.value)
  }

  @inline(__always)
  public static func contains(value: UInt32) -> Bool {
    switch value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    // Everything else in the set is at or above U+061C: one comparison for Latin text.
    case 0x00..<0x061C: return false
    case 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2066...0x2069, 0xFEFF: return true
    default: return false
    }
  }

  /// Whether a string holds any member (a fast scan over UTF-8 for the common ASCII case).
  public static func occurs(in text: String) -> Bool {
    // Members below U+0080 are single bytes < 0x20 or 0x7F; every other member starts with a
    // lead byte of 0xC2 (C1), 0xD8 (U+061C), 0xE2 (U+200B–U+2069) or 0xEF (U+FEFF).
    for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2 || byte == 0xEF {
      return text.unicodeScalars.contains(where: contains)
    }
    return false
  }
}
