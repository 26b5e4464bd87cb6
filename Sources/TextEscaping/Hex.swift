/// Hexadecimal digits, read and written (object ids, `\xNN` and `\uXXXX` escapes, blob names).
public enum Hex {
  /// Lowercase digits as UTF-8 bytes, indexed by value.
  public static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// The value of one hex digit (either case), nil if the byte is not one.
  @inline(__always)
  public static func value(of digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Lowercase hex of every byte, two digits each.
  public static func string(_ bytes: some Sequence<UInt8>) -> String {
    var out = [UInt8]()
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes { appendPair(byte, to: &out) }
    return String(decoding: out, as: UTF8.self)
  }

  /// Two lowercase digits for one byte, e.g. `"ff"`.
  public static func pair(_ byte: UInt8) -> String {
    String(decoding: [lowercaseDigits[Int(byte >> 4)], lowercaseDigits[Int(byte & 0x0F)]], as: UTF8.self)
  }

  @inline(__always)
  public static func appendPair(_ byte: UInt8, to out: inout [UInt8]) {
    out.append(lowercaseDigits[Int(byte >> 4)])
    out.append(lowercaseDigits[Int(byte & 0x0F)])
  }

  /// The lowest `count` nibbles of `value`, lowercase, most significant first (`\u` escapes).
  public static func appendDigits(of value: UInt32, count: Int, to out: inout [UInt8]) {
    for shift in stride(from: (count - 1) * 4, through: 0, by: -4) {
      out.append(lowercaseDigits[Int((value >> UInt32(shift)) & 0xF)])
    }
  }

  public static func isLowercaseHex(_ digit: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(digit)
  }
}
