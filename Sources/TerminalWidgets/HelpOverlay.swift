import TerminalCanvas

/// The `?` overlay, generated from a keymap table: one section per context in `order`,
/// each binding's keys and sentence. It knows its own length, so a reducer can clamp the
/// scroll without calling into a view.
public struct HelpOverlay: Sendable {
  public struct Line: Sendable, Equatable {
    public var text: String
    public var role: Role
    public var keys: String
  }

  public let lines: [Line]
  /// The box's title: how to move and close, as the keymap's help context binds them.
  public let title: String

  /// The box's widest size in both UIs; narrower screens get a box 2 columns narrower than
  /// the screen. 90 leaves the sentences 90 - 21 = 69 columns beside the 16-column key
  /// column and the frame; the longest sentence in either keymap is 59 (the browser's
  /// "Open the build of this commit (with a base marked: compare)").
  public static let width = 90

  /// `extraLines` are (keys, text) rows added after a context's bindings, for input that
  /// no single binding describes (typing into a filter).
  public init<Command, Context>(
    keymap: Keymap<Command, Context>, order: [Context], title: (Context) -> String,
    extraLines: [Context: [(keys: String, text: String)]] = [:],
    boxTitle: String = "Keys · j/k scroll · any other key closes"
  ) {
    self.title = boxTitle
    var lines: [Line] = []
    for context in order {
      let bindings = keymap.bindings(in: context)
      guard !bindings.isEmpty else { continue }
      if !lines.isEmpty { lines.append(Line(text: "", role: .normal, keys: "")) }
      lines.append(Line(text: title(context), role: .header, keys: ""))
      for binding in bindings { lines.append(Line(text: binding.help, role: .normal, keys: binding.keyLabel)) }
      for extra in extraLines[context] ?? [] { lines.append(Line(text: extra.text, role: .normal, keys: extra.keys)) }
    }
    self.lines = lines
  }

  public var lineCount: Int { lines.count }

  /// The scroll after moving `delta` lines from `scroll`, kept within the lines.
  public func scroll(_ scroll: Int, by delta: Int) -> Int {
    max(0, min(scroll + delta, lineCount - 1))
  }

  /// How many lines the box shows on a screen `height` rows high (what a page is).
  public func visibleLines(height: Int) -> Int {
    max(1, min(lines.count + 3, height - 2) - 2)
  }

  /// The scroll that shows the last page.
  public func lastPage(height: Int) -> Int { max(0, lineCount - visibleLines(height: height)) }

  public func draw(scroll: Int, into canvas: inout Canvas) {
    let box = Chrome.centeredBox(width: Self.width, height: lines.count + 3, in: canvas)
    guard box.width > 10, box.height > 3 else { return }
    canvas.drawBox(box, title: title, fill: Style(.overlay))
    let inner = box.inset(by: 1)
    let keyWidth = min(16, inner.width / 3)
    let visible = inner.height
    let first = max(0, min(scroll, lines.count - visible))
    for (i, line) in lines.dropFirst(first).prefix(visible).enumerated() {
      let y = inner.y + i
      if line.role == .header {
        canvas.put(line.text, x: inner.x + 1, y: y, limit: inner.width - 1, style: Style(.header))
      } else {
        canvas.put(line.keys, x: inner.x + 2, y: y, limit: keyWidth, style: Style(.key))
        canvas.put(
          line.text, x: inner.x + 3 + keyWidth, y: y, limit: inner.maxX - inner.x - 3 - keyWidth,
          style: Style(.overlay))
      }
    }
    if lines.count > visible {
      canvas.putRight(
        " \(first + 1)–\(first + visible)/\(lines.count) ", maxX: box.maxX - 1, y: box.maxY - 1, limit: box.width - 2,
        style: Style(.dim))
    }
  }
}
