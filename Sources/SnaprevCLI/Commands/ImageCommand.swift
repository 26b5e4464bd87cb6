import ArgumentParser
import DurableFiles
import FoundationEssentials
import SnapshotStore
import SnaprevCommandLine

#if canImport(Glibc)
  import Glibc
#endif

/// `snaprev image KEY`: write a stored image or diff mask.
struct ImageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "image",
    abstract: "Write a stored image or diff mask (by its key, the SHA-256 of the PNG) to a file or stdout.",
    discussion: """
      Keys are the `key` and `diff_image_key` values of `snaprev show`. Refuses to write PNG \
      bytes to a terminal. \(ImageExit.table.inline)
      """)

  @Argument(help: "The image key (64 hex digits).")
  var key: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
  var output: String?

  func run() throws {
    let bytes = try storeOptions.open().imageData(key: key)
    guard let output else {
      guard isatty(STDOUT_FILENO) == 0 else {
        throw ValidationError("refusing to write PNG data to a terminal; use -o FILE or redirect stdout")
      }
      StoreOutput.writeStdout(bytes)
      return
    }
    do {
      try Files.writeAtomically(bytes, to: output, syncDirectory: false)
    } catch {
      throw StoreError.io(path: output, operation: "write", reason: error.reason)
    }
  }
}

enum ImageExit {
  static let written = ExitStatus(0, "written")
  static let failed = ExitStatus(1, "unknown key, bad key or write error")
  static let table = ExitCodeTable(written, failed)
}
