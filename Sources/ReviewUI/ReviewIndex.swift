import TerminalCanvas
import TextEscaping

/// A row of the list pane.
public enum ListRow: Sendable, Equatable {
  /// A category header: how many of its images are listed (after the filter), how many
  /// it has, and whether it is folded.
  case category(ReviewCategory, shown: Int, total: Int, collapsed: Bool)
  /// A group (device) header inside a category.
  case group(ReviewCategory, name: String?, count: Int)
  /// An image: index into `ReviewData.entries`.
  case image(Int)

  public var entryIndex: Int? {
    if case .image(let index) = self { return index }
    return nil
  }
}

/// The entries of one artifact sorted and grouped once on load, with lower-cased search
/// keys, so that folding, filtering and jumping never re-sort 50,000 images.
public struct ReviewIndex: Sendable {
  public struct Group: Sendable {
    /// The heading row's text: the sidecar group (device), or the directory the group's
    /// images share (ending in `/`), or `otherDirectories`; nil for images without a
    /// sidecar group (listed last, under "(no group)") and where a category has no heading.
    public let name: String?
    public let members: [Int]
    /// The directory the rows leave out (shown once as the heading), or nil.
    public let directory: String?
  }

  public struct Section: Sendable {
    public let category: ReviewCategory
    public let groups: [Group]
    public let count: Int
    /// Whether group headers are shown (some image of the category has a group).
    public let showsGroups: Bool
    /// Whether the category's images sit under heading rows (sidecar groups or directories).
    public let showsHeadings: Bool
  }

  /// The heading of a category's images that share no directory with another image, when
  /// other images of it have directory headings.
  public static let otherDirectories = "(other directories)"

  public let sections: [Section]
  private let searchKeys: [[UInt8]]
  /// Per entry: how many leading characters of its escaped list name every image under the
  /// same heading shares ("testTraits.ipad-10-2-"); a shortened name drops those first.
  private let sharedPrefix: [Int]
  /// Per entry: the UTF-8 length of the directory heading its row leaves out (0 for none).
  private let headingBytes: [Int]

  public init(entries: [ReviewEntry]) {
    var keys: [[UInt8]] = []
    keys.reserveCapacity(entries.count)
    for entry in entries {
      let name = entry.name
      let text = name == entry.fileName ? name : name + "\n" + entry.fileName
      keys.append(Array(text.lowercased().utf8))
    }
    searchKeys = keys
    var byCategory: [ReviewCategory: [Int]] = [:]
    for (index, entry) in entries.enumerated() { byCategory[entry.category, default: []].append(index) }
    var sections: [Section] = []
    for category in ReviewCategory.allCases {
      guard let members = byCategory[category], !members.isEmpty else { continue }
      let sorted = members.sorted { a, b in
        if category == .changed {
          let da = entries[a].diff ?? 0
          let db = entries[b].diff ?? 0
          if da != db { return da > db }
        }
        let ka = keys[a]
        let kb = keys[b]
        if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        return a < b
      }
      let showsGroups = sorted.contains { entries[$0].group != nil }
      let groups = showsGroups ? Self.sidecarGroups(sorted, entries) : Self.directoryGroups(sorted, entries)
      sections.append(
        Section(
          category: category, groups: groups, count: members.count, showsGroups: showsGroups,
          showsHeadings: showsGroups || groups.contains { $0.name != nil }))
    }
    self.sections = sections
    var stripped = [Int](repeating: 0, count: entries.count)
    for section in sections {
      for group in section.groups {
        guard let directory = group.directory else { continue }
        for member in group.members { stripped[member] = directory.utf8.count }
      }
    }
    headingBytes = stripped
    var shared = [Int](repeating: 0, count: entries.count)
    for section in sections {
      for group in section.groups where group.members.count > 1 {
        let names = group.members.map { Array(SafeText.escaped(Self.listName(entries[$0], dropping: stripped[$0]))) }
        var length = names[0].count
        for name in names.dropFirst() {
          var common = 0
          while common < min(length, name.count), name[common] == names[0][common] { common += 1 }
          length = common
        }
        // Every name keeps at least one character of its own after the shared part.
        length = min(length, (names.map(\.count).min() ?? 1) - 1)
        for member in group.members { shared[member] = max(0, length) }
      }
    }
    sharedPrefix = shared
  }

