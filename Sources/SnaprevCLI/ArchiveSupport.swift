import ArgumentParser
import Foundation
import SWHArchive
import SWHModel
import SnapshotStore
import TerminalCanvas
import TextEscaping

/// What the archive subcommands share: the store location and how they report.
enum ArchiveSupport {
  static func store(flag: String?) -> ArchiveStore {
    let root = SnapshotStore.resolveRoot(
      flag: flag, environment: ProcessInfo.processInfo.environment,
      currentDirectory: FileManager.default.currentDirectoryPath)
    return ArchiveStore(storeRoot: root)
  }

  /// Prints `snaprev <command>: <message>` on stderr (escaped) and returns the exit code to throw.
  static func fail(_ command: String, _ message: String, code: Int32) -> ExitCode {
    note(command, message)
    return ExitCode(code)
  }

  static func note(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("snaprev \(command): \(SafeText.escaped(message))\n".utf8))
  }

  static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

  /// One line about what was stored, e.g. "1391 branches: 754 revisions, 636 releases, 1 alias".
  static func describe(_ counts: BranchCounts) -> String {
    let all = counts.all
    var parts = [String]()
    for (count, word) in [
      (all.revision, "revision"), (all.release, "release"), (all.alias, "alias"), (all.dangling, "dangling"),
      (all.content, "content"), (all.directory, "directory"), (all.snapshot, "snapshot"),
    ] where count > 0 {
      let plural = count == 1 || word == "dangling" || word == "content" ? word : (word == "alias" ? "aliases" : word + "s")
      parts.append("\(count) \(plural)")
    }
    let total = "\(counts.total) branch\(counts.total == 1 ? "" : "es")"
    return parts.isEmpty ? total : "\(total): " + parts.joined(separator: ", ")
  }
}
