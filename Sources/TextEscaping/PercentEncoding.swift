/// Percent-encoding (RFC 3986 §2.1) with upper-case hex digits, for the several callers
/// that each keep a different set of characters as they are: a URL path, Python's
/// `urllib.parse.quote`, a file name, the objectstore client's keys.
public enum PercentEncoding {
  /// `text`'s UTF-8 with every byte that is neither an ASCII letter or digit nor one of
  /// `safe`'s (ASCII) characters written as `%XX`.
  public static func encode(_ text: String, keeping safe: StaticString = "") -> String {
    var kept = [Bool](repeating: false, count: 128)
    for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { kept[Int(byte)] = true }
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { kept[Int(byte)] = true }
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { kept[Int(byte)] = true }
    safe.withUTF8Buffer { for byte in $0 where byte < 128 { kept[Int(byte)] = true } }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      if byte < 128, kept[Int(byte)] {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        out += "%" + Hex.pair(byte).uppercased()
      }
    }
    return out
  }
}
