#if canImport(FoundationEssentials)
  import FoundationEssentials  // Date only; nothing here reads files or the clock
#else
  import Foundation
#endif

/// The API's `comparison_type`.
public enum ComparisonType: String, Sendable {
  case diff
  case waitingForBase = "waiting_for_base"
  case solo
}

/// What an artifact's comparison rows amount to at a given moment (contract §1).
public struct ComparisonStatus: Sendable, Equatable {
  public var type: ComparisonType
  /// pending, processing, success, failed, waiting_for_base, no_base_build, or nil (no base_sha).
  public var state: String?
  public var errorMessage: String?
  /// The base of the shown comparison (the newest success in diff mode), else nil.
  public var baseArtifactId: String?
  /// The comparison whose lists are shown (diff mode only).
  public var shown: ComparisonRecord?

  /// Sentry's `MISSING_BASE_GRACE_PERIOD_SECONDS`.
  public static let gracePeriod: TimeInterval = 600
  /// Sentry's message when a selective base's ancestor never arrived.
  public static let chainIncompleteMessage = "Base snapshot chain incomplete (missing ancestor build)."

  public init(
    artifact: Artifact, records: [ComparisonRecord], baseExists: Bool, now: Date
  ) {
    let newest = records.max { $0.number < $1.number }
    let newestSuccess = records.filter { $0.state == .success }.max { $0.number < $1.number }
    shown = newestSuccess

    if let newest {
      // A pending row (ancestor missing) fails once the grace period is over, as Sentry's
      // retry does; derived at read time because nothing runs in the background.
      if newest.state == .pending && now.timeIntervalSince(newest.createdAt) > Self.gracePeriod {
        state = ComparisonRecordState.failed.rawValue
        errorMessage = Self.chainIncompleteMessage
      } else {
        state = newest.state.rawValue
        errorMessage = newest.state == .failed ? newest.errorMessage : nil
      }
    } else if artifact.vcs.baseSha != nil {
      let waited = now.timeIntervalSince(artifact.createdAt)
      state = !baseExists && waited > Self.gracePeriod ? "no_base_build" : "waiting_for_base"
      errorMessage = nil
    } else {
      state = nil
      errorMessage = nil
    }

    if let newestSuccess {
      type = .diff
      baseArtifactId = newestSuccess.baseArtifactId
    } else if artifact.vcs.baseSha != nil && records.isEmpty {
      type = .waitingForBase
      baseArtifactId = nil
    } else {
      type = .solo
      baseArtifactId = newest?.baseArtifactId
    }
  }
}
