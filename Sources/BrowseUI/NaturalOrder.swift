import SWHModel

/// The order people expect for ref names: runs of digits compare as numbers, so
/// `refs/tags/v2.6.9` comes before `refs/tags/v2.6.10` and `refs/pull/9/head` before
/// `refs/pull/10/head`; everything else compares as bytes. (Not full version semantics:
/// `v3.0` still sorts before `v3.0-rc7`, as a prefix does.)
public enum NaturalOrder {
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// Whether `a` sorts before `b`. Equal numbers with more leading zeros sort after.
  public static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      guard isDigit(a[i]), isDigit(b[j]) else {
        if a[i] != b[j] { return a[i] < b[j] }
        i += 1
        j += 1
        continue
      }
      var endA = i
      while endA < a.count, isDigit(a[endA]) { endA += 1 }
      var endB = j
      while endB < b.count, isDigit(b[endB]) { endB += 1 }
      var startA = i
      while startA < endA - 1, a[startA] == 0x30 { startA += 1 }
      var startB = j
      while startB < endB - 1, b[startB] == 0x30 { startB += 1 }
      if endA - startA != endB - startB { return endA - startA < endB - startB }
      for k in 0..<(endA - startA) where a[startA + k] != b[startB + k] { return a[startA + k] < b[startB + k] }
      if endA - i != endB - j { return endA - i < endB - j }
      i = endA
      j = endB
    }
    return a.count - i < b.count - j
  }

  /// The list's indices in natural order. Computed once when a snapshot is opened (by the
  /// shell, off the key path): paging then maps positions through it in O(1).
  public static func permutation(of list: BranchList) -> [Int] {
    let names = (0..<list.count).map { list.name(at: $0) }
    return names.indices.sorted { precedes(names[$0], names[$1]) || (!precedes(names[$1], names[$0]) && $0 < $1) }
  }
}
