import TextEscaping

/// Frames and overlays drawn on a canvas.
extension Canvas {
  /// Draws a rounded frame around `rect` with an optional title in the top edge, and
  /// clears the inside. Rects smaller than 2x2 are just cleared.
  public mutating func drawBox(_ rect: Rect, title: String? = nil, style: Style = Style(.border), fill: Style = .normal) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    prepareOverwrite(rect)
    self.fill(rect, style: fill)
    guard rect.width >= 2, rect.height >= 2 else { return }
    for x in rect.x..<rect.maxX {
      set(x: x, y: rect.y, glyph: "─", style: style)
      set(x: x, y: rect.maxY - 1, glyph: "─", style: style)
    }
    for y in rect.y..<rect.maxY {
      set(x: rect.x, y: y, glyph: "│", style: style)
      set(x: rect.maxX - 1, y: y, glyph: "│", style: style)
    }
    set(x: rect.x, y: rect.y, glyph: "╭", style: style)
    set(x: rect.maxX - 1, y: rect.y, glyph: "╮", style: style)
    set(x: rect.x, y: rect.maxY - 1, glyph: "╰", style: style)
    set(x: rect.maxX - 1, y: rect.maxY - 1, glyph: "╯", style: style)
    if let title, rect.width > 4 {
      put(" " + title + " ", x: rect.x + 1, y: rect.y, limit: rect.width - 2, style: Style(.title))
    }
  }

  /// Makes `rect` safe to draw over: a wide character cut by its left or right edge is
  /// replaced by a space, so no half of it is left to confuse the terminal.
  public mutating func prepareOverwrite(_ rect: Rect) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    for y in area.y..<area.maxY {
      if self[area.x, y].isContinuation, area.x > 0 {
        self[area.x - 1, y] = Cell(" ", style: self[area.x - 1, y].style)
      }
      if area.maxX < width, self[area.maxX, y].isContinuation {
        self[area.maxX, y] = Cell(" ", style: self[area.maxX, y].style)
      }
    }
  }

  /// Writes `text` right-aligned so that it ends at column `maxX` (exclusive).
  @discardableResult
  public mutating func putRight(_ text: String, maxX: Int, y: Int, limit: Int, style: Style = .normal) -> Int {
    let shown = DisplayWidth.truncate(SafeText.escaped(text), to: max(0, limit))
    let w = DisplayWidth.of(shown)
    return put(shown, x: maxX - w, y: y, limit: w, style: style)
  }

  /// A one-line bar of key hints, "key text" pairs, as many as fit.
  public mutating func putHints(
    _ hints: [(keys: String, text: String)], x: Int, y: Int, width: Int,
    keyStyle: Style = Style(.key), textStyle: Style = Style(.footer)
  ) {
    fill(Rect(x: x, y: y, width: width, height: 1), style: textStyle)
    var column = x + 1
    let end = x + width
    for hint in hints {
      let needed = DisplayWidth.of(hint.keys) + 1 + DisplayWidth.of(hint.text)
      guard column + needed <= end else { break }
      column += put(hint.keys, x: column, y: y, limit: end - column, style: keyStyle)
      column += 1
      column += put(hint.text, x: column, y: y, limit: end - column, style: textStyle)
      column += 2
    }
  }
}

/// Scrolling of a list whose selected row must stay visible, with a few rows of context
/// above and below it when there is room (vim's `scrolloff`).
public enum ListScroll {
  public static func offset(selected: Int, count: Int, visible: Int, current: Int, margin: Int = 2) -> Int {
    guard visible > 0, count > visible else { return 0 }
    let context = min(margin, max(0, (visible - 1) / 2))
    var offset = current
    if selected - context < offset { offset = selected - context }
    if selected + context >= offset + visible { offset = selected + context - visible + 1 }
    return max(0, min(offset, count - visible))
  }
}
