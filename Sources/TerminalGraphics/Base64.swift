/// Standard base64 (RFC 4648, with `=` padding) into ASCII bytes, the payload encoding of
/// the kitty and iTerm2 protocols. Written here rather than through Foundation's
/// `Data.base64EncodedString` so the frame is built as bytes without a String round trip.
public enum Base64 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// The encoded length of `count` bytes.
  public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

  public static func encode(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBufferPointer { encode($0) }
  }

  public static func encode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let count = input.count
    let full = count / 3
    return [UInt8](unsafeUninitializedCapacity: encodedCount(count)) { out, written in
      alphabet.withUnsafeBufferPointer { table in
        var o = 0
        for group in 0..<full {
          let i = group * 3
          let value = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
          out[o] = table[Int(value >> 18 & 63)]
          out[o + 1] = table[Int(value >> 12 & 63)]
          out[o + 2] = table[Int(value >> 6 & 63)]
          out[o + 3] = table[Int(value & 63)]
          o += 4
        }
        let rest = count - full * 3
        if rest > 0 {
          let i = full * 3
          let value = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
          out[o] = table[Int(value >> 18 & 63)]
          out[o + 1] = table[Int(value >> 12 & 63)]
          out[o + 2] = rest == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "=")
          out[o + 3] = UInt8(ascii: "=")
          o += 4
        }
        written = o
      }
    }
  }

  /// Decodes standard base64 (padding optional); nil for any byte outside the alphabet.
  /// Tests and the detection parser read payloads back with it.
  public static func decode(_ text: [UInt8]) -> [UInt8]? {
    var reverse = [Int16](repeating: -1, count: 256)
    for (index, byte) in alphabet.enumerated() { reverse[Int(byte)] = Int16(index) }
    var out: [UInt8] = []
    out.reserveCapacity(text.count / 4 * 3)
    var buffer: UInt32 = 0
    var bits = 0
    for byte in text {
      if byte == UInt8(ascii: "=") { break }
      let value = reverse[Int(byte)]
      guard value >= 0 else { return nil }
      buffer = buffer << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
      }
    }
    return out
  }
}
