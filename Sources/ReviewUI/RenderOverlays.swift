import TerminalCanvas
import TerminalWidgets

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
  for request in artifact.changeRequests.prefix(3) {
    lines.append(("Changes requested by \(request.by) on \(request.fileName): “\(request.note)”", .errored))
  }
  if artifact.changeRequests.count > 3 {
    lines.append(("… and \(artifact.changeRequests.count - 3) more change requests", .errored))
  }
  if !artifact.changeRequests.isEmpty {
    lines.append(("! approves over them (y alone does not); any other key cancels", .warning))
  }
  let progress = state.review?.progress ?? (reviewed: 0, total: 0)
  if progress.reviewed < progress.total {
    lines.append(("\(progress.total - progress.reviewed) of \(progress.total) images not marked reviewed.", .dim))
  }
  let box = Chrome.centeredBox(width: 64, height: lines.count + 5, in: canvas)
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
