import TerminalCanvas
import TerminalGraphics
import Testing

/// The capability query's parser on replies recorded from terminals (and on what goes wrong:
/// garbage, keys typed meanwhile, silence), and the choice made from them.
struct DetectionTests {
  static func parse(_ text: String) -> TerminalReplies { GraphicsDetection.parse(Array(text.utf8)) }

  @Test func kittyAnswersAllThree() {
    // kitty 0.32: the query's OK, the cell size, then DA1.
    let replies = Self.parse("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;20;10t\u{1B}[?62;c")
    #expect(replies.kittyOK)
    #expect(replies.cell == CellPixels(width: 10, height: 20))
    #expect(replies.deviceAttributes == [62, 0])
    #expect(!replies.sixel)
    #expect(replies.complete)
    let mode = GraphicsDetection.choose(.auto, environment: [:], replies: replies, windowCell: nil)
    #expect(mode.path == .kitty && mode.cell == CellPixels(width: 10, height: 20) && !mode.tmux)
  }

  @Test func footAnswersSixelInDA1() {
    // foot: no reply to the kitty query, `CSI 6;h;w t`, DA1 with attribute 4.
    let replies = Self.parse("\u{1B}[6;17;8t\u{1B}[?62;4;22c")
    #expect(!replies.kittyOK && replies.sixel)
    let mode = GraphicsDetection.choose(.auto, environment: ["TERM": "foot"], replies: replies, windowCell: nil)
    #expect(mode.path == .sixel && mode.cell == CellPixels(width: 8, height: 17))
  }

  @Test func plainXtermFallsBackToBlocks() {
    let replies = Self.parse("\u{1B}[?64;1;2;6;9;15;18;21;22c")
    #expect(replies.complete && !replies.sixel && replies.cell == nil)
    let mode = GraphicsDetection.choose(.auto, environment: ["TERM": "xterm-kitty"], replies: replies, windowCell: nil)
    // TERM alone (even xterm-kitty) never selects a path.
    #expect(mode.path == .blocks)
    #expect(mode.reason == "the terminal reports no image protocol")
  }

  @Test func garbageAndTypedKeysAroundRepliesAreSkipped() {
    let replies = Self.parse("jk\u{1B}]11;rgb:0000/0000/0000\u{07}x\u{1B}[6;18;9t\u{1B}\u{1B}[?1;2;4cq")
    #expect(replies.cell == CellPixels(width: 9, height: 18))
    #expect(replies.deviceAttributes == [1, 2, 4])
    #expect(replies.sixel)
    // A kitty reply for another image id is not ours; an error reply is recorded.
    let other = Self.parse("\u{1B}_Gi=99;OK\u{1B}\\\u{1B}_Gi=31;EINVAL:bad\u{1B}\\\u{1B}[?62c")
    #expect(!other.kittyOK)
    #expect(other.kittyError == "EINVAL:bad")
    // Nonsense numbers do not make a cell size.
    #expect(Self.parse("\u{1B}[6;0;10t").cell == nil)
    #expect(Self.parse("\u{1B}[4;800;1200t").cell == nil)
  }

  @Test func emptyStringSequencesEndedByBELAreSkipped() {
    // `ESC _ BEL` and `ESC ] BEL`: empty bodies (the terminal_input fuzz target's trap).
    let replies = Self.parse("\u{1B}_\u{07}\u{1B}]\u{07}\u{1B}_G\u{07}\u{1B}[6;16;8t\u{1B}[?62;4c")
    #expect(replies.kittyOK == false && replies.kittyError == nil && replies.background == nil)
    #expect(replies.cell == CellPixels(width: 8, height: 16))
    #expect(replies.deviceAttributes == [62, 4])
  }

  @Test func aSignedBackgroundChannelIsNoColour() {
    for reply in ["\u{1B}]11;rgb:-7/0/0\u{1B}\\", "\u{1B}]11;rgb:+f/0/0\u{07}", "\u{1B}]11;rgb:ff/0/-\u{07}"] {
      #expect(Self.parse(reply).background == nil, "\(reply.debugDescription)")
    }
    #expect(Self.parse("\u{1B}]11;rgb:f/0/0\u{07}").background == Color(255, 0, 0))
  }

  @Test func silenceOrATruncatedReplyIsATimeout() {
    for text in ["", "\u{1B}[?62;4", "\u{1B}_Gi=31;OK", "\u{1B}["] {
      let replies = Self.parse(text)
      #expect(!replies.complete)
      #expect(!replies.kittyOK)
      let mode = GraphicsDetection.choose(.auto, environment: [:], replies: replies, windowCell: nil)
      #expect(mode.path == .blocks)
      #expect(mode.reason == "the terminal did not answer in time")
    }
  }

