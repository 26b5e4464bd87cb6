import ReviewUI
import TerminalCanvas
import Testing

/// The team, live: another process's writes arrive as `storeChanged`, the shell reads the
/// store (`refreshStore`), and `storeRefreshed` updates the screen and says who did what.
struct TeamLiveTests {
  static func approved(by name: String) -> BuildSummary {
    var summary = Sample.artifact
    summary.approvalStatus = .approved
    summary.approvers = [Approver(name: name)]
    summary.lastDecision = ApprovalDecision(approved: true, by: name)
    return summary
  }

  @Test func aStoreChangeAsksForTheOpenBuild() {
    var state = Sample.reviewState()
    #expect(reduce(&state, .storeChanged) == [.refreshStore(openArtifactID: "2")])
    var picker = ReviewState(artifactID: nil, reviewer: "alice")
    #expect(reduce(&picker, .storeChanged) == [.refreshStore(openArtifactID: nil)])
  }

  @Test func anotherReviewersApprovalShowsWithTheirName() {
    var state = Sample.reviewState()
    var data = Sample.data
    data.artifact = Self.approved(by: "bob")
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [data.artifact], open: data))])
    #expect(state.message?.text == "bob approved build #2")
    #expect(state.review?.data.artifact.approvalStatus == .approved)
    #expect(render(state).text.contains("bob approved build #2"))
  }

  @Test func aRevocationByAnotherReviewerNamesThem() {
    var state = Sample.reviewState()
    var data = Sample.data
    data.artifact = Self.approved(by: "bob")
    Sample.run(&state, [.artifactLoaded(data)])
    data.artifact.approvalStatus = .requiresApproval
    data.artifact.approvers = []
    data.artifact.lastDecision = ApprovalDecision(approved: false, by: "carol")
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [], open: data))])
    #expect(state.message?.text == "carol revoked the approval of build #2")
    #expect(state.review?.data.artifact.approvalStatus == .requiresApproval)
  }

  /// The bug the issue reports: the screen still says approved, another reviewer revoked;
  /// `a` must open the dialog, because it asks the store rather than the screen.
  @Test func theApprovalDialogDecidesOnTheStoredState() {
    var state = Sample.reviewState()
    var stale = Sample.data
    stale.artifact = Self.approved(by: "bob")
    Sample.run(&state, [.artifactLoaded(stale)])
    let effects = reduce(&state, .key(.character("a")))
    #expect(effects == [.checkApproval(artifactID: "2")])
    #expect(state.overlay == nil)
    var stored = Sample.artifact
    stored.lastDecision = ApprovalDecision(approved: false, by: "bob")
    #expect(reduce(&state, .approvalChecked(stored)).isEmpty)
    #expect(state.overlay == .confirmApprove(force: false))
    #expect(state.review?.data.artifact.approvalStatus == .requiresApproval)

    // And the other way round: approved meanwhile, the dialog does not open.
    var other = Sample.reviewState()
    _ = reduce(&other, .key(.character("a")))
    _ = reduce(&other, .approvalChecked(Self.approved(by: "bob")))
    #expect(other.overlay == nil)
    #expect(other.message?.text == "Already approved by bob")
  }

  @Test func aNewBuildAppearsInThePicker() {
    var state = ReviewState(artifactID: nil, reviewer: "alice")
    Sample.run(&state, [.artifactsLoaded(Sample.artifacts)])
    var fresh = Sample.artifact
    fresh.id = "3"
    fresh.headRef = "feature/live"
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [fresh] + Sample.artifacts, open: nil))])
    #expect(state.picker.artifacts.map(\.id) == ["3", "2", "1"])
    #expect(state.message?.text == "New build #3 (feature/live)")
    // The selection stays on the build it was on.
    #expect(state.picker.artifacts[state.picker.selected].id == "2")
  }

  @Test func nothingChangedSaysNothing() {
    var state = Sample.reviewState()
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: Sample.artifacts, open: Sample.data))])
    #expect(state.message == nil)
  }

  @Test func marksByOthersShowInTheFactsLine() throws {
    var state = Sample.reviewState()
    var data = Sample.data
    data.othersReviewed = ["ipad/login.png": ["bob", "carol"]]
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [], open: data))])
    #expect(state.message?.text == "bob marked “Login” reviewed (and 1 more)")
    #expect(state.review?.selectedEntry?.fileName == "ipad/login.png")
    let canvas = render(state)
    #expect(canvas.text.contains("seen by bob, carol"))
    try Golden.check(canvas, "team-seen-by-80x24")
  }

  /// A reviewer name is untrusted text from a store file: escaped on the screen.
  @Test func reviewerNamesAreEscaped() {
    var state = Sample.reviewState()
    var data = Sample.data
    data.othersReviewed = ["ipad/login.png": ["eve\u{1B}[2J"]]
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [], open: data))])
    let text = render(state).text
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("seen by eve"))
  }
}
