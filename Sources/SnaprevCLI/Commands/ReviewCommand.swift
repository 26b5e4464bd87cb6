import ArgumentParser
import FoundationEssentials
import SnapshotStore
import SnaprevShell
import SnaprevCommandLine

/// `snaprev review [ID]`: the terminal reviewer.
struct ReviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review",
    abstract: "Review a build's snapshot changes in the terminal and approve it.",
    discussion: """
      Without an ID, lists the builds to pick from. Keys: j/k move, 1-7 jump to a \
      category, / filter, Enter zoom, d/h/b/s/Space change the view, x mark reviewed, \
      a approve, u undo, ? help, q quit. Works over SSH (`ssh -t host snaprev review`).

      The reviewer is --reviewer, else $SNAPREV_REVIEWER, else the OS user (the same rule \
      as `snaprev approve`). Colours: 24-bit when COLORTERM is truecolor/24bit and a \
      *-direct terminfo entry is installed, else 256 colours; none under NO_COLOR.

      Images: with --graphics auto (the default) the terminal is asked what it can draw \
      (the kitty graphics query, DA1 for sixel, TERM_PROGRAM for iTerm2 and WezTerm; 100 ms \
      at most) and the preview shows real pixels through kitty, sixel or iTerm2 inline \
      images, else block characters. SNAPREV_GRAPHICS sets the default.

      \(TerminalSessionExit.table.inline)
      """)

  @Argument(help: "The build (artifact id) to review; omit to pick from a list.")
  var id: String?

  @OptionGroup var session: SessionOptions

  @OptionGroup var graphicsOptions: GraphicsOptions

  func run() throws {
    let graphics = try graphicsOptions.resolve(environment: ProcessInfo.processInfo.environment)
    try session.run("review") { (options) throws(TerminalSession.Failure) in
      try ReviewSession.run(
        store: SnapshotStore(root: options.root), reviewer: options.reviewer, artifactID: id,
        cacheBytes: options.cacheBytes, environment: options.environment, graphics: graphics,
        mouse: options.mouse, theme: options.theme)
    }
  }
}
