import ArgumentParser
import Foundation
import SWHArchive
import SWHModel
import TextEscaping

/// The one error format on stderr: `snaprev <command>: <message>`, the message escaped
/// (it quotes file names, sidecar keys, server replies). Usage errors stay ArgumentParser's
/// own (`Error: …` and the usage line, exit 64); everything else a command reports,
/// including an error it throws without catching, goes through here (`Snaprev.main`).
enum CommandOutput {
  /// Prints the message and returns the exit code to throw.
  static func fail(_ command: String, _ message: String, _ status: ExitStatus) -> ExitCode {
    note(command, message)
    return status.exit
  }

  /// A line on stderr that is not an error: progress, "reusing the store at …".
  static func note(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("snaprev \(command): \(SafeText.escaped(message))\n".utf8))
  }

  /// A summary on stderr that stands alone (`upload`'s "uploaded …", `gc`'s counts), so that
  /// stdout carries only what scripts read.
  static func info(_ line: String) {
    FileHandle.standardError.write(Data((SafeText.escaped(line) + "\n").utf8))
  }
}

/// What the archive subcommands share: the store and how they describe what they stored.
enum ArchiveSupport {
  static func store(_ options: StoreOptions) -> ArchiveStore {
    ArchiveStore(storeRoot: options.root)
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
