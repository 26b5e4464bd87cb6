import ArgumentParser
import FoundationEssentials
import SWHArchive
import SWHModel
import SnaprevCommandLine

/// `snaprev archive [GITDIR]`: record a git repository's branch list as a snapshot.
struct ArchiveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "archive",
    abstract: "Record a git repository's branches as a Software Heritage snapshot in the store.",
    discussion: """
      Reads every ref with git (branches, lightweight and annotated tags, remote-tracking \
      refs, notes, packed refs, a symbolic or detached HEAD) and stores them as a snapshot \
      whose identifier is the one `swh identify --type snapshot GITDIR` prints. The titles \
      and dates of the target commits and tags are kept for display. Prints the SWHID.

      \(ArchiveExit.table.block)
      """)

  @Argument(help: "The repository (a work tree or a .git / bare directory).")
  var gitDirectory: String = "."

  @Option(name: .long, help: "The origin URL to record (default: remote.origin.url without credentials).")
  var origin: String?

  @OptionGroup var storeOptions: StoreOptions

  func run() throws {
    do {
      let snapshot = try GitArchiveReader().read(directory: gitDirectory)
      let absolute = URL(fileURLWithPath: gitDirectory).standardizedFileURL.path
      let visit = ArchiveVisit(
        snapshot: snapshot.list.id, origin: origin ?? snapshot.remoteURL, date: ArchiveSupport.now(),
        source: .git, location: absolute)
      let archive = ArchiveSupport.store(storeOptions)
      let outcome = try archive.save(snapshot.list, targets: snapshot.targets, visit: visit)
      print(SWHID.snapshot(snapshot.list.id))
      CommandOutput.note(
        "archive",
        "\(outcome.newSnapshot ? "stored" : "already stored; recorded a new visit of") \(ArchiveSupport.describe(snapshot.list.counts)) in \(archive.directory)")
    } catch let error as GitReadError {
      throw CommandOutput.fail("archive", error.description, ArchiveExit.failed)
    } catch let error as ArchiveStoreError {
      throw CommandOutput.fail("archive", error.description, ArchiveExit.failed)
    }
  }
}

enum ArchiveExit {
  static let stored = ExitStatus(0, "stored (or already stored; a new visit is recorded)")
  static let failed = ExitStatus(1, "git failed or the store could not be written")
  static let table = ExitCodeTable(stored, failed, .usage())
}
