import ArgumentParser
import FoundationEssentials
import SnapshotStore
import SnaprevCommandLine

/// `snaprev gc`: remove blobs no artifact references and killed writers' temporary files.
struct GCCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gc",
    abstract: "Remove stored images and masks that no build references, and stale temporary files.",
    discussion: """
      Holds the writers' lock, so it waits for an upload in progress and never removes a blob \
      an upload is storing. An unreferenced blob newer than the grace period is kept. Prints \
      the key of every blob it removes (with --dry-run: would remove) on stdout and a summary \
      on stderr. \(GCExit.table.inline)
      """)

  @OptionGroup var storeOptions: StoreOptions

  @Flag(name: .customLong("dry-run"), help: "List what would be removed; remove nothing.")
  var dryRun = false

  @Option(
    name: .long,
    help: ArgumentHelp("Keep unreferenced blobs modified less than this long ago (default 3600).", valueName: "seconds"))
  var grace: Int = Int(SnapshotStore.defaultGarbageGrace)

  func validate() throws {
    if grace < 0 { throw ValidationError("--grace must not be negative") }
  }

  func run() throws {
    let report = try storeOptions.open().collectGarbage(dryRun: dryRun, grace: TimeInterval(grace))
    for key in report.unreferenced { print(key) }
    let verb = dryRun ? "would remove" : "removed"
    CommandOutput.info(
      "\(verb) \(report.unreferenced.count) unreferenced blob\(report.unreferenced.count == 1 ? "" : "s") "
        + "(\(report.unreferencedBytes) bytes); kept \(report.keptTooNew) newer than \(grace) s; "
        + "\(verb) \(report.staleTemporaryFiles) stale temporary file\(report.staleTemporaryFiles == 1 ? "" : "s")")
  }
}

enum GCExit {
  static let done = ExitStatus(0, "done")
  static let failed = ExitStatus(1, "no store or a store error")
  static let table = ExitCodeTable(done, failed, .usage("usage"))
}
