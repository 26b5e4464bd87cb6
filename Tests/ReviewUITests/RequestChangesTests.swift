import ReviewUI
import TerminalCanvas
import Testing

/// `c` asks for changes on an image with a one-line note; the build then shows CHANGES
/// REQUESTED, the note shows on the image, and approving needs `!` as well as `y`.
struct RequestChangesTests {
  @Test func cTypesANoteAndEnterStoresIt() throws {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("c"))
    #expect(state.keyContexts == [.note])
    Sample.run(&state, Sample.keys("Button is cut off"))
    #expect(state.review?.noteDraft == "Button is cut off")
    try Golden.check(render(state), "request-changes-typing-80x24")
    let effects = Sample.run(&state, [.key(.enter)])
    #expect(effects.first == .requestChanges(artifactID: "2", fileName: "ipad/login.png", note: "Button is cut off"))
    #expect(state.review?.noteDraft == nil)
    #expect(state.message?.text == "Requested changes on “Login”: build #2 shows CHANGES REQUESTED")
    let canvas = render(state)
    #expect(canvas.lines[0].contains("CHANGES REQUESTED"))
    #expect(canvas.text.contains("Changed 2.90%  alice asks: “Button is cut off”"))
    try Golden.check(canvas, "request-changes-stored-80x24")
  }

  @Test func escapeCancelsAndAnEmptyNoteIsRefused() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("c") + [.key(.enter)])
    #expect(state.review?.noteDraft == "")
    #expect(state.message?.text == "Type what should change first (Esc cancels)")
    Sample.run(&state, Sample.keys("ab") + [.key(.backspace), .key(.escape)])
    #expect(state.review?.noteDraft == nil)
    #expect(state.message?.text == "Change request cancelled: nothing was stored")
    #expect(state.review?.data.artifact.changeRequests.isEmpty == true)
  }

  @Test func aNoteStopsAtTheLimit() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("c" + String(repeating: "x", count: ReviewScreen.noteLimit + 5)))
    #expect(state.review?.noteDraft?.count == ReviewScreen.noteLimit)
    #expect(state.message?.text == "A note is one line of 200 characters at most")
  }

  @Test func approvingOverAChangeRequestNeedsTheOverrideKey() throws {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("c") + Sample.keys("wrong colour") + [.key(.enter)])
    Sample.run(&state, Sample.keys("a"))
    #expect(state.overlay == .confirmApprove(force: false))
    try Golden.check(render(state), "request-changes-confirm-80x24")
    // y alone does not approve; the dialog stays and says why.
    var effects = Sample.run(&state, Sample.keys("y"))
    #expect(!effects.contains { if case .approve = $0 { true } else { false } })
    #expect(state.overlay == .confirmApprove(force: false))
    #expect(state.message?.text == "Changes were requested: ! approves over them, any other key cancels")
    effects = Sample.run(&state, Sample.keys("!"))
    #expect(effects.contains(.approve(artifactID: "2", force: false)))
    #expect(state.overlay == nil)
  }

  @Test func anotherReviewersRequestArrivesWithItsNote() {
    var state = Sample.reviewState()
    var data = Sample.data
    data.artifact.changeRequests = [ChangeNote(fileName: "ipad/login.png", note: "bad\u{1B}]0;x\u{07}", by: "bob")]
    Sample.run(&state, [.storeRefreshed(StoreRefresh(artifacts: [], open: data))])
    #expect(state.message?.text.hasPrefix("bob requested changes on ipad/login.png") == true)
    let text = render(state).text
    #expect(text.contains("CHANGES REQUESTED"))
    #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
  }

  @Test func aReadOnlyReviewHasNoRequestKey() {
    var state = Sample.reviewState()
    state.readOnlyReason = "nothing stored"
    Sample.run(&state, Sample.keys("c"))
    #expect(state.review?.noteDraft == nil)
    #expect(state.message?.text == "nothing stored")
  }
}