  @Test func iTermAndWezTermAreNamedByTermProgram() {
    let da1 = Self.parse("\u{1B}[?62;22c")
    let cell = CellPixels(width: 14, height: 28)
    for environment in [["TERM_PROGRAM": "iTerm.app"], ["TERM_PROGRAM": "WezTerm"], ["LC_TERMINAL": "iTerm2"]] {
      let mode = GraphicsDetection.choose(.auto, environment: environment, replies: da1, windowCell: cell)
      #expect(mode.path == .iterm2 && mode.cell == cell)
    }
    // Without any cell size auto does not guess.
    let unknown = GraphicsDetection.choose(.auto, environment: ["TERM_PROGRAM": "iTerm.app"], replies: da1, windowCell: nil)
    #expect(unknown.path == .blocks)
  }

  @Test func forcedPathsAndTmux() {
    let nothing = TerminalReplies()
    let forced = GraphicsDetection.choose(.sixel, environment: ["TMUX": "/tmp/tmux-0/default,1,0"], replies: nothing, windowCell: nil)
    #expect(forced.path == .sixel && forced.tmux && forced.cell == GraphicsDetection.assumedCell)
    #expect(GraphicsDetection.choose(.blocks, environment: [:], replies: Self.parse("\u{1B}_Gi=31;OK\u{1B}\\"), windowCell: nil).path == .blocks)
    // In tmux the kitty query goes through the passthrough; CSI 16 t and DA1 go to tmux.
    let query = GraphicsDetection.query(tmux: true)
    #expect(query.starts(with: Array("\u{1B}Ptmux;\u{1B}\u{1B}_Gi=31,".utf8)))
    #expect(query.suffix(8) == Array("\u{1B}[16t\u{1B}[c".utf8))
    #expect(GraphicsDetection.query(tmux: false).starts(with: Array("\u{1B}_Gi=31,s=1,v=1,a=q".utf8)))
  }
}

/// OSC 11: the background colour asked in the same probe (for `--theme auto`).
struct BackgroundQueryTests {
  @Test func theQueryAsksForTheBackgroundFirstAndDA1Last() {
    let both = GraphicsDetection.query(tmux: false, graphics: true, background: true)
    #expect(both.starts(with: Array("\u{1B}]11;?\u{1B}\\\u{1B}_Gi=31,".utf8)))
    #expect(both.suffix(8) == Array("\u{1B}[16t\u{1B}[c".utf8))
    // --graphics blocks with --theme auto: only OSC 11 and DA1.
    #expect(GraphicsDetection.query(tmux: true, graphics: false, background: true) == Array("\u{1B}]11;?\u{1B}\\\u{1B}[c".utf8))
    #expect(GraphicsDetection.query(tmux: false) == GraphicsDetection.query(tmux: false, graphics: true, background: false))
  }

  @Test func repliesWithEitherTerminatorAndAnyDigitCountParse() {
    let st = GraphicsDetection.parse(Array("\u{1B}]11;rgb:ffff/ffff/ffff\u{1B}\\\u{1B}[?62;4c".utf8))
    #expect(st.background == Color(255, 255, 255) && st.complete && st.sixel)
    let bel = GraphicsDetection.parse(Array("\u{1B}]11;rgb:fdfd/f6f6/e3e3\u{07}\u{1B}[?1;2c".utf8))
    #expect(bel.background == Color(253, 246, 227))
    let short = GraphicsDetection.parse(Array("\u{1B}]11;rgb:00/2b/36\u{1B}\\".utf8))
    #expect(short.background == Color(0, 43, 54))
    let one = GraphicsDetection.parse(Array("\u{1B}]11;rgb:f/8/0\u{1B}\\".utf8))
    #expect(one.background == Color(255, 136, 0))
  }

  @Test func malformedOrUnansweredLeavesNoBackground() {
    #expect(GraphicsDetection.parse(Array("\u{1B}[?62c".utf8)).background == nil)
    #expect(GraphicsDetection.parse(Array("\u{1B}]11;rgb:zz/00/00\u{1B}\\".utf8)).background == nil)
    #expect(GraphicsDetection.parse(Array("\u{1B}]11;rgb:ffff/ffff\u{1B}\\".utf8)).background == nil)
    #expect(GraphicsDetection.parse(Array("\u{1B}]11;rgb:fffff/0/0\u{1B}\\".utf8)).background == nil)
    #expect(GraphicsDetection.parse(Array("\u{1B}]10;rgb:ffff/ffff/ffff\u{1B}\\".utf8)).background == nil)
    // Cut off before its terminator: nothing yet, and the wait goes on.
    let partial = GraphicsDetection.parse(Array("\u{1B}]11;rgb:ffff/ff".utf8))
    #expect(partial.background == nil && !partial.complete)
  }
}
