/// One artifact as `list`, `status` and the reviewer's artifact list show it.
public struct ArtifactSummary: Sendable, Equatable {
  public var artifact: Artifact
  public var comparison: ComparisonStatus
  /// Per category, from the shown (newest successful) comparison; nil outside diff mode.
  public var counts: CategoryCounts?
  public var approval: ApprovalState

  public init(
    artifact: Artifact, comparison: ComparisonStatus, counts: CategoryCounts?, approval: ApprovalState
  ) {
    self.artifact = artifact
    self.comparison = comparison
    self.counts = counts
    self.approval = approval
  }

  public var id: String { artifact.id }

  /// What a CI gate should make of the artifact.
  public var gate: Gate {
    Gate.decide(
      approvalStatus: approval.status?.rawValue, comparisonState: comparison.state,
      errorMessage: comparison.errorMessage)
  }

  /// `snaprev status` exit codes (documented in docs/STORE.md and the README).
  public enum Gate: Sendable, Equatable {
    case passes(String)
    case requiresApproval
    case failed(String)
    case waiting(String)

    /// The one rule, on the values Sentry's details carry (`approval_status`,
    /// `comparison_state`, `comparison_error_message`), so a local store and a remote
    /// server's response (`status --server`) are judged alike.
    public static func decide(approvalStatus: String?, comparisonState: String?, errorMessage: String?) -> Gate {
      switch approvalStatus {
      case "approved": return .passes("approved")
      case "auto_approved": return .passes("auto-approved")
      case "requires_approval": return .requiresApproval
      default: break
      }
      switch comparisonState {
      case "failed": return .failed(errorMessage ?? "the comparison failed")
      case "no_base_build": return .failed("no base build was uploaded within the grace period")
      case "waiting_for_base": return .waiting("waiting for the base build to be uploaded")
      case "pending", "processing": return .waiting("the comparison is \(comparisonState ?? "pending")")
      case "success": return .passes("nothing to approve")
      default: return .passes("nothing to approve (no base_sha, nothing to compare)")
      }
    }

    public var exitCode: Int32 {
      switch self {
      case .passes: return 0
      case .requiresApproval: return 2
      case .failed: return 3
      case .waiting: return 4
      }
    }
  }
}

/// Width and height of one image.
public struct ImageSize: Sendable, Equatable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// One image as the reviewer lists it: its category, both sides, and the diff.
public struct ReviewItem: Sendable, Equatable {
  /// nil when the artifact was not compared (solo or waiting for its base).
  public var category: ImageCategory?
  /// The identity (the head name; the base name for removed and skipped images).
  public var imageFileName: String
  /// Renamed images: the name in the base.
  public var previousImageFileName: String?
  public var head: SnapshotImage?
  public var base: SnapshotImage?
  public var headKey: String?
  public var baseKey: String?
  public var headSize: ImageSize?
  public var baseSize: ImageSize?
  /// Measured share of changed pixels (pairs that were diffed).
  public var diff: Double?
  /// The stored mask (changed images): read it with `imageData(key:)`.
  public var diffImageKey: String?
  public var erroredReason: ErroredReason?

  public init(
    category: ImageCategory?, imageFileName: String, previousImageFileName: String? = nil,
    head: SnapshotImage? = nil, base: SnapshotImage? = nil, headKey: String? = nil, baseKey: String? = nil,
    headSize: ImageSize? = nil, baseSize: ImageSize? = nil, diff: Double? = nil, diffImageKey: String? = nil,
    erroredReason: ErroredReason? = nil
  ) {
    self.category = category
    self.imageFileName = imageFileName
    self.previousImageFileName = previousImageFileName
    self.head = head
    self.base = base
    self.headKey = headKey
    self.baseKey = baseKey
    self.headSize = headSize
    self.baseSize = baseSize
    self.diff = diff
    self.diffImageKey = diffImageKey
    self.erroredReason = erroredReason
  }

  /// What to call the image: its display name, else its file name.
  public var displayName: String { head?.metadata.displayName ?? base?.metadata.displayName ?? imageFileName }
  public var group: String? { head?.metadata.group ?? base?.metadata.group }
}

/// One artifact with every image categorized, for the reviewer.
public struct ArtifactDetails: Sendable, Equatable {
  public var summary: ArtifactSummary
  /// Changed (by diff, largest first), then added, removed, renamed, unchanged, errored,
  /// skipped (each by file name); or the head images by name when not compared.
  public var items: [ReviewItem]
  /// The comparison the items come from.
  public var comparisonRecord: ComparisonRecord?

  public init(summary: ArtifactSummary, items: [ReviewItem], comparisonRecord: ComparisonRecord?) {
    self.summary = summary
    self.items = items
    self.comparisonRecord = comparisonRecord
  }
}
