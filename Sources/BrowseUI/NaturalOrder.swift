import SWHModel

/// The order people expect for ref names: runs of digits compare as numbers, so
/// `refs/tags/v2.6.9` comes before `refs/tags/v2.6.10` and `refs/pull/9/head` before
/// `refs/pull/10/head`; a pre-release comes before its release, as in semver:
/// `v3.0-rc7` < `v3.0` < `v3.0.1`, `1.2.0-beta` < `1.2.0` (a `-` right after a number
/// sorts before anything else there, the name's end included); everything else compares
/// as bytes. `s` in the browser switches to plain byte order (swh-web's).
///
/// It is a lexicographic order over tokens (a digit run, a byte, the end), each token
/// compared only after equal ones: so it is a total order, which sorting needs. The rank
/// of a `-` depends only on the token before it, the same on both sides.
public enum NaturalOrder {
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// Whether the byte at `index` starts a pre-release: a `-` right after a digit.
  static func startsPreRelease(_ name: [UInt8], _ index: Int) -> Bool {
    index > 0 && name[index] == UInt8(ascii: "-") && isDigit(name[index - 1])
  }

  /// A byte's rank where the names differ: a pre-release's `-` below every byte (and
  /// below the end, which `precedes` ranks at -1).
  static func rank(_ name: [UInt8], _ index: Int) -> Int {
    startsPreRelease(name, index) ? -2 : Int(name[index])
  }

  /// Whether `a` sorts before `b`. Equal numbers with more leading zeros sort after.
  public static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var i = 0
    var j = 0
    while i < a.count, j < b.count {
      guard isDigit(a[i]), isDigit(b[j]) else {
        if a[i] != b[j] { return rank(a, i) < rank(b, j) }
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
    // One name ended: it comes first (as a prefix does), unless the other goes on with a
    // pre-release (`v3.0-rc7` before `v3.0`).
    if i == a.count, j < b.count { return !startsPreRelease(b, j) }
    if j == b.count, i < a.count { return startsPreRelease(a, i) }
    return false
  }

  /// The list's indices in natural order. Computed once when a snapshot is opened (by the
  /// shell, off the key path): paging then maps positions through it in O(1).
  public static func permutation(of list: BranchList) -> [Int] {
    let names = (0..<list.count).map { list.name(at: $0) }
    return names.indices.sorted { precedes(names[$0], names[$1]) || (!precedes(names[$1], names[$0]) && $0 < $1) }
  }
}
