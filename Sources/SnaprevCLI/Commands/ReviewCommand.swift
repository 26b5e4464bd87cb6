import ArgumentParser
import Foundation
import SnapshotStore
import SnaprevShell

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

      Exit codes: 0 quit, 1 error or lost terminal, 128+N stopped by signal N.
      """)

  @Argument(help: "The build (artifact id) to review; omit to pick from a list.")
  var id: String?

  @Option(name: .long, help: "The store directory (default: $SNAPREV_STORE, else ./.snaprev).")
  var store: String?

  @Option(name: .long, help: "Who is reviewing (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  @Option(name: .customLong("cache-mb"), help: "Memory for decoded images, in MB.")
  var cacheMB = 256

  func validate() throws {
    guard cacheMB >= 16 else { throw ValidationError("--cache-mb must be at least 16") }
  }

  func run() throws {
    let environment = ProcessInfo.processInfo.environment
    let root = SnapshotStore.resolveRoot(
      flag: store, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
    do {
      try ReviewSession.run(
        store: SnapshotStore(root: root), reviewer: ReviewIdentity.resolve(flag: reviewer, environment: environment),
        artifactID: id, cacheBytes: cacheMB << 20, environment: environment)
    } catch let exit as ReviewSession.ExitCodeError {
      throw ExitCode(exit.code)
    }
  }
}
