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
