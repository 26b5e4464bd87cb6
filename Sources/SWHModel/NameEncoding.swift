import TextEscaping

/// How swh-web turns raw branch names into JSON text, and back.
public enum NameEncoding {
  /// swh.core `decode_with_escape`: `\` becomes `\\`, NUL becomes the text `\x00`, and each
  /// byte that is not part of a valid UTF-8 sequence becomes the text `\xNN` (lowercase).
  ///
  /// Inlinable so that the callers in other modules (SWHWeb renders 1,000 names a page)
  /// get it specialized for their collection: unspecialized, each call instantiated generic
  /// metadata at run time, and a page of 1,000 branches took twice the CPU (437 -> 253
  /// uncached pages a second under wrk, docs/PERFORMANCE.md, "Review server").
  @inlinable
  public static func decodeWithEscape(_ bytes: some Collection<UInt8>) -> String {
    // Most names are printable ASCII without backslashes: nothing to escape.
    if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) {
      return String(decoding: bytes, as: UTF8.self)
    }
    return decodeWithEscape(escaping: Array(bytes))
  }

  /// The slow path of `decodeWithEscape`: something to escape, or non-ASCII.
  @usableFromInline
  static func decodeWithEscape(escaping buffer: [UInt8]) -> String {
    var out = String.UnicodeScalarView()
    var index = 0
    while index < buffer.count {
      let length = UTF8Text.sequenceLength(buffer, at: index)
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
        out.append(UTF8Text.scalar(buffer, at: index, length: length))
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
      let length = UTF8Text.sequenceLength(buffer, at: index)
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
