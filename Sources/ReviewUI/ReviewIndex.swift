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
  }

  public let sections: [Section]
  private let searchKeys: [[UInt8]]

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
      sections.append(
        Section(
          category: category, groups: groups, count: members.count,
          showsGroups: groupOrder.contains { $0 != nil }))
    }
    self.sections = sections
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
          if section.showsGroups {
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
          if section.showsGroups {
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
