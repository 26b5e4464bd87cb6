import ArgumentParser
import FoundationEssentials
import SnaprevShell
import SnaprevCommandLine

/// `snaprev browse [ID]`: archived branch lists in the terminal, linked to the reviewer.
struct BrowseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "browse",
    abstract: "Browse archived snapshots' branches and releases, and open their builds in the reviewer.",
    discussion: """
      Without an ID, lists the archived snapshots (from `snaprev archive` and `snaprev import`). \
      ID is a SWHID (swh:1:snp:…), 40 hex digits, or an unambiguous prefix.

      The Branches (N) and Releases (N) tabs are swh-web's: 100 rows a page, in version order \
      (numbers as numbers: v2.6.9 before v2.6.10, refs/pull/9 before refs/pull/10; s sorts by \
      bytes as swh-web does), aliases starred with their target. Dangling and unresolvable branches are listed and \
      marked; refs/pull/* is hidden until p. Keys: j/k move (on across pages), [ ] page, \
      Tab switch tab, / filter, Enter open the build whose head_sha is the branch's commit \
      (● marks them), m mark a base then c or Enter on another branch to compare the two \
      builds (read-only, not stored), Esc back, ? help, q quit (from the reviewer: back to \
      the browser), Ctrl-C quit.

      \(TerminalSessionExit.table.inline)
      """)

  @Argument(help: "The snapshot to open; omit to pick from the archived snapshots.")
  var id: String?

  @OptionGroup var session: SessionOptions

  func run() throws {
    try session.run("browse") { (options) throws(TerminalSession.Failure) in
      try BrowseSession.run(
        root: options.root, snapshot: id, reviewer: options.reviewer, cacheBytes: options.cacheBytes,
        environment: options.environment, mouse: options.mouse,
        theme: options.theme)
    }
  }
}
