import TerminalCanvas

/// The `?` overlay's lines, generated from the keymap table.
func helpLines() -> [(text: String, role: Role, keys: String)] {
  var lines: [(String, Role, String)] = []
  for context in ReviewKeymap.helpOrder {
    let bindings = ReviewKeymap.table.bindings(in: context)
    guard !bindings.isEmpty else { continue }
    if !lines.isEmpty { lines.append(("", .normal, "")) }
    lines.append((context.title, .header, ""))
    for binding in bindings { lines.append((binding.help, .normal, binding.keyLabel)) }
    if context == .filter { lines.append(("Type to add to the filter", .normal, "a-z…")) }
  }
  return lines
}

func helpLineCount() -> Int { helpLines().count }

/// A box centred on the canvas, at most `width` x `height`.
private func centeredBox(width: Int, height: Int, in canvas: Canvas) -> Rect {
  let w = min(width, canvas.width - 2)
  let h = min(height, canvas.height - 2)
  return Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
}

func renderHelp(_ state: ReviewState, scroll: Int, into canvas: inout Canvas) {
  let lines = helpLines()
  let box = centeredBox(width: 90, height: lines.count + 3, in: canvas)
  guard box.width > 10, box.height > 3 else { return }
  canvas.drawBox(box, title: "Keys · j/k scroll · any other key closes", fill: Style(.overlay))
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
      canvas.put(line.text, x: inner.x + 3 + keyWidth, y: y, limit: inner.maxX - inner.x - 3 - keyWidth, style: Style(.overlay))
    }
  }
  if lines.count > visible {
    canvas.putRight(" \(first + 1)–\(first + visible)/\(lines.count) ", maxX: box.maxX - 1, y: box.maxY - 1, limit: box.width - 2, style: Style(.dim))
  }
}

func renderConfirm(_ state: ReviewState, force: Bool, into canvas: inout Canvas) {
  guard let artifact = state.review?.data.artifact else { return }
  var lines: [(String, Role)] = [
    ("Approve build #\(artifact.id)?", .title),
    ((artifact.appID ?? "no app id") + "  " + Format.refs(artifact), .normal),
    ("as \(state.reviewer)", .normal),
  ]
  if force {
    lines.append(("The comparison is \(artifact.comparisonState ?? "missing"): this is a forced approval.", .warning))
  }
  let progress = state.review?.progress ?? (reviewed: 0, total: 0)
  if progress.reviewed < progress.total {
    lines.append(("\(progress.total - progress.reviewed) of \(progress.total) images not marked reviewed.", .dim))
  }
  let box = centeredBox(width: 64, height: lines.count + 5, in: canvas)
  guard box.width > 10, box.height > 3 else { return }
  canvas.drawBox(box, title: "Approve", fill: Style(.overlay))
  let inner = box.inset(by: 1)
  var y = inner.y + 1
  for (text, role) in lines where y < inner.maxY - 1 {
    canvas.put(text, x: inner.x + 2, y: y, limit: inner.width - 3, style: Style(role == .normal ? .overlay : role))
    y += 1
  }
  let hints = ReviewKeymap.table.hints(in: [.confirm]).map { (keys: $0.keys, text: $0.text) }
  canvas.putHints(hints, x: inner.x + 1, y: inner.maxY - 1, width: inner.width - 2)
}
