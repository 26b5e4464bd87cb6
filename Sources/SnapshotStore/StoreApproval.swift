import SnapshotModel

extension SnapshotStore {
  /// A human approval (`snaprev approve`). Without `force` the comparison must have
  /// succeeded; with it, a failed, pending or base-less artifact can be approved too.
  /// A repeat approval adds nothing and answers `.alreadyApproved`.
  @discardableResult
  public func approve(id: String, reviewer: Reviewer, force: Bool = false) throws(StoreError) -> ApproveOutcome {
    try withWriteLock(create: false) { _ throws(StoreError) in
      let summary = try summary(of: id)
      try removeStaleTemporaryFiles(everywhere: false, artifacts: [id])
      let history = try files.approvals(id)
      let outcome: ApproveOutcome
      do throws(ApprovalRefusal) {
        outcome = try ApprovalActions.approve(
          artifactId: id, history: history, comparisonState: summary.comparison.state, reviewer: reviewer,
          force: force, now: now())
      } catch {
        throw StoreError(error)
      }
      if case .approved(let record) = outcome {
        try files.writeApprovals(history + [record], in: files.artifactDirectory(id))
      }
      return outcome
    }
  }

  /// Revokes the approvals in force (`snaprev unapprove`); the history keeps them.
  @discardableResult
  public func unapprove(id: String, reviewer: Reviewer) throws(StoreError) -> ApprovalRecord {
    try withWriteLock(create: false) { _ throws(StoreError) in
      _ = try files.artifact(id)
      try removeStaleTemporaryFiles(everywhere: false, artifacts: [id])
      let history = try files.approvals(id)
      let record: ApprovalRecord
      do throws(ApprovalRefusal) {
        record = try ApprovalActions.unapprove(artifactId: id, history: history, reviewer: reviewer, now: now())
      } catch {
        throw StoreError(error)
      }
      try files.writeApprovals(history + [record], in: files.artifactDirectory(id))
      return record
    }
  }

  /// The approval history, oldest first.
  public func approvalHistory(id: String) throws(StoreError) -> [ApprovalRecord] {
    _ = try files.requireStore()
    _ = try files.artifact(id)
    return try files.approvals(id).sorted { $0.id < $1.id }
  }

  // MARK: - Review progress

  /// Marks an image reviewed by `reviewer` (the reviewer's `x`); kept per reviewer so a
  /// review resumes in the next session. The name is checked for shape, not looked up.
  public func markReviewed(artifact id: String, imageFileName: String, reviewer: Reviewer) throws(StoreError) {
    try updateMarks(artifact: id, imageFileName: imageFileName, reviewer: reviewer) { $0.insert(imageFileName) }
  }

  /// Removes a mark (the reviewer's undo).
  public func unmark(artifact id: String, imageFileName: String, reviewer: Reviewer) throws(StoreError) {
    try updateMarks(artifact: id, imageFileName: imageFileName, reviewer: reviewer) { $0.remove(imageFileName) }
  }

  /// The images `reviewer` has marked in this artifact.
  public func reviewedImages(artifact id: String, reviewer: Reviewer) throws(StoreError) -> Set<String> {
    _ = try files.requireStore()
    _ = try files.artifact(id)
    return Set(try files.reviewed(id, reviewer: reviewer.username))
  }

  private func updateMarks(
    artifact id: String, imageFileName: String, reviewer: Reviewer, _ change: (inout Set<String>) -> Void
  ) throws(StoreError) {
    if case .failure(let problem) = ImageNames.validate(imageFileName) {
      throw .unknownImageName(artifact: id, name: "\(imageFileName) (\(problem))")
    }
    try withWriteLock(create: false) { _ throws(StoreError) in
      _ = try files.artifact(id)
      try removeStaleTemporaryFiles(everywhere: false, artifacts: [id])
      var marks = Set(try files.reviewed(id, reviewer: reviewer.username))
      let before = marks
      change(&marks)
      if marks != before { try files.writeReviewed(marks, id, reviewer: reviewer.username) }
    }
  }
}
