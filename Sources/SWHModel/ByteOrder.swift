#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Branch names compare as unsigned bytes, a prefix first (Python `sorted()` on
/// `bytes`, SQL `ORDER BY` on `bytea`), never as Swift `String`s, which would equate
/// NFC and NFD spellings.
public enum ByteOrder {
  /// Negative, zero or positive like `memcmp`, with the shorter of two equal prefixes first.
  @inline(__always)
  static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Int {
    let common = min(lhs.count, rhs.count)
    if common > 0, let left = lhs.baseAddress, let right = rhs.baseAddress {
      let result = memcmp(left, right, common)
      if result != 0 { return Int(result) }
    }
    return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
  }

  public static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in compare(left, right) } }
  }

  public static func less(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    compare(lhs, rhs) < 0
  }

  /// Whether `name` starts with `prefix`.
  @inline(__always)
  static func hasPrefix(_ name: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
    guard name.count >= prefix.count else { return false }
    for index in 0..<prefix.count where name[index] != prefix[index] { return false }
    return true
  }

  /// Whether `needle` occurs in `haystack` (an empty needle always does).
  static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
    guard let first = needle.first else { return true }
    guard haystack.count >= needle.count else { return false }
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
      if haystack[start] == first {
        var matched = true
        for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
          matched = false
          break
        }
        if matched { return true }
      }
      start += 1
    }
    return false
  }
}
