import ArgumentParser
import SnapshotStore
import JSONCore
import SnaprevCommandLine

/// `snaprev show ID`: Sentry's snapshot-details response.
struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print a build's snapshot details as Sentry's API returns them (JSON).",
    discussion: """
      The response of GET .../preprodartifacts/snapshots/{id}/: seven category lists and \
      counts, vcs_info, approval and comparison state. Keys are sorted; control characters \
      in strings are \\u-escaped. \(ShowExit.table.inline)
      """)

  @Argument(help: "The artifact id.")
  var id: String

  @OptionGroup var storeOptions: StoreOptions

  @Flag(
    name: .customLong("compact-metadata"),
    help: "Keep only display_name, image_file_name, group and description in image objects.")
  var compactMetadata = false

  func run() throws {
    let value = try storeOptions.open().snapshotDetails(of: id, compactMetadata: compactMetadata)
    StoreOutput.writeStdout(JSONWriter.bytes(value, style: .storePretty))
  }
}

enum ShowExit {
  static let printed = ExitStatus(0, "printed")
  static let failed = ExitStatus(1, "unknown id or store error")
  static let table = ExitCodeTable(printed, failed)
}
