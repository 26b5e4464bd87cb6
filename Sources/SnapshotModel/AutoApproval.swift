import TextEscaping

/// Sentry's auto-approval (`snapshots/approval.py`): a new upload whose changes are the
/// same as those a human already approved on a sibling build (same project, app, build
/// configuration, PR and head repo) is approved without asking again.
public enum AutoApproval {
  /// (name, status, head hash, previous name) of one non-unchanged, non-skipped image.
  public struct Fingerprint: Sendable, Hashable {
    public var name: String
    public var status: ImageCategory
    public var headHash: String?
    public var previousName: String?

    public init(name: String, status: ImageCategory, headHash: String? = nil, previousName: String? = nil) {
      self.name = name
      self.status = status
      self.headHash = headHash
      self.previousName = previousName
    }
  }

  /// `_build_comparison_fingerprints`.
  public static func fingerprints(_ entries: [ComparisonEntry]) -> Set<Fingerprint> {
    var result = Set<Fingerprint>()
    for entry in entries {
      switch entry.category {
      case .unchanged, .skipped:
        continue
      case .changed, .added:
        guard let hash = entry.headKey, !hash.isEmpty else { continue }
        result.insert(Fingerprint(name: entry.imageFileName, status: entry.category, headHash: hash))
      case .renamed:
        guard let hash = entry.headKey, !hash.isEmpty, let previous = entry.previousImageFileName,
          !previous.isEmpty
        else { continue }
        result.insert(
          Fingerprint(name: entry.imageFileName, status: .renamed, headHash: hash, previousName: previous))
      case .removed, .errored:
        result.insert(Fingerprint(name: entry.imageFileName, status: entry.category))
      }
    }
    return result
  }

  /// An image whose only difference from the sibling is its content hash.
  public struct HashOnlyDifference: Sendable, Equatable {
    public var name: String
    public var headHash: String
    public var siblingHash: String
  }

  /// `_hash_only_diffs`: nil when names or statuses differ (the structure does not match),
  /// else the differences that need pixel evidence, by name.
  public static func hashOnlyDifferences(
    head: Set<Fingerprint>, sibling: Set<Fingerprint>
  ) -> [HashOnlyDifference]? {
    let headByName = Dictionary(head.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let siblingByName = Dictionary(sibling.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    guard Set(headByName.keys) == Set(siblingByName.keys) else { return nil }
    var differences: [HashOnlyDifference] = []
    for name in headByName.keys.sorted(by: CodePoint.precedes) {
      guard let mine = headByName[name], let theirs = siblingByName[name] else { return nil }
      if mine == theirs { continue }
      var mineWithoutHash = mine
      var theirsWithoutHash = theirs
      mineWithoutHash.headHash = nil
      theirsWithoutHash.headHash = nil
      guard mineWithoutHash == theirsWithoutHash, let headHash = mine.headHash,
        let siblingHash = theirs.headHash
      else { return nil }
      differences.append(HashOnlyDifference(name: name, headHash: headHash, siblingHash: siblingHash))
    }
    return differences
  }

  public enum Decision: Sendable, Equatable {
    case approved(thresholdMatches: Int)
    case noChanges
    case structureMismatch
    /// The pixels of this image differ from the sibling's beyond the threshold.
    case evidenceMismatch(String)
  }

  /// `decide_approval`. `evidence[name]` is true when the head image and the sibling's
  /// image of that name are within the head's threshold (a pixel diff said "unchanged").
  public static func decide(
    head: Set<Fingerprint>, sibling: Set<Fingerprint>, evidence: [String: Bool]
  ) -> Decision {
    if head.isEmpty { return .noChanges }
    guard let differences = hashOnlyDifferences(head: head, sibling: sibling) else {
      return .structureMismatch
    }
    for difference in differences where evidence[difference.name] != true {
      return .evidenceMismatch(difference.name)
    }
    return .approved(thresholdMatches: differences.count)
  }

  /// The newest sibling a human approved (approval in force) that has a successful
  /// comparison. `approvals` and `hasSuccess` answer for a given artifact id. Both builds
  /// need a PR number and a head repo, as in Sentry.
  public static func sibling(
    of head: Artifact, among artifacts: [Artifact], approvals: (String) -> ApprovalState,
    hasSuccess: (String) -> Bool
  ) -> Artifact? {
    guard let pr = head.vcs.prNumber, let repo = head.vcs.headRepoName else { return nil }
    return artifacts
      .filter {
        $0.id != head.id && $0.project == head.project && $0.appId == head.appId
          && $0.buildConfiguration == head.buildConfiguration && $0.vcs.prNumber == pr
          && $0.vcs.headRepoName == repo
      }
      .sorted { $0.number > $1.number }
      .first { candidate in
        // Human approvals only: chaining through auto-approvals would let drift compound.
        !approvals(candidate.id).approvals.isEmpty && approvals(candidate.id).status == .approved
          && hasSuccess(candidate.id)
      }
  }
}
