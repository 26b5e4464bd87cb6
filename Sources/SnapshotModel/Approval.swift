#if canImport(FoundationEssentials)
  import FoundationEssentials  // Date only; nothing here reads files or the clock
#else
  import Foundation
#endif

/// How the person approving was identified (the order of precedence).
public enum ReviewerSource: String, Sendable, Equatable {
  case flag = "reviewer_flag"
  case environment = "SNAPREV_REVIEWER"
  case osUser = "os_user"
  /// Authenticated by `snaprev serve`'s SSH server: the name is the key's comment in the
  /// authorized_keys file, and `Reviewer.key` the key's fingerprint.
  case sshKey = "ssh_key"
}

/// A person who approves or reviews.
public struct Reviewer: Sendable, Equatable, Hashable {
  /// How they are shown ("Alice Example" or "alice").
  public var name: String
  /// Their stable handle; approvers are de-duplicated by it.
  public var username: String
  public var source: ReviewerSource
  /// The SSH key they authenticated with (`SHA256:…`, as OpenSSH prints it); nil unless
  /// `source` is `.sshKey`.
  public var key: String?

  public init(name: String, username: String, source: ReviewerSource, key: String? = nil) {
    self.name = name
    self.username = username
    self.source = source
    self.key = key
  }
}

/// Sentry's `PreprodComparisonApproval` statuses, plus snaprev's revocation (Sentry has no
/// undo; snaprev keeps the history and appends a record that cancels earlier approvals).
public enum ApprovalKind: String, Sendable {
  case needsApproval = "needs_approval"
  case approved
  case revoked
}

/// One row of an artifact's approval history (approvals.json). Rows are never edited or
/// removed; the newest row that is not revoked decides the status.
public struct ApprovalRecord: Sendable, Equatable {
  public var id: Int
  public var kind: ApprovalKind
  public var createdAt: Date
  /// Who approved or revoked; nil for needs_approval and auto-approvals.
  public var reviewer: Reviewer?
  /// Sentry's `extras.auto_approval`.
  public var auto: Bool
  /// Approved with `--force` (a failed, pending or base-less comparison).
  public var force: Bool
  /// Auto-approvals: the human-approved sibling whose changes matched.
  public var previousApprovedArtifactId: String?
  /// Revocations: the approval rows they cancel.
  public var revokes: [Int]

  public init(
    id: Int, kind: ApprovalKind, createdAt: Date, reviewer: Reviewer? = nil, auto: Bool = false,
    force: Bool = false, previousApprovedArtifactId: String? = nil, revokes: [Int] = []
  ) {
    self.id = id
    self.kind = kind
    self.createdAt = createdAt
    self.reviewer = reviewer
    self.auto = auto
    self.force = force
    self.previousApprovedArtifactId = previousApprovedArtifactId
    self.revokes = revokes
  }
}

/// The API's `approval_status`.
public enum ApprovalStatus: String, Sendable {
  case approved
  case autoApproved = "auto_approved"
  case requiresApproval = "requires_approval"
}

/// What an artifact's history amounts to now.
public struct ApprovalState: Sendable, Equatable {
  public var status: ApprovalStatus?
  /// The human approvals in force, one per person, oldest first.
  public var approvals: [ApprovalRecord]
  public var history: [ApprovalRecord]

  public init(records: [ApprovalRecord]) {
    history = records.sorted { $0.id < $1.id }
    let revoked = Set(records.filter { $0.kind == .revoked }.flatMap(\.revokes))
    let live = history.filter { $0.kind != .revoked && !revoked.contains($0.id) }
    switch live.last {
    case nil: status = nil
    case let newest? where newest.kind == .approved: status = newest.auto ? .autoApproved : .approved
    default: status = .requiresApproval
    }
    var seen = Set<String>()
    approvals = live.filter { record in
      guard record.kind == .approved, !record.auto, let reviewer = record.reviewer else { return false }
      return seen.insert(reviewer.username).inserted
    }
    approvedRecordIds = live.filter { $0.kind == .approved }.map(\.id)
  }

  /// Approval rows in force (human or auto); what `unapprove` revokes.
  public var approvedRecordIds: [Int]

  public var isApproved: Bool { status == .approved || status == .autoApproved }
}

/// Which changes need a human (Sentry's status-check rules, `config.py` defaults).
public struct ApprovalRules: Sendable, Equatable {
  public var enabled = true
  public var failOnAdded = false
  public var failOnRemoved = true
  public var failOnChanged = true
  public var failOnRenamed = false

  public init(
    enabled: Bool = true, failOnAdded: Bool = false, failOnRemoved: Bool = true,
    failOnChanged: Bool = true, failOnRenamed: Bool = false
  ) {
    self.enabled = enabled
    self.failOnAdded = failOnAdded
    self.failOnRemoved = failOnRemoved
    self.failOnChanged = failOnChanged
    self.failOnRenamed = failOnRenamed
  }

  /// `_comparison_has_changes`, plus errored images: Sentry counts an image it could not
  /// compare as a failure of the comparison, so a build holding one never passes without a
  /// human, whatever the rules say (docs/STORE.md, "Errored images need approval").
  public func requireApproval(_ counts: CategoryCounts) -> Bool {
    counts.errored > 0
      || enabled
        && ((failOnChanged && counts.changed > 0) || (failOnRenamed && counts.renamed > 0)
          || (failOnAdded && counts.added > 0) || (failOnRemoved && counts.removed > 0))
  }
}

/// The outcome of `approve`.
public enum ApproveOutcome: Sendable, Equatable {
  case approved(ApprovalRecord)
  /// Sentry's 200 "Already approved": nothing was added.
  case alreadyApproved
}

/// Why `ApprovalActions` refused; the store reports these as `StoreError`s.
public enum ApprovalRefusal: Error, Equatable {
  /// Approving without `force` a comparison that is not a success.
  case needsForce(id: String, state: String)
  /// Nothing to revoke.
  case notApproved(id: String)
}

/// Pure approval decisions; the store persists the records they return.
public enum ApprovalActions {
  /// A human approval. Without `force` the newest comparison must be a success.
  public static func approve(
    artifactId: String, history: [ApprovalRecord], comparisonState: String?, reviewer: Reviewer,
    force: Bool, now: Date
  ) throws(ApprovalRefusal) -> ApproveOutcome {
    let state = ApprovalState(records: history)
    if state.isApproved { return .alreadyApproved }
    if !force && comparisonState != "success" {
      throw .needsForce(id: artifactId, state: comparisonState ?? "none (no base_sha)")
    }
    let record = ApprovalRecord(
      id: (history.map(\.id).max() ?? 0) + 1, kind: .approved, createdAt: now, reviewer: reviewer,
      force: force && comparisonState != "success")
    return .approved(record)
  }

  /// Revokes every approval in force, keeping them in the history.
  public static func unapprove(
    artifactId: String, history: [ApprovalRecord], reviewer: Reviewer, now: Date
  ) throws(ApprovalRefusal) -> ApprovalRecord {
    let state = ApprovalState(records: history)
    guard !state.approvedRecordIds.isEmpty else { throw .notApproved(id: artifactId) }
    return ApprovalRecord(
      id: (history.map(\.id).max() ?? 0) + 1, kind: .revoked, createdAt: now, reviewer: reviewer,
      revokes: state.approvedRecordIds)
  }
}
