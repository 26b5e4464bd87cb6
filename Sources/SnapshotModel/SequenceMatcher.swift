/// Python's `difflib.SequenceMatcher(None, a, b).ratio()`, ported line by line so rename
/// pairing picks the same pairs Sentry does. Strings are compared as sequences of Unicode
/// code points (Python `str`). No junk function; the "autojunk" heuristic applies: when
/// `b` has 200 or more elements, elements occurring more than `len(b) // 100 + 1` times are
/// "popular" and left out of the index (they can still extend a match at its edges).
public struct SequenceMatcher: Sendable {
  public let a: [Unicode.Scalar]
  public let b: [Unicode.Scalar]
  /// b2j: where each non-popular element of `b` occurs, ascending.
  private let b2j: [Unicode.Scalar: [Int]]

  public init(_ a: String, _ b: String, autojunk: Bool = true) {
    self.a = Array(a.unicodeScalars)
    self.b = Array(b.unicodeScalars)
    var b2j: [Unicode.Scalar: [Int]] = [:]
    for (index, element) in self.b.enumerated() { b2j[element, default: []].append(index) }
    let n = self.b.count
    if autojunk && n >= 200 {
      let ntest = n / 100 + 1
      for (element, indices) in b2j where indices.count > ntest { b2j[element] = nil }
    }
    self.b2j = b2j
  }

  /// `find_longest_match(alo, ahi, blo, bhi)`: the longest matching block, earliest in `a`
  /// and then in `b` on ties. With no junk function `bjunk` is empty, so the two junk
  /// extension loops of the original never run and are omitted.
  public func findLongestMatch(_ alo: Int, _ ahi: Int, _ blo: Int, _ bhi: Int) -> (Int, Int, Int) {
    var besti = alo
    var bestj = blo
    var bestsize = 0
    var j2len: [Int: Int] = [:]
    for i in alo..<max(alo, ahi) {
      var newj2len: [Int: Int] = [:]
      for j in b2j[a[i]] ?? [] {
        if j < blo { continue }
        if j >= bhi { break }
        let k = (j2len[j - 1] ?? 0) + 1
        newj2len[j] = k
        if k > bestsize {
          besti = i - k + 1
          bestj = j - k + 1
          bestsize = k
        }
      }
      j2len = newj2len
    }
    // Popular elements are not junk: extend the match over equal neighbours.
    while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
      besti -= 1
      bestj -= 1
      bestsize += 1
    }
    while besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] == b[bestj + bestsize] {
      bestsize += 1
    }
    return (besti, bestj, bestsize)
  }

  /// `get_matching_blocks()` without the final sentinel; adjacent blocks are merged.
  public func matchingBlocks() -> [(Int, Int, Int)] {
    var queue = [(0, a.count, 0, b.count)]
    var blocks: [(Int, Int, Int)] = []
    while let (alo, ahi, blo, bhi) = queue.popLast() {
      let (i, j, k) = findLongestMatch(alo, ahi, blo, bhi)
      if k > 0 {
        blocks.append((i, j, k))
        if alo < i && blo < j { queue.append((alo, i, blo, j)) }
        if i + k < ahi && j + k < bhi { queue.append((i + k, ahi, j + k, bhi)) }
      }
    }
    blocks.sort { $0.0 != $1.0 ? $0.0 < $1.0 : ($0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2) }
    var merged: [(Int, Int, Int)] = []
    for block in blocks {
      if let last = merged.last, last.0 + last.2 == block.0, last.1 + last.2 == block.1 {
        merged[merged.count - 1].2 += block.2
      } else {
        merged.append(block)
      }
    }
    return merged
  }

  /// 2·M / T, where M is the number of matched elements and T the total length; 1 when both
  /// are empty.
  public func ratio() -> Double {
    let matches = matchingBlocks().reduce(0) { $0 + $1.2 }
    let length = a.count + b.count
    return length > 0 ? 2.0 * Double(matches) / Double(length) : 1.0
  }

  public static func ratio(_ a: String, _ b: String) -> Double {
    SequenceMatcher(a, b).ratio()
  }
}
