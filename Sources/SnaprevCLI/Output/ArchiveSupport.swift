import FoundationEssentials
import SWHArchive
import SWHModel
import SnaprevCommandLine

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
