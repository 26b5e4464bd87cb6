/// Where following a branch (through any aliases) ends.
public enum AliasResolution: Equatable, Sendable {
  /// At a branch with an object target, `hops` aliases later.
  case object(index: Int, kind: ObjectKind, id: ObjectID, hops: Int)
  /// At a dangling branch.
  case dangling(index: Int, hops: Int)
  /// At a name that no branch of the snapshot has.
  case missing(name: [UInt8], hops: Int)
  /// In a loop, or past `maxHops` aliases (swh-storage gives up after 100).
  case cycle(hops: Int)

  /// The final branch's index, when the chain ends at a branch.
  public var finalIndex: Int? {
    switch self {
    case .object(let index, _, _, _), .dangling(let index, _): return index
    case .missing, .cycle: return nil
    }
  }
}

extension BranchList {
  /// Follows the branch at `index` to its final non-alias target, never looping.
  public func resolve(at index: Int, maxHops: Int = 100) -> AliasResolution {
    withRaw { raw in
      var current = index
      var visited: Set<Int> = [index]
      var hops = 0
      while true {
        let kind = raw.kind(current)
        switch kind {
        case .dangling: return .dangling(index: current, hops: hops)
        case .alias:
          let target = raw.aliasTarget(current)
          let next = raw.lowerBound(target)
          guard next < count, ByteOrder.compare(raw.name(next), target) == 0 else {
            return .missing(name: Array(target), hops: hops + 1)
          }
          hops += 1
          guard hops <= maxHops, visited.insert(next).inserted else { return .cycle(hops: hops) }
          current = next
        default:
          return .object(index: current, kind: kind.objectKind ?? .revision, id: raw.object(current), hops: hops)
        }
      }
    }
  }
}

/// Follows alias chains for one response, looking each name up at most once. swh-web
/// follows every alias on a page to its end with no limit, so a page of 1,000 aliases in a
/// 100,000-link chain cost 10^8 lookups (110 s). Here a name's own lookup (one `Step`) is
/// kept, and so is the exact outcome of every chain walked to its end, so a page costs about
/// one lookup per distinct name it reaches; and a chain that needs more than `maxHops`
/// lookups ends without an outcome, as swh-storage ends alias chains at 100.
public struct AliasChainMemo<Name: Hashable, Outcome> {
  /// What looking one name up gives: another name to look up, or the end of the chain
  /// (`nil` for an end with nothing to show: dangling, missing, excluded).
  public enum Step {
    case next(Name)
    case end(Outcome?)
  }

  /// swh-storage's `max_alias_chain_length` (and `BranchList.resolve`'s default).
  public static var defaultMaxHops: Int { 100 }

  // Everything here is inlinable so that SWHWeb, which follows the aliases of every page it
  // renders, gets it specialized for `String`: across the module boundary, unspecialized, each
  // step instantiated tuple and dictionary metadata at run time, a third of a page's CPU
  // (perf under wrk, docs/PERFORMANCE.md, "Review server").
  public let maxHops: Int
  /// How many times `follow` called `lookUp` (each name at most once): the cost measure.
  public var lookups: Int { lookupCount }
  @usableFromInline var lookupCount = 0
  @usableFromInline var steps: [Name: Step] = [:]
  /// Outcome and exact number of lookups to the end, for every name on a finished walk.
  @usableFromInline var ends: [Name: (outcome: Outcome?, lookups: Int)] = [:]
  /// Names known to need more than `maxHops` lookups (loops included).
  @usableFromInline var tooLong: Set<Name> = []

  @inlinable
  public init(maxHops: Int = defaultMaxHops) {
    self.maxHops = maxHops
  }

  /// The outcome of looking `start` up and following the chain, or nil when it ends with
  /// nothing or needs more than `maxHops` lookups.
  @inlinable
  public mutating func follow(_ start: Name, lookUp: (Name) -> Step) -> Outcome? {
    var path: [Name] = []
    var current = start
    while true {
      if let known = ends[current] {
        record(path, known.outcome, after: known.lookups)
        return path.count + known.lookups <= maxHops ? known.outcome : nil
      }
      if path.count == maxHops || tooLong.contains(current) {
        tooLong.insert(start)
        return nil
      }
      let step: Step
      if let cached = steps[current] {
        step = cached
      } else {
        step = lookUp(current)
        lookupCount += 1
        steps[current] = step
      }
      path.append(current)
      switch step {
      case .end(let outcome):
        record(path, outcome, after: 0)
        return outcome
      case .next(let name):
        current = name
      }
    }
  }

  /// Every name on `path` ends at `outcome`, `path.count - i + extra` lookups from name i.
  @inlinable
  mutating func record(_ path: [Name], _ outcome: Outcome?, after extra: Int) {
    for (position, name) in path.enumerated() {
      ends[name] = (outcome, path.count - position + extra)
    }
  }
}
