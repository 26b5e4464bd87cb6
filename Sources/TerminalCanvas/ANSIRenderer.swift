/// Serialises a canvas as text with SGR escape sequences, for output that is printed
/// rather than managed by ncurses (`snaprev diff --preview`, pipes into `less -R`).
public enum ANSIRenderer {
  public static func render(_ canvas: Canvas, mode: ColorMode, palette: Palette = .dark) -> String {
    var out = ""
    out.reserveCapacity(canvas.width * canvas.height * 4)
    for y in 0..<canvas.height {
      var current: Attributes? = nil
      for x in 0..<canvas.width {
        let cell = canvas[x, y]
        if cell.isContinuation { continue }
        let attributes = Theme.attributes(for: cell.style, mode: mode, palette: palette)
        if attributes != current {
          out += sgr(attributes, mode: mode)
          current = attributes
        }
        out += cell.text
      }
      out += "\u{1B}[0m\n"
    }
    return out
  }

  /// The SGR sequence that sets exactly `attributes` (starting from a reset).
  public static func sgr(_ attributes: Attributes, mode: ColorMode) -> String {
    var codes = ["0"]
    if attributes.bold { codes.append("1") }
    if attributes.dim { codes.append("2") }
    if attributes.underline { codes.append("4") }
    if attributes.reverse { codes.append("7") }
    if mode != .monochrome {
      if let fg = attributes.foreground { codes.append(color(fg, layer: 38, mode: mode)) }
      if let bg = attributes.background { codes.append(color(bg, layer: 48, mode: mode)) }
    }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  private static func color(_ rgb: Color, layer: Int, mode: ColorMode) -> String {
    switch mode {
    case .trueColor: return "\(layer);2;\(rgb.r);\(rgb.g);\(rgb.b)"
    case .palette256, .monochrome: return "\(layer);5;\(XTerm256.index(of: rgb))"
    }
  }
}
