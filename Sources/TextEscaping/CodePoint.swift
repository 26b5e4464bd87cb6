#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ordering of text by Unicode code point, which is UTF-8 byte order and Python's `sorted`
/// order (Swift's `<` on String compares by canonical equivalence, which is not).
public enum CodePoint {
  /// Whether `a` sorts before `b` by code point.
  public static func precedes(_ a: String, _ b: String) -> Bool {
    // Native strings are contiguous UTF-8: compare with memcmp (the store sorts 50,000 names).
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y -> Bool in
        let common = min(x.count, y.count)
        if common > 0, let left = x.baseAddress, let right = y.baseAddress {
          let order = memcmp(left, right, common)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
    return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
  }
}
