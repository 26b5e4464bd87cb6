/// Strict UTF-8 as Python decodes it: no overlong forms, no surrogates, nothing above
/// U+10FFFF. Shared by the JSON scanner, the archive's name encoding and `SafeText`.
public enum UTF8Text {
  /// The length of the valid sequence starting at `index`, or 0 if the byte there starts none.
  @inline(__always)
  public static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    let lead = bytes[index]
    if lead < 0x80 { return 1 }
    let remaining = bytes.count - index
    func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
      offset < remaining && range.contains(bytes[index + offset])
    }
    switch lead {
    case 0xC2...0xDF:
      return continuation(1) ? 2 : 0
    case 0xE0:
      return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF:
      return continuation(1) && continuation(2) ? 3 : 0
    case 0xED:
      return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
    case 0xF0:
      return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
    case 0xF1...0xF3:
      return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
    case 0xF4:
      return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
    default:
      return 0
    }
  }

  /// The scalar of a sequence already validated by `sequenceLength`.
  public static func scalar(_ bytes: [UInt8], at index: Int, length: Int) -> Unicode.Scalar {
    var value: UInt32
    switch length {
    case 1: value = UInt32(bytes[index])
    case 2: value = UInt32(bytes[index] & 0x1F)
    case 3: value = UInt32(bytes[index] & 0x0F)
    default: value = UInt32(bytes[index] & 0x07)
    }
    for offset in 1..<max(length, 1) {
      value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
    }
    return Unicode.Scalar(value) ?? "\u{FFFD}"
  }

  public static func isValid(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
      let length = sequenceLength(bytes, at: index)
      if length == 0 { return false }
      index += length
    }
    return true
  }

  /// UTF-8 decoding where each invalid byte becomes the literal text `\xNN` (ncdu, swh-web
  /// style). Only the bad byte is escaped; the bytes after it are decoded afresh.
  public static func decodeWithEscapes(_ bytes: some Collection<UInt8>) -> String {
    let buffer = Array(bytes)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < buffer.count {
      let length = sequenceLength(buffer, at: index)
      if length == 0 {
        out.append(contentsOf: ("\\x" + Hex.pair(buffer[index])).unicodeScalars)
        index += 1
      } else {
        out.append(scalar(buffer, at: index, length: length))
        index += length
      }
    }
    return String(out)
  }
}
