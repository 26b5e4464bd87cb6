import JSONCore
import Foundation
import HTTPTypes
import Hummingbird
import SnapshotStore

/// An error answer: a status and a JSON body with a `detail` (Sentry's and DRF's shape).
struct HTTPFailure: Error {
  var status: HTTPResponse.Status
  var detail: String
  var headers: HTTPFields = [:]

  init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
    self.status = status
    self.detail = detail
    self.headers = headers
  }

  var response: Response { Reply.detail(status, detail, headers: headers) }

  static func notFound(_ detail: String = "The requested resource does not exist") -> HTTPFailure {
    HTTPFailure(.notFound, detail)
  }
}

/// Response builders.
enum Reply {
  static let jsonType = "application/json"

  static func bytes(
    _ status: HTTPResponse.Status, _ body: [UInt8], contentType: String, headers: HTTPFields = [:]
  ) -> Response {
    var fields = headers
    fields[.contentType] = contentType
    fields[.contentLength] = String(body.count)
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }

  static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
    bytes(status, JSONWriter.bytes(value, style: .storeInline), contentType: jsonType, headers: headers)
  }

  static func detail(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
    json(status, .object(["detail": .string(text)]), headers: headers)
  }
}

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
    var parts = raw.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if parts.first == "" { parts.removeFirst() }
    let trailing = parts.last == ""
    if trailing { parts.removeLast() }
    var segments = [String]()
    for part in parts {
      switch decode(part) {
      case .failure(let problem): return .failure(problem)
      case .success(let text):
        if text == "." || text == ".." { return .failure(.dotSegment) }
        segments.append(text)
      }
    }
    return .success(RequestPath(segments: segments, trailingSlash: trailing))
  }

  /// Percent-decoding of one segment.
  static func decode(_ text: String) -> Result<String, Problem> {
    var out = [UInt8]()
    let bytes = Array(text.utf8)
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
    for item in query.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = Self.formDecode(String(parts[0]))
      let value = parts.count > 1 ? Self.formDecode(String(parts[1])) : ""
      pairs.append((name, value))
    }
  }

  subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

  func has(_ name: String) -> Bool { pairs.contains { $0.0 == name } }

  /// Form decoding; a malformed escape is kept literally (as Python's `unquote_plus` does).
  static func formDecode(_ text: String) -> String {
    let bytes = Array(text.utf8)
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

/// Runs blocking work (file I/O, pixel diffs) on a Dispatch queue, so it never holds one of
/// the few cooperative-pool threads the event loops' requests depend on.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global(qos: .userInitiated).async {
      continuation.resume(with: Result { try body() })
    }
  }
}

extension HTTPField.Name {
  // Header names HTTPTypes does not predefine. Each literal is a valid token, so the failable
  // initializer cannot fail; the fallback only gives the constant a non-optional type.
  static let link = HTTPField.Name("Link") ?? .contentLocation
  static let requestID = HTTPField.Name("X-Request-Id") ?? .contentLocation
  static let objectstoreAuth = HTTPField.Name("x-os-auth") ?? .authorization
}
