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
