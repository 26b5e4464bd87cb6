import SWHModel
import TerminalCanvas
import TextEscaping

/// How branch rows read on screen. Every name, title and release name is untrusted bytes
/// and goes through `SafeText.escaped(bytes:)` (control characters, escape sequences and
/// invalid UTF-8 come out as visible `\e`, `\x..` text).
enum BrowseFormat {
  static func name(_ bytes: [UInt8]) -> String { SafeText.escaped(bytes: bytes) }

  /// The Name cell: the branch name; an alias adds the name it points at
  /// (`HEAD → refs/heads/main`), which swh-web never shows.
  static func nameCell(_ row: BranchRow) -> String {
    if case .alias(let target) = row.target { return name(row.name) + " → " + name(target) }
    return name(row.name)
  }

  /// The Target cell: the final object's short hex, or what stops the chain.
  static func targetCell(_ row: BranchRow) -> (text: String, role: Role) {
    switch row.resolution {
    case .object(_, _, let id, _): return (id.shortHex(), .normal)
    case .dangling: return ("dangling", .warning)
    case .missing: return ("missing", .errored)
    case .cycle: return ("loop", .errored)
    }
  }

  /// The Message cell: the target's title, else a word on what the target is.
  static func messageCell(_ row: BranchRow) -> (text: String, role: Role) {
    if let info = row.info, !info.title.isEmpty { return (name(info.title), .normal) }
    switch row.resolution {
    case .object(_, let kind, _, _):
      switch kind {
      case .revision, .release: return ("", .dim)
      case .directory, .content, .snapshot: return ("(\(kind.rawValue))", .dim)
      }
    case .dangling:
      if row.isAlias { return ("(alias to a dangling branch)", .dim) }
      return ("(dangling: points at nothing; swh-web hides it)", .dim)
    case .missing(let target, _): return ("(alias to \(name(target)), which this snapshot lacks)", .dim)
    case .cycle(let hops): return ("(aliases loop after \(hops) hops)", .dim)
    }
  }

  /// `2021-03-04` when narrow, swh-web's full ISO form when there is room.
  static func date(_ info: TargetInfo?, full: Bool) -> String {
    guard let iso = info?.isoDate else { return "" }
    return full ? iso : String(iso.prefix(10))
  }

  /// One line about the selected row, with everything the columns cut.
  static func detail(_ row: BranchRow, builds: [LinkedBuild], base: BaseMark?) -> String {
    var parts = [nameCell(row)]
    switch row.resolution {
    case .object(_, let kind, let id, let hops):
      parts.append("\(kind.rawValue) \(id.hex)" + (hops > 0 ? " (after \(hops) \(TextLayout.plural(hops, "alias", "aliases")))" : ""))
    case .dangling: parts.append(row.isAlias ? "ends at a dangling branch" : "dangling")
    case .missing(let target, _): parts.append("unresolvable: no branch \(name(target))")
    case .cycle: parts.append("unresolvable: alias loop")
    }
    if let release = row.info?.releaseName, !release.isEmpty { parts.append("release \(name(release))") }
    if let target = row.info?.releaseTarget { parts.append("tags \(target.kind.rawValue) \(target.id.shortHex(12))") }
    if let date = row.info?.isoDate { parts.append(date) }
    if let first = builds.first {
      var text = "build \(first.label)"
      if builds.count > 1 { text += " +\(builds.count - 1) more" }
      parts.append(text)
    }
    if let base, base.branch == row.name { parts.append("marked as base") }
    return parts.joined(separator: " · ")
  }
}
