import TerminalCanvas

/// The seven categories of a comparison, in the order the list shows them and the
/// number keys 1–7 select them, plus the images of a build that was not compared
/// (no base yet, or no base_sha).
public enum ReviewCategory: String, CaseIterable, Sendable, Hashable {
  case changed, added, removed, renamed, errored, skipped, unchanged
  case uncompared

  public var title: String {
    switch self {
    case .changed: return "Changed"
    case .added: return "Added"
    case .removed: return "Removed"
    case .renamed: return "Renamed"
    case .errored: return "Errored"
    case .skipped: return "Skipped"
    case .unchanged: return "Unchanged"
    case .uncompared: return "Not compared"
    }
  }

  /// Short sign used in count summaries ("~3 +1 -1").
  public var sign: String {
    switch self {
    case .changed: return "~"
    case .added: return "+"
    case .removed: return "-"
    case .renamed: return "»"
    case .errored: return "!"
    case .skipped: return "·"
    case .unchanged: return "="
    case .uncompared: return "?"
    }
  }

  public var role: Role {
    switch self {
    case .changed: return .changed
    case .added: return .added
    case .removed: return .removed
    case .renamed: return .renamed
    case .errored: return .errored
    case .skipped: return .skipped
    case .unchanged, .uncompared: return .unchanged
    }
  }

  /// Whether images of this category count toward review progress. Unchanged and
  /// skipped images have nothing to look at.
  public var needsReview: Bool { self != .unchanged && self != .skipped && self != .uncompared }

  /// 1-based number of the category (its jump key).
  public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }
}

/// One stored image as the reviewer needs it.
public struct ImageRef: Sendable, Equatable {
  public var fileName: String
  public var displayName: String?
  public var group: String?
  /// Content key in the store (SHA-256 of the PNG bytes); empty when unknown.
  public var key: String
  public var width: Int
  public var height: Int
  public var description: String?

  public init(
    fileName: String, displayName: String? = nil, group: String? = nil, key: String,
    width: Int, height: Int, description: String? = nil
  ) {
    self.fileName = fileName
    self.displayName = displayName
    self.group = group
    self.key = key
    self.width = width
    self.height = height
    self.description = description
  }
}

/// One line of a comparison: an image (or a pair) and its category.
public struct ReviewEntry: Sendable, Equatable {
  public var category: ReviewCategory
  public var head: ImageRef?
  public var base: ImageRef?
  /// Fraction of changed canvas pixels (changed images only).
  public var diff: Double?
  /// Store key of the diff mask (changed images only).
  public var diffImageKey: String?
  /// Why the pair could not be compared (errored images), e.g. `exceeds_pixel_limit`.
  public var errorReason: String?

  public init(
    category: ReviewCategory, head: ImageRef?, base: ImageRef?, diff: Double? = nil,
    diffImageKey: String? = nil, errorReason: String? = nil
  ) {
    self.category = category
    self.head = head
    self.base = base
    self.diff = diff
    self.diffImageKey = diffImageKey
    self.errorReason = errorReason
  }

  /// The image file name review marks are stored under: the head's, else the base's.
  public var fileName: String { head?.fileName ?? base?.fileName ?? "" }

  /// What the list shows: the display name, else the file name.
  public var name: String {
    let image = head ?? base
    if let display = image?.displayName, !display.isEmpty { return display }
    return fileName
  }

  /// The device or variant the image belongs to (sidecar `group`).
  public var group: String? { head?.group ?? base?.group }
}

public enum BuildApproval: String, Sendable, Equatable {
  case approved
  case autoApproved = "auto_approved"
  case requiresApproval = "requires_approval"
}

/// A reviewer's standing request for changes on one image, with their note (untrusted
/// text from the store: drawn escaped, like every name).
public struct ChangeNote: Sendable, Equatable {
  public var fileName: String
  public var note: String
  public var by: String

  public init(fileName: String, note: String, by: String) {
    self.fileName = fileName
    self.note = note
    self.by = by
  }
}

/// The newest approval or revocation a person made (auto-approvals are not decisions).
/// Lets a refresh say who revoked, which the approvers in force no longer show.
public struct ApprovalDecision: Sendable, Equatable {
  public var approved: Bool
  public var by: String

  public init(approved: Bool, by: String) {
    self.approved = approved
    self.by = by
  }
}

public struct Approver: Sendable, Equatable {
  public var name: String
  public var approvedAt: String?

  public init(name: String, approvedAt: String? = nil) {
    self.name = name
    self.approvedAt = approvedAt
  }
}

/// What the picker and the status line say about one artifact (one uploaded build).
public struct BuildSummary: Sendable, Equatable {
  public var id: String
  public var appID: String?
  public var headRef: String?
  public var baseRef: String?
  public var headSHA: String?
  public var baseSHA: String?
  public var prNumber: Int?
  public var buildConfiguration: String?
  public var counts: [ReviewCategory: Int]
  public var imageCount: Int
  public var comparisonState: String?
  public var comparisonError: String?
  public var approvalStatus: BuildApproval?
  public var approvers: [Approver]
  public var lastDecision: ApprovalDecision?
  /// Change requests made since the last human approval (the store's "standing" ones):
  /// while any stands, the build shows CHANGES REQUESTED and approving needs `!`.
  public var changeRequests: [ChangeNote]

  public init(
    id: String, appID: String? = nil, headRef: String? = nil, baseRef: String? = nil,
    headSHA: String? = nil, baseSHA: String? = nil, prNumber: Int? = nil,
    buildConfiguration: String? = nil, counts: [ReviewCategory: Int] = [:], imageCount: Int = 0,
    comparisonState: String? = nil, comparisonError: String? = nil,
    approvalStatus: BuildApproval? = nil, approvers: [Approver] = [], lastDecision: ApprovalDecision? = nil,
    changeRequests: [ChangeNote] = []
  ) {
    self.changeRequests = changeRequests
    self.lastDecision = lastDecision
    self.id = id
    self.appID = appID
    self.headRef = headRef
    self.baseRef = baseRef
    self.headSHA = headSHA
    self.baseSHA = baseSHA
    self.prNumber = prNumber
    self.buildConfiguration = buildConfiguration
    self.counts = counts
    self.imageCount = imageCount
    self.comparisonState = comparisonState
    self.comparisonError = comparisonError
    self.approvalStatus = approvalStatus
    self.approvers = approvers
  }

  public func count(_ category: ReviewCategory) -> Int { counts[category] ?? 0 }

  /// Approved by a person or automatically.
  public var isApproved: Bool { approvalStatus == .approved || approvalStatus == .autoApproved }

  /// Whether approving needs `--force` (no successful comparison to approve).
  public var needsForce: Bool { comparisonState != "success" }
}

/// Everything the review screen shows for one artifact.
public struct ReviewData: Sendable, Equatable {
  public var artifact: BuildSummary
  public var entries: [ReviewEntry]
  /// File names the reviewer has marked reviewed (stored, so a review resumes).
  public var reviewed: Set<String>
  /// Who else marked each image reviewed (file name → reviewer names, sorted): the team's
  /// progress, shown beside the reviewer's own.
  public var othersReviewed: [String: [String]]

  public init(
    artifact: BuildSummary, entries: [ReviewEntry], reviewed: Set<String> = [], othersReviewed: [String: [String]] = [:]
  ) {
    self.artifact = artifact
    self.entries = entries
    self.reviewed = reviewed
    self.othersReviewed = othersReviewed
  }
}
