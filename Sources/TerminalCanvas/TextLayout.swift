import TextEscaping

/// Text shaped for cells: word wrap by display width, grouped counts, plurals. One copy for
/// every screen (the reviewer and the browser each had their own wrap, with different rules
/// for long words).
public enum TextLayout {
  /// Greedy word wrap of `text` (escaped with SafeText first) to `width` columns. Runs of
  /// spaces count as one gap. A word longer than the room left on a line fills that room and
  /// continues on the next line, so a long path in an error message is shown whole and no
  /// row is left half empty. (The reviewer's old wrap started such a word on a fresh line;
  /// no golden contains a word longer than its line, so the goldens are unchanged.)
  public static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    func endLine() {
      lines.append(line)
      line = ""
      lineWidth = 0
    }
    for word in SafeText.escaped(text).split(separator: " ", omittingEmptySubsequences: true) {
      var rest = Substring(word)
      while !rest.isEmpty {
        let restWidth = DisplayWidth.of(String(rest))
        let gap = line.isEmpty ? 0 : 1
        if lineWidth + gap + restWidth <= width {
          line += (gap == 1 ? " " : "") + rest
          lineWidth += gap + restWidth
          rest = ""
        } else if line.isEmpty || restWidth > width {
          let piece = prefix(of: rest, fitting: width - lineWidth - gap)
          if piece.isEmpty {
            endLine()
            continue
          }
          line += (gap == 1 ? " " : "") + piece
          rest = rest.dropFirst(piece.count)
          endLine()
        } else {
          endLine()
        }
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  /// The longest prefix of `text` whose display width is at most `room`.
  private static func prefix(of text: Substring, fitting room: Int) -> String {
    var piece = ""
    var pieceWidth = 0
    for character in text {
      let w = DisplayWidth.of(character)
      if pieceWidth + w > room { break }
      piece.append(character)
      pieceWidth += w
    }
    return piece
  }

  /// A count with thousands separators: 12345 → "12,345".
  public static func count(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return n < 0 ? "-" + out : out
  }

  /// The noun for `n` things: `plural(1, "match", "matches")` → "match", otherwise the plural.
  public static func plural(_ n: Int, _ singular: String, _ pluralForm: String) -> String {
    n == 1 ? singular : pluralForm
  }
}
