import Testing

@testable import SnapshotModel

/// The fingerprint rules of Sentry's auto-approval, without a store.
@Suite struct AutoApprovalTests {
  @Test func fingerprintDecisionsFollowSentry() {
    let head: Set<AutoApproval.Fingerprint> = [
      .init(name: "a.png", status: .changed, headHash: "1"), .init(name: "b.png", status: .removed),
    ]
    #expect(AutoApproval.decide(head: [], sibling: head, evidence: [:]) == .noChanges)
    #expect(AutoApproval.decide(head: head, sibling: head, evidence: [:]) == .approved(thresholdMatches: 0))
    let rehashed: Set<AutoApproval.Fingerprint> = [
      .init(name: "a.png", status: .changed, headHash: "2"), .init(name: "b.png", status: .removed),
    ]
    #expect(AutoApproval.decide(head: head, sibling: rehashed, evidence: [:]) == .evidenceMismatch("a.png"))
    #expect(AutoApproval.decide(head: head, sibling: rehashed, evidence: ["a.png": true]) == .approved(thresholdMatches: 1))
    let restructured: Set<AutoApproval.Fingerprint> = [.init(name: "a.png", status: .added, headHash: "1")]
    #expect(AutoApproval.decide(head: head, sibling: restructured, evidence: [:]) == .structureMismatch)
    let entries = [
      ComparisonEntry(imageFileName: "u.png", category: .unchanged, headKey: "x"),
      ComparisonEntry(imageFileName: "s.png", category: .skipped, baseKey: "y"),
      ComparisonEntry(imageFileName: "r.png", category: .renamed, headKey: "z", previousImageFileName: "q.png"),
    ]
    #expect(AutoApproval.fingerprints(entries) == [.init(name: "r.png", status: .renamed, headHash: "z", previousName: "q.png")])
  }
}
