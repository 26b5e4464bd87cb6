import Testing

@testable import ReviewUI
import TerminalCanvas
import TerminalWidgets

/// A read-only review (an ad-hoc comparison): one keymap rule hides and refuses the keys
/// that write (x, a, u), in the footer, the help and the reducer.
struct ReadOnlyTests {
  static func readOnlyState() -> ReviewState {
    var state = Sample.reviewState(width: 200, height: 50)
    state.readOnlyReason = "Read-only: an ad-hoc comparison"
    return state
  }

  @Test func footerAndHelpDoNotAdvertiseWritingKeys() {
    var state = Self.readOnlyState()
    Sample.run(&state, Sample.keys("j"))
    let footer = render(state).lines[49]
    #expect(footer.contains("d/h/b/s view"))
    #expect(!footer.contains("x reviewed"))  // "] unreviewed" only moves
    #expect(!footer.contains("approve"))
    #expect(!footer.contains("undo"))

    var writable = Sample.reviewState(width: 200, height: 50)
    Sample.run(&writable, Sample.keys("j"))
    let writableFooter = render(writable).lines[49]
    #expect(writableFooter.contains("x reviewed"))
    #expect(writableFooter.contains("a approve"))

    Sample.run(&state, Sample.keys("?"))
    let help = render(state).lines.joined(separator: "\n")
    #expect(help.contains("Blink: swap base and head in place"))
    #expect(!help.contains("Approve the build"))
    #expect(!help.contains("Mark reviewed"))
  }

  @Test func writingKeysAreRefusedWithTheReason() {
    for key in ["x", "a", "u"] {
      var state = Self.readOnlyState()
      let effects = Sample.run(&state, Sample.keys(key))
      #expect(effects.isEmpty, "key \(key)")
      #expect(state.overlay == nil)
      #expect(state.message == StatusMessage("Read-only: an ad-hoc comparison", .warning))
      #expect(render(state).lines[49].contains("Read-only: an ad-hoc comparison"))
    }
    // Typing into the filter is not a write: x and a are letters of the filter there.
    var state = Self.readOnlyState()
    Sample.run(&state, Sample.keys("/xa"))
    #expect(state.review?.filter == "xa")
    #expect(state.message == nil)
  }
}