  /// Sidecar groups (devices) sorted by name; images without one come last.
  private static func sidecarGroups(_ sorted: [Int], _ entries: [ReviewEntry]) -> [Group] {
    var order: [String?] = []
    var grouped: [String?: [Int]] = [:]
    for index in sorted {
      let group = entries[index].group
      if grouped[group] == nil { order.append(group) }
      grouped[group, default: []].append(index)
    }
    order.sort { a, b in
      switch (a, b) {
      case (nil, nil): return false
      case (nil, _): return false  // ungrouped images come last
      case (_, nil): return true
      case (let x?, let y?): return x.lowercased() < y.lowercased() || (x.lowercased() == y.lowercased() && x < y)
      }
    }
    return order.map { Group(name: $0, members: grouped[$0] ?? [], directory: nil) }
  }

  /// Without sidecar groups, the directories are the headings: each directory two or more
  /// images share heads them (sorted by name); the images alone in their directory come
  /// last, under the directory they still share, else under `otherDirectories`. So one odd
  /// path (a `__Fixtures__/` image among `__Snapshots__/SnapshotTestingTests/` ones) gets a
  /// heading of its own instead of shortening the others' (docs/REVIEWER.md, finding 5).
  /// A category whose images share no directory at all has no headings.
  private static func directoryGroups(_ sorted: [Int], _ entries: [ReviewEntry]) -> [Group] {
    guard sorted.count >= 2 else { return [Group(name: nil, members: sorted, directory: nil)] }
    var order: [String] = []
    var byDirectory: [String: [Int]] = [:]
    for index in sorted {
      let directory = Self.directory(of: entries[index].name)
      if byDirectory[directory] == nil { order.append(directory) }
      byDirectory[directory, default: []].append(index)
    }
    let shared = order.filter { !$0.isEmpty && (byDirectory[$0]?.count ?? 0) >= 2 }
      .sorted { a, b in a.lowercased() < b.lowercased() || (a.lowercased() == b.lowercased() && a < b) }
    var groups = shared.map { Group(name: $0, members: byDirectory[$0] ?? [], directory: $0) }
    let sharedSet = Set(shared)
    let alone = sorted.filter { !sharedSet.contains(Self.directory(of: entries[$0].name)) }
    if !alone.isEmpty {
      // A lone image keeps its own directory as the heading only next to other headings
      // (by itself a category of one has none, as before).
      let common = Self.commonDirectory(alone.map { entries[$0].name })
      let heading = common ?? (groups.isEmpty ? nil : otherDirectories)
      groups.append(Group(name: heading, members: alone, directory: common))
    }
    return groups
  }

  /// The directory part of `name` (up to and including its last `/`), or "" when it has
  /// none or is only a directory (a row must not read empty).
  static func directory(of name: String) -> String {
    let bytes = Array(name.utf8)
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash + 1 < bytes.count else { return "" }
    return String(decoding: bytes[...slash], as: UTF8.self)
  }

  private static func listName(_ entry: ReviewEntry, dropping bytes: Int) -> String {
    let name = entry.name
    guard bytes > 0 else { return name }
    // The heading's directory ends in `/`, a whole character in UTF-8: the cut is clean.
    return String(decoding: name.utf8.dropFirst(bytes), as: UTF8.self)
  }

  /// The name the list shows for entry `index`: without the directory heading above it.
  public func listName(_ index: Int, _ entry: ReviewEntry) -> String {
    Self.listName(entry, dropping: headingBytes.indices.contains(index) ? headingBytes[index] : 0)
  }

  /// What the list shows for entry `index` in `width` columns (escaped): the name without
  /// its directory heading; when too long, the part every sibling shares gives way first
  /// ("testTraits…landscape.png"), then the middle of the rest, so rows that differ only
  /// at the end stay distinct.
  public func listText(_ index: Int, _ entry: ReviewEntry, width: Int) -> String {
    let name = SafeText.escaped(listName(index, entry))
    let shared = sharedPrefix.indices.contains(index) ? sharedPrefix[index] : 0
    return Self.shorten(name, givingWayFirst: shared, width: width)
  }

