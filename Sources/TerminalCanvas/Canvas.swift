import TextEscaping

/// A rectangle of terminal cells.
public struct Rect: Sendable, Equatable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var isEmpty: Bool { width <= 0 || height <= 0 }
  public var maxX: Int { x + width }
  public var maxY: Int { y + height }

  /// Whether the cell at (`x`, `y`) is inside (where a click landed).
  public func contains(x px: Int, y py: Int) -> Bool { px >= x && py >= y && px < maxX && py < maxY }

  /// The part of this rect inside `other`.
  public func intersection(_ other: Rect) -> Rect {
    let x0 = max(x, other.x)
    let y0 = max(y, other.y)
    let x1 = min(maxX, other.maxX)
    let y1 = min(maxY, other.maxY)
    return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
  }

  /// Shrinks by `amount` on every side.
  public func inset(by amount: Int) -> Rect {
    Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
  }

  /// Splits off the top `rows` rows: (top, rest).
  public func splitTop(_ rows: Int) -> (Rect, Rect) {
    let top = min(max(0, rows), height)
    return (
      Rect(x: x, y: y, width: width, height: top),
      Rect(x: x, y: y + top, width: width, height: height - top)
    )
  }

  /// Splits off the bottom `rows` rows: (rest, bottom).
  public func splitBottom(_ rows: Int) -> (Rect, Rect) {
    let bottom = min(max(0, rows), height)
    return (
      Rect(x: x, y: y, width: width, height: height - bottom),
      Rect(x: x, y: y + height - bottom, width: width, height: bottom)
    )
  }

  /// Splits off the left `columns` columns: (left, rest).
  public func splitLeft(_ columns: Int) -> (Rect, Rect) {
    let left = min(max(0, columns), width)
    return (
      Rect(x: x, y: y, width: left, height: height),
      Rect(x: x + left, y: y, width: width - left, height: height)
    )
  }
}

/// One terminal cell: a grapheme cluster and its style. A wide grapheme occupies its
/// cell and the next, which holds an empty `continuation` cell.
public struct Cell: Sendable, Equatable {
  public var text: String
  public var style: Style
  /// True for the right half of a wide character (nothing is drawn there).
  public var isContinuation: Bool

  public init(_ text: String = " ", style: Style = .normal, isContinuation: Bool = false) {
    self.text = text
    self.style = style
    self.isContinuation = isContinuation
  }

  public static let blank = Cell()
}

/// An in-memory screen. Everything the UI shows is drawn here first; tests read it as
/// text, and the terminal backends only copy it out. All text passes `SafeText`, so no
/// untrusted byte reaches the terminal through a canvas.
public struct Canvas: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = [Cell](repeating: .blank, count: self.width * self.height)
  }

  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

  /// Fills `rect` (clipped) with `character` in `style`.
  public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .normal) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    let cell = Cell(String(character), style: style)
    for y in area.y..<area.maxY {
      for x in area.x..<area.maxX { cells[y * width + x] = cell }
    }
  }

  /// Sets one cell to a single-column glyph (block characters for images and heatmaps).
  public mutating func set(x: Int, y: Int, glyph: Character, style: Style) {
    guard contains(x: x, y: y) else { return }
    cells[y * width + x] = Cell(String(glyph), style: style)
  }

  /// Writes untrusted or trusted text at (x, y), escaped, measured by grapheme width and
  /// cut with `…` at `limit` columns (default: to the canvas edge). Returns columns used.
  @discardableResult
  public mutating func put(
    _ text: String, x: Int, y: Int, limit: Int? = nil, style: Style = .normal
  ) -> Int {
    guard y >= 0, y < height, x < width else { return 0 }
    let available = min(limit ?? (width - max(0, x)), width - max(0, x))
    guard available > 0 else { return 0 }
    let safe = DisplayWidth.truncate(SafeText.escaped(text), to: available)
    var column = x
    for character in safe {
      let w = DisplayWidth.of(character)
      if w == 0 {
        // Combining marks join the previous grapheme; a leading one is dropped.
        if column > x, column - 1 < width, column - 1 >= 0 {
          cells[y * width + column - 1].text.append(character)
        }
        continue
      }
      if column + w > x + available { break }
      if column >= 0 {
        cells[y * width + column] = Cell(String(character), style: style)
        if w == 2, column + 1 < width {
          cells[y * width + column + 1] = Cell("", style: style, isContinuation: true)
        }
      }
      column += w
    }
    return column - x
  }

  /// Writes `text` padded with spaces to exactly `width` columns (a full-width bar).
  public mutating func putPadded(_ text: String, x: Int, y: Int, width: Int, style: Style) {
    fill(Rect(x: x, y: y, width: width, height: 1), style: style)
    put(text, x: x, y: y, limit: width, style: style)
  }

  /// Each row as text (wide characters once, continuation cells skipped).
  public var lines: [String] {
    (0..<height).map { y in
      var line = ""
      for x in 0..<width where !cells[y * width + x].isContinuation {
        line += cells[y * width + x].text
      }
      return line
    }
  }

  /// The rows joined by newlines, trailing spaces removed: the form goldens are kept in.
  public var text: String {
    lines.map { line in
      var trimmed = line
      while trimmed.last == " " { trimmed.removeLast() }
      return trimmed
    }.joined(separator: "\n")
  }

  /// Each row as one role letter per column (`Role.code`): colour goldens that stay readable.
  public var roleLines: [String] {
    (0..<height).map { y in
      String((0..<width).map { x in cells[y * width + x].style.role.code })
    }
  }
}
