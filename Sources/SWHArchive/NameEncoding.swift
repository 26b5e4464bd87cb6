/// How swh-web turns raw branch names into JSON text, and back.
public enum NameEncoding {
  /// swh.core `decode_with_escape`: `\` becomes `\\`, NUL becomes the text `\x00`, and each
  /// byte that is not part of a valid UTF-8 sequence becomes the text `\xNN` (lowercase).
  public static func decodeWithEscape(_ bytes: some Collection<UInt8>) -> String {
    // Most names are printable ASCII without backslashes: nothing to escape.
    if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
      return String(decoding: bytes, as: UTF8.self)
    }
    let buffer = Array(bytes)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < buffer.count {
      let length = UTF8Validation.sequenceLength(buffer, at: index)
      if length == 0 {
        appendASCII("\\x" + Hex.pair(buffer[index]), to: &out)
        index += 1
        continue
      }
      let byte = buffer[index]
      if byte == UInt8(ascii: "\\") {
        appendASCII("\\\\", to: &out)
      } else if byte == 0 {
        appendASCII("\\x00", to: &out)
      } else {
        out.append(UTF8Validation.scalar(buffer, at: index, length: length))
      }
      index += length
    }
    return String(out)
  }

  /// A plain UTF-8 decode, nil when the bytes are not valid UTF-8.
  public static func decodeUTF8(_ bytes: some Collection<UInt8>) -> String? {
    let buffer = Array(bytes)
    var index = 0
    while index < buffer.count {
      let length = UTF8Validation.sequenceLength(buffer, at: index)
      if length == 0 { return nil }
      index += length
    }
    return String(decoding: buffer, as: UTF8.self)
  }

  /// swh.core `encode_with_unescape`: the inverse of `decodeWithEscape`. Throws on a
  /// backslash followed by anything but `\` or `x` and two hex digits.
  public static func encodeWithUnescape(_ text: String) throws(NameEncodingError) -> [UInt8] {
    try encodeWithUnescape(utf8: Array(text.utf8))
  }

  /// `encodeWithUnescape` over the UTF-8 bytes of the text.
  public static func encodeWithUnescape(utf8 input: [UInt8]) throws(NameEncodingError) -> [UInt8] {
    guard input.contains(UInt8(ascii: "\\")) else { return input }
    var out = [UInt8]()
    out.reserveCapacity(input.count)
    var index = 0
    while index < input.count {
      let byte = input[index]
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        index += 1
        continue
      }
      guard index + 1 < input.count else {
        out.append(byte)  // a lone trailing backslash is kept, as swh.core does
        index += 1
        continue
      }
      let next = input[index + 1]
      if next == UInt8(ascii: "\\") {
        out.append(byte)
        index += 2
      } else if next == UInt8(ascii: "x"), index + 3 < input.count,
        let high = Hex.value(of: input[index + 2]), let low = Hex.value(of: input[index + 3])
      {
        out.append(high << 4 | low)
        index += 4
      } else {
        throw .invalidEscape(position: index)
      }
    }
    return out
  }

  private static func appendASCII(_ text: String, to out: inout String.UnicodeScalarView) {
    out.append(contentsOf: text.unicodeScalars)
  }
}

public enum NameEncodingError: Error, Equatable, CustomStringConvertible {
  case invalidEscape(position: Int)

  public var description: String {
    switch self {
    case .invalidEscape(let position):
      return "invalid backslash escape at byte \(position) (only \\\\ and \\xNN are allowed)"
    }
  }
}

/// Strict UTF-8 as Python decodes it: no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
  /// The length of the valid sequence starting at `index`, or 0 if the byte there starts none.
  @inline(__always)
  static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
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
  static func scalar(_ bytes: [UInt8], at index: Int, length: Int) -> Unicode.Scalar {
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

  static func isValid(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index < bytes.count {
      let length = sequenceLength(bytes, at: index)
      if length == 0 { return false }
      index += length
    }
    return true
  }
}

/// Escaping of untrusted text in messages meant for a terminal (errors, summaries).
/// The CLI uses TerminalCanvas's `SafeText` for its screens; this module may not import it.
public enum Escape {
  /// Control characters (C0, DEL, C1), line separators and bidi controls become visible escapes.
  public static func forTerminal(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x1B: out += "\\e"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x00...0x1F, 0x7F...0x9F: out += "\\x" + Hex.pair(UInt8(scalar.value))
      case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Raw name bytes for a terminal: invalid UTF-8 as `\xNN`, then `forTerminal`.
  public static func forTerminal(bytes: some Collection<UInt8>) -> String {
    let buffer = Array(bytes)
    var text = String.UnicodeScalarView()
    var index = 0
    while index < buffer.count {
      let length = UTF8Validation.sequenceLength(buffer, at: index)
      if length == 0 {
        text.append(contentsOf: ("\\x" + Hex.pair(buffer[index])).unicodeScalars)
        index += 1
      } else {
        text.append(UTF8Validation.scalar(buffer, at: index, length: length))
        index += length
      }
    }
    return forTerminal(String(text))
  }
}