  /// A heading row's text (escaped) in `width` columns. A directory heading keeps its last
  /// directory (the test class's, which tells headings apart): the parent path gives way
  /// first, then the middle, as a row name's shared part does:
  /// `Tests/Snap…/SnapshotTestingTests/`, `…/SnapshotTestingTests/`. Cutting at the end
  /// left `Tests/SnapshotTestingTests/__Snapshots__/SnapshotTestin…` (finding 4).
  public static func headingText(_ heading: String, width: Int) -> String {
    let text = SafeText.escaped(heading)
    let characters = Array(text)
    let slashes = characters.indices.filter { characters[$0] == "/" }
    // The parent path ends at the `/` before the last directory's name.
    let parent = slashes.count >= 2 ? slashes[slashes.count - 2] : 0
    return shorten(text, givingWayFirst: parent, width: width)
  }

  /// `text` (escaped) in `width` columns: when too long, its first `shared` characters give
  /// way first (cut at their end: `head…rest`, or `…rest`), then the middle of the rest.
  static func shorten(_ text: String, givingWayFirst shared: Int, width: Int) -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.of(text) <= width { return text }
    let characters = Array(text)
    guard shared > 0, shared < characters.count, width >= 4 else { return DisplayWidth.shortenMiddle(text, to: width) }
    let rest = String(characters[shared...])
    let restWidth = DisplayWidth.of(rest)
    if restWidth <= width - 1 {
      let head = DisplayWidth.truncate(String(characters[..<shared]), to: width - restWidth)
      // `truncate` already ends the head with `…`.
      return (head.isEmpty ? "…" : head) + rest
    }
    return "…" + DisplayWidth.shortenMiddle(rest, to: width - 1)
  }

  /// Whether entry `index` matches `needle` (already lower-cased UTF-8).
  public func matches(_ index: Int, _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    return Self.contains(searchKeys[index], needle)
  }

  /// The list rows for the folded categories and the filter. While a filter is active,
  /// folded categories open so that their matches can be seen.
  public func rows(collapsed: Set<ReviewCategory>, filter: String) -> [ListRow] {
    let needle = Array(filter.lowercased().utf8)
    var rows: [ListRow] = []
    for section in sections {
      if needle.isEmpty {
        let folded = collapsed.contains(section.category)
        rows.append(.category(section.category, shown: section.count, total: section.count, collapsed: folded))
        if folded { continue }
        for group in section.groups {
          if section.showsHeadings {
            rows.append(.group(section.category, name: group.name, count: group.members.count))
          }
          for member in group.members { rows.append(.image(member)) }
        }
      } else {
        var sectionRows: [ListRow] = []
        var shown = 0
        for group in section.groups {
          let hits = group.members.filter { Self.contains(searchKeys[$0], needle) }
          guard !hits.isEmpty else { continue }
          shown += hits.count
          if section.showsHeadings {
            sectionRows.append(.group(section.category, name: group.name, count: hits.count))
          }
          for hit in hits { sectionRows.append(.image(hit)) }
        }
        guard shown > 0 else { continue }
        rows.append(.category(section.category, shown: shown, total: section.count, collapsed: false))
        rows.append(contentsOf: sectionRows)
      }
    }
    return rows
  }

  /// The longest directory prefix (up to and including a `/`) all `names` share, or nil.
  /// A name that is only the directory keeps it (a row must not read empty).
  static func commonDirectory(_ names: [String]) -> String? {
    guard let first = names.first else { return nil }
    // Bytes are compared: `/` (0x2F) never occurs inside a multi-byte UTF-8 sequence, so
    // cutting after the last common `/` always cuts between characters.
    var common = Array(first.utf8)
    for name in names.dropFirst() {
      var length = 0
      for (a, b) in zip(common, name.utf8) {
        guard a == b else { break }
        length += 1
      }
      common.removeSubrange(length...)
      if common.isEmpty { return nil }
    }
    guard let slash = common.lastIndex(of: UInt8(ascii: "/")) else { return nil }
    let length = slash + 1
    if names.contains(where: { $0.utf8.count == length }) { return nil }
    return String(decoding: common[..<length], as: UTF8.self)
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    let n = needle.count
    let h = haystack.count
    guard n <= h else { return false }
    return haystack.withUnsafeBufferPointer { hay in
      needle.withUnsafeBufferPointer { pin in
        let first = pin[0]
        var i = 0
        while i <= h - n {
          if hay[i] == first {
            var j = 1
            while j < n, hay[i + j] == pin[j] { j += 1 }
            if j == n { return true }
          }
          i += 1
        }
        return false
      }
    }
  }
}
