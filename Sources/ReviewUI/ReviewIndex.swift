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
    public let name: String?
    public let members: [Int]
  }

  public struct Section: Sendable {
    public let category: ReviewCategory
    public let groups: [Group]
    public let count: Int
    /// Whether group headers are shown (some image of the category has a group).
    public let showsGroups: Bool
    /// The directory every listed name of the category starts with (ending in `/`), shown
    /// once as a heading instead of on every row; nil when there is a sidecar group (the
    /// group is the heading then), when fewer than two images share one, or none is common.
    public let directory: String?

    /// Whether the category's images sit under a heading row (group or directory).
    public var showsHeadings: Bool { showsGroups || directory != nil }

    /// The name the list shows for `entry`: without the directory heading above it.
    public func listName(_ entry: ReviewEntry) -> String {
      let name = entry.name
      guard let directory, name.hasPrefix(directory) else { return name }
      return String(name.dropFirst(directory.count))
    }
  }

  public let sections: [Section]
  private let searchKeys: [[UInt8]]
  /// Per entry: how many leading characters of its escaped list name every image under the
  /// same heading shares ("testTraits.ipad-10-2-"); a shortened name drops those first.
  private let sharedPrefix: [Int]

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
      var groupOrder: [String?] = []
      var grouped: [String?: [Int]] = [:]
      for index in sorted {
        let group = entries[index].group
        if grouped[group] == nil { groupOrder.append(group) }
        grouped[group, default: []].append(index)
      }
      groupOrder.sort { a, b in
        switch (a, b) {
        case (nil, nil): return false
        case (nil, _): return false  // ungrouped images come last
        case (_, nil): return true
        case (let x?, let y?): return x.lowercased() < y.lowercased() || (x.lowercased() == y.lowercased() && x < y)
        }
      }
      let groups = groupOrder.map { Group(name: $0, members: grouped[$0] ?? []) }
      let showsGroups = groupOrder.contains { $0 != nil }
      sections.append(
        Section(
          category: category, groups: groups, count: members.count, showsGroups: showsGroups,
          directory: showsGroups || members.count < 2 ? nil : Self.commonDirectory(members.map { entries[$0].name })))
    }
    self.sections = sections
    var shared = [Int](repeating: 0, count: entries.count)
    for section in sections {
      for group in section.groups where group.members.count > 1 {
        let names = group.members.map { Array(SafeText.escaped(section.listName(entries[$0]))) }
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

  /// What the list shows for entry `index` in `width` columns (escaped): the name without
  /// its directory heading; when too long, the part every sibling shares gives way first
  /// ("testTraits…landscape.png"), then the middle of the rest, so rows that differ only
  /// at the end stay distinct.
  public func listText(_ index: Int, _ entry: ReviewEntry, width: Int) -> String {
    let section = sections.first { $0.category == entry.category }
    let name = SafeText.escaped(section?.listName(entry) ?? entry.name)
    guard width > 0 else { return "" }
    if DisplayWidth.of(name) <= width { return name }
    let characters = Array(name)
    let shared = sharedPrefix.indices.contains(index) ? sharedPrefix[index] : 0
    let rest = String(characters[shared...])
    let restWidth = DisplayWidth.of(rest)
    guard shared > 0, width >= 4 else { return DisplayWidth.shortenMiddle(name, to: width) }
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
            rows.append(.group(section.category, name: group.name ?? section.directory, count: group.members.count))
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
            sectionRows.append(.group(section.category, name: group.name ?? section.directory, count: hits.count))
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
