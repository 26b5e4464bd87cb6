import TerminalWidgets

/// The team, live: what another reviewer (or an upload) changed in the store, as read after
/// the shell's watch saw a write. Pure, like the rest of `reduce`.
extension ReviewState {
  /// Takes in `refresh` and says, in the status line, who did what since the last read.
  mutating func applyRefresh(_ refresh: StoreRefresh) -> [ReviewEffect] {
    var news: [String] = []
    var known: [String: BuildSummary] = [:]
    for summary in picker.artifacts { known[summary.id] = summary }
    if let open = review?.data.artifact { known[open.id] = open }

    // New builds: only against a list that was loaded (a first load is not news).
    if !picker.loading, !picker.artifacts.isEmpty {
      for summary in refresh.artifacts where known[summary.id] == nil {
        news.append("New build #\(summary.id)" + (summary.headRef.map { " (\($0))" } ?? ""))
      }
    }
    for summary in refresh.artifacts + (refresh.open.map { [$0.artifact] } ?? []) {
      guard let before = known.removeValue(forKey: summary.id) else { continue }
      news += Self.approvalNews(before: before, after: summary)
    }

    if !picker.loading || !picker.artifacts.isEmpty {
      let selectedID = picker.artifacts.indices.contains(picker.selected) ? picker.artifacts[picker.selected].id : nil
      picker.artifacts = refresh.artifacts
      picker.selected = selectedID.flatMap { id in refresh.artifacts.firstIndex { $0.id == id } } ?? picker.selected
      picker.clampScroll(visible: PickerLayout(width: width, height: height).rows.height)
    }

    var effects: [ReviewEffect] = []
    if var screen = review, let data = refresh.open, data.artifact.id == screen.data.artifact.id, data != screen.data {
      news += Self.markNews(before: screen.data, after: data)
      review = nil
      screen.replaceData(data)
      screen.clampScroll(layout: layout)
      effects = screen.syncPreview()
      review = screen
    }
    if let first = news.first {
      message = StatusMessage(news.count == 1 ? first : first + " (and \(news.count - 1) more)")
    }
    return effects
  }

  static func approvalNews(before: BuildSummary, after: BuildSummary) -> [String] {
    var news: [String] = []
    let had = Set(before.approvers.map(\.name))
    for approver in after.approvers where !had.contains(approver.name) {
      news.append("\(approver.name) approved build #\(after.id)")
    }
    if before.isApproved, !after.isApproved {
      if let decision = after.lastDecision, !decision.approved {
        news.append("\(decision.by) revoked the approval of build #\(after.id)")
      } else {
        news.append("The approval of build #\(after.id) was revoked")
      }
    } else if !before.isApproved, after.approvalStatus == .autoApproved {
      news.append("Build #\(after.id) was auto-approved")
    }
    for request in after.changeRequests where !before.changeRequests.contains(request) {
      news.append("\(request.by) requested changes on \(request.fileName): “\(request.note)”")
    }
    return news
  }

  static func markNews(before: ReviewData, after: ReviewData) -> [String] {
    var news: [String] = []
    for entry in after.entries {
      let had = Set(before.othersReviewed[entry.fileName] ?? [])
      for name in after.othersReviewed[entry.fileName] ?? [] where !had.contains(name) {
        news.append("\(name) marked “\(entry.name)” reviewed")
      }
    }
    return news
  }
}
