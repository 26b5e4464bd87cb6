import ArgumentParser
import Foundation
import SWHArchive
import SWHModel
import SnapshotStore

/// `snaprev browse [ID]`: archived branch lists in the terminal, linked to the reviewer.
struct BrowseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "browse",
    abstract: "Browse archived snapshots' branches and releases, and open their builds in the reviewer.",
    discussion: """
      Without an ID, lists the archived snapshots (from `snaprev archive` and `snaprev import`). \
      ID is a SWHID (swh:1:snp:…), 40 hex digits, or an unambiguous prefix.

      The Branches (N) and Releases (N) tabs are swh-web's: 100 rows a page, sorted by name, \
      aliases starred with their target. Dangling and unresolvable branches are listed and \
      marked; refs/pull/* is hidden until p. Keys: j/k move (on across pages), [ ] page, \
      Tab switch tab, / filter, Enter open the build whose head_sha is the branch's commit \
      (● marks them), m mark a base then c or Enter on another branch to compare the two \
      builds (read-only, not stored), Esc back, ? help, q quit (from the reviewer: back to \
      the browser), Ctrl-C quit.

      Exit codes: 0 quit, 1 error or lost terminal, 128+N stopped by signal N.
      """)

  @Argument(help: "The snapshot to open; omit to pick from the archived snapshots.")
  var id: String?

  @Option(name: .long, help: "The store directory (default: $SNAPREV_STORE, else ./.snaprev).")
  var store: String?

  @Option(name: .long, help: "Who is reviewing builds opened from here (default: $SNAPREV_REVIEWER, else the OS user).")
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
      try BrowseSession.run(
        root: root, snapshot: id, reviewer: ReviewIdentity.resolve(flag: reviewer, environment: environment),
        cacheBytes: cacheMB << 20, environment: environment)
    } catch let exit as ReviewSession.ExitCodeError {
      throw ExitCode(exit.code)
    } catch let failure as BrowseSession.Failure {
      throw ArchiveSupport.fail("browse", failure.description, code: 1)
    } catch let failure as ArchiveStoreError {
      throw ArchiveSupport.fail("browse", failure.description, code: 1)
    }
  }
}
