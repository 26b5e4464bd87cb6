import ReviewUI
import TerminalCanvas
import Testing

/// The footer offers only keys that act on the row and always keeps help and quit; the
/// help pages; undo says what it undid.
struct FooterAndHelpTests {
  static func footer(_ state: ReviewState) -> String { render(state).lines[state.height - 1] }

  @Test func footerAlwaysEndsWithHelpAndQuit() {
    for width in [60, 80, 120, 200] {
      let state = Sample.reviewState(width: width, height: 24)
      let line = Self.footer(state).trimmingCharacters(in: .whitespaces)
      #expect(line.hasSuffix("? help  q quit"), "\(width): \(line)")
    }
    var picker = ReviewState(artifactID: nil, reviewer: "alice", width: 60, height: 20)
    Sample.run(&picker, [.artifactsLoaded(Sample.artifacts)])
    #expect(Self.footer(picker).trimmingCharacters(in: .whitespaces).hasSuffix("? help  q quit"))
  }

  @Test func addedAndErroredRowsDoNotOfferViewsThatDoNothing() {
    var state = Sample.reviewState(width: 200, height: 40)
    #expect(Self.footer(state).contains("d/h/b/s view") && Self.footer(state).contains("Space blink"))
    Sample.run(&state, Sample.keys("2"))  // Added: only the head exists
    #expect(state.review?.selectedEntry?.category == .added)
    #expect(!Self.footer(state).contains("d/h/b/s view") && !Self.footer(state).contains("blink"))
    #expect(Self.footer(state).contains("Enter zoom"))
    Sample.run(&state, Sample.keys("5"))  // Errored: nothing to zoom or switch
    #expect(!Self.footer(state).contains("d/h/b/s view") && !Self.footer(state).contains("Enter zoom"))
    #expect(Self.footer(state).contains("x reviewed"))
    // Undo is offered once there is something to undo.
    #expect(!Self.footer(state).contains("u undo"))
    Sample.run(&state, Sample.keys("x"))
    state.message = nil
    #expect(Self.footer(state).contains("u undo"))
  }

  @Test func helpPagesWithPageDownSpaceAndG() {
    var state = Sample.reviewState(width: 80, height: 24)
    Sample.run(&state, Sample.keys("?"))
    let page = state.help.visibleLines(height: 24)
    #expect(page == 20)
    Sample.run(&state, [.key(.pageDown)])
    #expect(state.overlay == .help(scroll: page))
    Sample.run(&state, Sample.keys(" "))
    #expect(state.overlay == .help(scroll: min(2 * page, state.help.lastPage(height: 24))))
    Sample.run(&state, Sample.keys("G"))
    #expect(state.overlay == .help(scroll: state.help.lastPage(height: 24)))
    let last = render(state).text
    #expect(last.contains("\(state.help.lineCount)/\(state.help.lineCount)"))
    Sample.run(&state, [.key(.pageUp)])
    #expect(state.overlay == .help(scroll: state.help.lastPage(height: 24) - page))
    Sample.run(&state, Sample.keys("g"))
    #expect(state.overlay == .help(scroll: 0))
    // Esc closes, as the box's title and the help's own section say.
    #expect(render(state).text.contains("Esc closes"))
    Sample.run(&state, [.key(.escape)])
    #expect(state.overlay == nil)
  }

  @Test func helpFromThePickerStartsWithThePickerKeys() throws {
    var picker = ReviewState(artifactID: nil, reviewer: "alice", width: 80, height: 24)
    Sample.run(&picker, [.artifactsLoaded(Sample.artifacts)])
    Sample.run(&picker, Sample.keys("?"))
    #expect(picker.help.lines.first?.text == "Build list")
    try Golden.check(render(picker), "help-from-picker-80x24")
    #expect(Sample.reviewState().help.lines.first?.text == "Image list")
  }

  @Test func escInTheHelpSaysWhatItDoes() {
    let esc = ReviewKeymap.table.bindings.first { $0.command == .back }
    #expect(esc?.help == "Clear the filter, else zoom back to fit, else back to the build list")
    // …and does it in that order.
    var state = Sample.reviewState()
    Sample.run(&state, [.key(.enter)])
    Sample.run(&state, [.key(.escape)])
    #expect(state.review?.zoom == .fit)
  }

  @Test func undoSaysWhatItUndid() {
    var state = Sample.reviewState()
    let first = state.review?.selectedEntry?.fileName
    Sample.run(&state, Sample.keys("x"))
    #expect(state.review?.selectedEntry?.fileName != first, "x moves on to the next image")
    Sample.run(&state, Sample.keys("u"))
    #expect(state.message?.text == "Undid marking “Login” reviewed: it is unmarked again")
    #expect(state.review?.selectedEntry?.fileName == first, "the undo goes back to the image it unmarked")
    Sample.run(&state, Sample.keys("ay"))
    let effects = Sample.run(&state, Sample.keys("u"))
    #expect(effects.contains(.revokeApproval(artifactID: "2")))
    // The sample shell answers like the store does; before that, the reducer said what it undoes.
    var pending = Sample.reviewState()
    Sample.run(&pending, Sample.keys("ay"))
    _ = reduce(&pending, .key(.character("u")))
    #expect(pending.message?.text == "Undoing the approval of build #2…")
  }
}

/// With the help box open the footer keeps `? help` and `q quit`, and they do what it says.
struct HelpFooterKeysTests {
  @Test func helpFooterKeepsHelpAndQuitAndTheyWork() {
    var state = Sample.reviewState()
    Sample.run(&state, Sample.keys("?"))
    let footer = render(state).text.split(separator: "\n").last.map(String.init) ?? ""
    #expect(footer.contains("Esc close") && footer.hasSuffix("? help  q quit"))
    // ? toggles the box closed, Esc closes it, q quits from inside it.
    Sample.run(&state, Sample.keys("?"))
    #expect(state.overlay == nil && !state.quitting)
    Sample.run(&state, Sample.keys("?") + [.key(.escape)])
    #expect(state.overlay == nil && !state.quitting)
    Sample.run(&state, Sample.keys("?"))
    let effects = Sample.run(&state, Sample.keys("q"))
    #expect(effects == [.quit] && state.quitting && state.overlay == nil)
  }
}
