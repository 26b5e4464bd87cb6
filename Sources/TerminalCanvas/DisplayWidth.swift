/// Terminal column widths of text, by grapheme cluster: East Asian wide/fullwidth and
/// emoji-presentation characters take 2 columns, combining marks and other zero-width
/// scalars ride on the character before them. Same classes as glibc's wcwidth, which
/// ncursesw uses, so what the canvas measures is what the terminal draws.
public enum DisplayWidth {
  public static func of(_ character: Character) -> Int {
    // Every ASCII character (CR LF, one character, included) is one column by the rules
    // below; this is most of what the reviewer measures, and the Unicode property lookups
    // were 7 % of its time per keystroke (docs/PERFORMANCE.md, "Reviewer").
    if character.asciiValue != nil { return 1 }
    guard let first = character.unicodeScalars.first else { return 0 }
    if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
    // A text-presentation emoji followed by VS16 (U+FE0F) is drawn wide.
    if character.unicodeScalars.count > 1,
      character.unicodeScalars.contains(where: { $0.value == 0xFE0F }),
      first.properties.isEmoji
    {
      return 2
    }
    if isWide(first) { return 2 }
    if isZeroWidth(first) { return 0 }
    return 1
  }

  public static func of(_ text: String) -> Int {
    // Printable ASCII: one character, one column, a byte each (CR is left out: CR LF is one
    // character).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// Cuts `text` to at most `width` columns; when it does not fit, the last column is `…`.
  public static func truncate(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    if of(text) <= width { return text }
    var out = ""
    var used = 0
    for character in text {
      let w = of(character)
      if used + w > width - 1 { break }
      out.append(character)
      used += w
    }
    return out + "…"
  }

  /// Shortens `text` to `width` columns by replacing its middle with `…`, keeping both
  /// ends (file names differ at the end as often as at the start).
  public static func shortenMiddle(_ text: String, to width: Int) -> String {
    guard width > 0 else { return "" }
    if of(text) <= width { return text }
    if width < 4 { return truncate(text, to: width) }
    let characters = Array(text)
    let budget = width - 1
    let headBudget = (budget + 1) / 2
    let tailBudget = budget - headBudget
    var head = ""
    var used = 0
    for character in characters {
      let w = of(character)
      if used + w > headBudget { break }
      head.append(character)
      used += w
    }
    var tail: [Character] = []
    used = 0
    for character in characters.reversed() {
      let w = of(character)
      if used + w > tailBudget { break }
      tail.append(character)
      used += w
    }
    return head + "…" + String(tail.reversed())
  }

  /// Pads with spaces (or truncates) to exactly `width` columns.
  public static func pad(_ text: String, to width: Int) -> String {
    let cut = truncate(text, to: width)
    let missing = width - of(cut)
    return missing > 0 ? cut + String(repeating: " ", count: missing) : cut
  }

  static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return true
    default: break
    }
    switch scalar.value {
    case 0x1160...0x11FF, 0x200B, 0xFE00...0xFE0F: return true
    default: return false
    }
  }

  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x1100 { return false }
    for range in wideRanges where range.contains(v) { return true }
    return false
  }

  // East Asian Wide (W) and Fullwidth (F) blocks, Unicode 15.
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
    0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
    0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
    0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335,
    0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3,
    0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
    0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
    0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
    0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7,
    0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB,
    0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
    0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]
}
