import ReviewUI
import SnapshotModel

/// Turns the store's records into the reviewer's own input values, so ReviewUI stays a
/// pure library that tests can feed by hand.
public enum ReviewStoreAdapter {
  public static func category(_ category: ImageCategory?) -> ReviewCategory {
    switch category {
    case .changed?: return .changed
    case .added?: return .added
    case .removed?: return .removed
    case .renamed?: return .renamed
    case .unchanged?: return .unchanged
    case .errored?: return .errored
    case .skipped?: return .skipped
    case nil: return .uncompared
    }
  }

  /// `changeRequests`: the build's standing change requests (the store reads them; they are
  /// not part of Sentry's summary).
  public static func summary(_ summary: ArtifactSummary, changeRequests: [ChangeNote] = []) -> BuildSummary {
    let artifact = summary.artifact
    var counts: [ReviewCategory: Int] = [:]
    if let stored = summary.counts {
      for category in ImageCategory.allCases { counts[Self.category(category)] = stored[category] }
    }
    let approval: BuildApproval?
    switch summary.approval.status {
    case .approved?: approval = .approved
    case .autoApproved?: approval = .autoApproved
    case .requiresApproval?: approval = .requiresApproval
    case nil: approval = nil
    }
    return BuildSummary(
      id: artifact.id, appID: artifact.appId, headRef: artifact.vcs.headRef, baseRef: artifact.vcs.baseRef,
      headSHA: artifact.vcs.headSha, baseSHA: artifact.vcs.baseSha, prNumber: artifact.vcs.prNumber,
      buildConfiguration: artifact.buildConfiguration, counts: counts, imageCount: artifact.imageCount,
      comparisonState: summary.comparison.state, comparisonError: summary.comparison.errorMessage,
      approvalStatus: approval,
      approvers: summary.approval.approvals.compactMap { record in
        record.reviewer.map { Approver(name: $0.name, approvedAt: Timestamp.format(record.createdAt)) }
      },
      lastDecision: summary.approval.history.last { $0.reviewer != nil && !$0.auto && $0.kind != .needsApproval }
        .flatMap { record in record.reviewer.map { ApprovalDecision(approved: record.kind == .approved, by: $0.name) } },
      changeRequests: changeRequests)
  }

  public static func image(_ image: SnapshotImage?, name: String?, key: String?, size: ImageSize?) -> ImageRef? {
    guard let name = image?.imageFileName ?? name else { return nil }
    let metadata = image?.metadata
    return ImageRef(
      fileName: name, displayName: metadata?.displayName, group: metadata?.group, key: key ?? image?.key ?? "",
      width: size?.width ?? image?.width ?? 0, height: size?.height ?? image?.height ?? 0,
      description: metadata?.description)
  }

  public static func entry(_ item: ReviewItem) -> ReviewEntry {
    let category = category(item.category)
    let head: ImageRef?
    let base: ImageRef?
    switch category {
    case .removed, .skipped:
      head = nil
      base = image(item.base, name: item.imageFileName, key: item.baseKey, size: item.baseSize)
    case .added, .uncompared:
      head = image(item.head, name: item.imageFileName, key: item.headKey, size: item.headSize)
      base = nil
    case .renamed:
      head = image(item.head, name: item.imageFileName, key: item.headKey, size: item.headSize)
      base = image(item.base, name: item.previousImageFileName, key: item.baseKey, size: item.baseSize)
    case .changed, .unchanged, .errored:
      head = image(item.head, name: item.imageFileName, key: item.headKey, size: item.headSize)
      base = image(item.base, name: item.imageFileName, key: item.baseKey, size: item.baseSize)
    }
    return ReviewEntry(
      category: category, head: head, base: base, diff: item.diff, diffImageKey: item.diffImageKey,
      errorReason: item.erroredReason?.rawValue)
  }

  /// `othersReviewed`: every other reviewer's marks (reviewer → file names), turned into
  /// file name → the reviewers who marked it, sorted.
  public static func data(
    _ details: ArtifactDetails, reviewed: Set<String>, othersReviewed: [String: Set<String>] = [:],
    changeRequests: [ChangeNote] = []
  ) -> ReviewData {
    var byImage: [String: [String]] = [:]
    for (reviewer, names) in othersReviewed {
      for name in names { byImage[name, default: []].append(reviewer) }
    }
    for name in byImage.keys { byImage[name]?.sort() }
    return ReviewData(
      artifact: summary(details.summary, changeRequests: changeRequests), entries: details.items.map(entry), reviewed: reviewed,
      othersReviewed: byImage)
  }
}
