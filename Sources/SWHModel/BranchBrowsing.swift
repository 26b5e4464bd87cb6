/// Which rows a branch-list screen shows: swh-web's Branches and Releases tabs, with
/// snaprev's extras (dangling and unresolvable branches listed, `refs/pull/*` toggle).
public struct BranchFilter: Equatable, Sendable {
  public enum Tab: Equatable, Sendable {
    /// Everything that is not a release: revisions, directories, contents, aliases that
    /// end there, and (unlike swh-web) dangling, snapshot and unresolvable branches.
    case branches
    /// Releases, and aliases that end at a release.
    case releases
    /// Every branch.
    case all
  }

  public var tab: Tab
  /// Keep names containing these bytes (swh-web's `name_include`); empty keeps all.
  public var nameContains: [UInt8]
  /// swh-web hides `refs/pull/*` from its lists; so does snaprev unless asked.
  public var showPullRequests: Bool

  public init(tab: Tab = .branches, nameContains: [UInt8] = [], showPullRequests: Bool = false) {
    self.tab = tab
    self.nameContains = nameContains
    self.showPullRequests = showPullRequests
  }
}

/// Where a branch belongs in swh-web's tabs, after following aliases.
public enum BranchCategory: Equatable, Sendable {
  case branch
  case release
  /// Dangling, snapshot-typed or unresolvable: swh-web hides these; snaprev marks them.
  case other
}

/// One row of a branch-list screen.
public struct BranchRow: Equatable, Sendable {
  public var index: Int
  public var name: [UInt8]
  /// The branch's own target (for an alias, the name it points at).
  public var target: BranchTarget
  /// Where the branch ends after following aliases (itself when it is no alias).
  public var resolution: AliasResolution
  public var category: BranchCategory
  /// Title and date of the final target, when the store knows them.
  public var info: TargetInfo?

  public var isAlias: Bool { if case .alias = target { return true } else { return false } }
  public var isDangling: Bool { target == .dangling }

  public init(
    index: Int, name: [UInt8], target: BranchTarget, resolution: AliasResolution, category: BranchCategory,
    info: TargetInfo? = nil
  ) {
    self.index = index
    self.name = name
    self.target = target
    self.resolution = resolution
    self.category = category
    self.info = info
  }

  /// The final object, when the chain ends at one (what the Target column shows).
  public var finalObject: (kind: ObjectKind, id: ObjectID)? {
    if case .object(_, let kind, let id, _) = resolution { return (kind, id) }
    return nil
  }
}

/// A page of rows, with where the neighbouring pages start.
public struct BranchRowPage: Equatable, Sendable {
  public var rows: [BranchRow]
  /// The index to pass to `rows(from:…)` for the previous page; nil on the first page.
  public var previousStart: Int?
  /// The index of the first row of the next page; nil on the last page.
  public var nextStart: Int?

  public init(rows: [BranchRow], previousStart: Int?, nextStart: Int?) {
    self.rows = rows
    self.previousStart = previousStart
    self.nextStart = nextStart
  }
}

extension BranchList {
  /// swh-web's tab for the branch at `index` (aliases followed, never looping).
  public func category(at index: Int) -> BranchCategory {
    Self.category(of: resolve(at: index))
  }

  static func category(of resolution: AliasResolution) -> BranchCategory {
    switch resolution {
    case .object(_, let kind, _, _):
      switch kind {
      case .release: return .release
      case .revision, .directory, .content: return .branch
      case .snapshot: return .other
      }
    case .dangling, .missing, .cycle:
      return .other
    }
  }

  /// Whether the branch at `index` is shown under `filter`.
  public func matches(_ index: Int, _ filter: BranchFilter) -> Bool {
    withRaw { raw in matches(raw, index, filter) }
  }

  private func matches(_ raw: RawBranchList, _ index: Int, _ filter: BranchFilter) -> Bool {
    if !filter.showPullRequests && raw.hasPullRequestPrefix(index) { return false }
    if !filter.nameContains.isEmpty && !ByteOrder.contains(raw.name(index), filter.nameContains) { return false }
    switch filter.tab {
    case .all: return true
    case .releases, .branches:
      // Only aliases need resolving; the kind byte decides the rest.
      let kind = raw.kind(index)
      let isRelease = kind == .alias ? category(at: index) == .release : kind == .release
      return filter.tab == .releases ? isRelease : !isRelease
    }
  }

