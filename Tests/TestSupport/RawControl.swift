import TerminalCanvas

/// True when `text` holds a raw control character a terminal would act on (C0, DEL, C1);
/// line feeds are allowed unless `allowingNewlines` is false.
public func hasRawControl(_ text: String, allowingNewlines: Bool = true) -> Bool {
  text.unicodeScalars.contains { scalar in
    (scalar.value < 0x20 && !(allowingNewlines && scalar == "\n")) || (0x7F...0x9F).contains(scalar.value)
  }
}

/// True when any cell of `canvas` holds a raw control character (no newline either: a
/// cell is one place on one line).
public func hasRawControl(_ canvas: Canvas) -> Bool {
  canvas.cells.contains { hasRawControl($0.text, allowingNewlines: false) }
}
