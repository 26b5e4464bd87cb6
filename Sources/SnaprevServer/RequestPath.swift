/// The path of a request, split into percent-decoded segments. Hostile paths (a `.` or
/// `..` segment, an encoded NUL or `/`, malformed escapes, invalid UTF-8) are refused
/// before any handler sees them.
struct RequestPath: Equatable {
  var segments: [String]
  var trailingSlash: Bool

  enum Problem: Error, Equatable, CustomStringConvertible {
    case dotSegment
    case nul
    case badEscape
    case encodedSlash
    case notUTF8

    var description: String {
      switch self {
      case .dotSegment: return "the path must not contain \".\" or \"..\" segments"
      case .nul: return "the path must not contain a NUL character"
      case .badEscape: return "the path has a malformed percent escape"
      case .encodedSlash: return "the path must not contain an encoded \"/\""
      case .notUTF8: return "the path is not valid UTF-8"
      }
    }
  }

  static func parse(_ raw: String) -> Result<RequestPath, Problem> {
    // Split on the byte `/`, not on the Character: a `/` followed by a combining mark is one
    // Character, so `"/x/../\u{301}"` split by Character kept `../\u{301}` as one segment,
    // past the dot-segment check (found by the server_requests fuzz target).
    var parts = raw.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    if parts.first?.isEmpty == true { parts.removeFirst() }
    let trailing = parts.last?.isEmpty == true
    if trailing { parts.removeLast() }
    var segments = [String]()
    for part in parts {
      switch decode(Array(part)) {
      case .failure(let problem): return .failure(problem)
      case .success(let text):
        if text.utf8.elementsEqual(".".utf8) || text.utf8.elementsEqual("..".utf8) { return .failure(.dotSegment) }
        segments.append(text)
      }
    }
    return .success(RequestPath(segments: segments, trailingSlash: trailing))
  }

  /// Percent-decoding of one segment.
  static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
    var out = [UInt8]()
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < bytes.count,
          let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
        else { return .failure(.badEscape) }
        let decoded = high << 4 | low
        if decoded == 0 { return .failure(.nul) }
        if decoded == UInt8(ascii: "/") { return .failure(.encodedSlash) }
        out.append(decoded)
        index += 3
      } else {
        if byte == 0 { return .failure(.nul) }
        out.append(byte)
        index += 1
      }
    }
    guard let string = String(validating: out, as: UTF8.self) else { return .failure(.notUTF8) }
    return .success(string)
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: return byte - 0x30
    case 0x41...0x46: return byte - 0x41 + 10
    case 0x61...0x66: return byte - 0x61 + 10
    default: return nil
    }
  }
}

/// Query string parameters, decoded as HTML forms are (`+` is a space). A bare word
/// (`?download`) is a parameter with an empty value.
struct QueryParameters {
  private var pairs: [(String, String)] = []

  init(_ query: String?) {
    guard let query, !query.isEmpty else { return }
    // Bytes again, as form decoders split (`&` before a combining mark still separates).
    for item in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      let parts = item.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.formDecode(Array(parts[0]))
      let value = parts.count > 1 ? Self.formDecode(Array(parts[1])) : ""
      pairs.append((name, value))
    }
  }

  subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

  func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

  /// Form decoding; a malformed escape is kept literally (as Python's `unquote_plus` does).
  static func formDecode(_ bytes: [UInt8]) -> String {
    var out = [UInt8]()
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "+") {
        out.append(0x20)
        index += 1
      } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
        let high = RequestPath.hexValue(bytes[index + 1]), let low = RequestPath.hexValue(bytes[index + 2])
      {
        out.append(high << 4 | low)
        index += 3
      } else {
        out.append(byte)
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