  /// The indices of the `refs/pull/` names: one contiguous run in byte order, which the
  /// scans below jump over when pull requests are hidden (they can be most of a big list).
  func pullRequestRange(_ raw: RawBranchList) -> Range<Int> {
    let prefix = BranchListFormat.pullRequestPrefix
    var after = prefix
    after[after.count - 1] += 1  // "refs/pull0": the first name past the prefix
    let low = prefix.withUnsafeBytes { raw.lowerBound($0) }
    let high = after.withUnsafeBytes { raw.lowerBound($0) }
    return low..<max(low, high)
  }

  /// Up to `count` rows shown under `filter`, starting at index `start` (inclusive).
  public func rows(from start: Int, count limit: Int, filter: BranchFilter, targets: TargetInfoTable? = nil) -> BranchRowPage {
    var indices = [Int]()
    var next: Int? = nil
    withRaw { raw in
      let hidden = filter.showPullRequests ? 0..<0 : pullRequestRange(raw)
      var index = max(0, start)
      while index < count {
        if hidden.contains(index) {
          index = hidden.upperBound
          continue
        }
        if matches(raw, index, filter) {
          if indices.count == limit {
            next = index
            break
          }
          indices.append(index)
        }
        index += 1
      }
    }
    let previous = previousStart(before: indices.first ?? start, count: limit, filter: filter)
    return BranchRowPage(rows: indices.map { row(at: $0, targets: targets) }, previousStart: previous, nextStart: next)
  }

  /// The `count` rows shown under `filter` just before index `end` (for "Previous").
  public func rows(endingBefore end: Int, count limit: Int, filter: BranchFilter, targets: TargetInfoTable? = nil) -> BranchRowPage {
    let start = previousStart(before: end, count: limit, filter: filter) ?? 0
    return rows(from: start, count: limit, filter: filter, targets: targets)
  }

  private func previousStart(before end: Int, count limit: Int, filter: BranchFilter) -> Int? {
    withRaw { raw in
      let hidden = filter.showPullRequests ? 0..<0 : pullRequestRange(raw)
      var found = 0
      var start: Int? = nil
      var index = min(end, count) - 1
      while index >= 0 && found < limit {
        if hidden.contains(index) {
          index = hidden.lowerBound - 1
          continue
        }
        if matches(raw, index, filter) {
          found += 1
          start = index
        }
        index -= 1
      }
      return start
    }
  }

  /// How many branches `filter` shows (a full scan: cheap for the tab counts of the
  /// header, see `counts`, but this one honours the name filter too).
  public func count(matching filter: BranchFilter) -> Int {
    withRaw { raw in
      let hidden = filter.showPullRequests ? 0..<0 : pullRequestRange(raw)
      var total = 0
      for index in 0..<hidden.lowerBound where matches(raw, index, filter) { total += 1 }
      for index in hidden.upperBound..<count where matches(raw, index, filter) { total += 1 }
      return total
    }
  }

  public func row(at index: Int, targets: TargetInfoTable? = nil) -> BranchRow {
    let resolution = resolve(at: index)
    var info: TargetInfo? = nil
    if case .object(_, _, let id, _) = resolution { info = targets?.info(for: id) }
    return BranchRow(
      index: index, name: name(at: index), target: target(at: index), resolution: resolution,
      category: Self.category(of: resolution), info: info)
  }

  /// Names of the branches pointing at an object, given as full or abbreviated (≥ 4 digits)
  /// hex, e.g. a build's `head_sha`. Aliases that resolve to the object are included.
  public func names(targeting hex: String) -> [[UInt8]] {
    let direct = ObjectID(hex: hex).map { indices(targeting: $0) } ?? indices(targetingHexPrefix: hex)
    guard !direct.isEmpty else { return [] }
    let targeted = Set(direct)
    var found = targeted
    withRaw { raw in
      for index in 0..<count where raw.kind(index) == .alias {
        if let final = resolve(at: index).finalIndex, targeted.contains(final) { found.insert(index) }
      }
    }
    return found.sorted().map { name(at: $0) }
  }
}
