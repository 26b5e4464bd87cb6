import JSONCore
import Foundation
import HTTPTypes
import Hummingbird
import SnapshotStore

extension HTTPFailure {
  var response: Response { Reply.detail(status, detail, headers: headers) }
}

/// Response builders.
enum Reply {
  static let jsonType = "application/json"
  static let yamlType = "application/yaml"

  static func bytes(
    _ status: HTTPResponse.Status, _ body: [UInt8], contentType: String, headers: HTTPFields = [:]
  ) -> Response {
    buffers(status, [ByteBuffer(bytes: body)], contentType: contentType, headers: headers)
  }

  /// A body already in buffers, sent one after the other with its total Content-Length.
  static func buffers(
    _ status: HTTPResponse.Status, _ body: [ByteBuffer], contentType: String, headers: HTTPFields = [:]
  ) -> Response {
    var fields = headers
    fields[.contentType] = contentType
    fields[.contentLength] = String(body.reduce(0) { $0 + $1.readableBytes })
    let content = body.count == 1 ? ResponseBody(byteBuffer: body[0]) : ResponseBody(contentsOf: body)
    return Response(status: status, headers: fields, body: content)
  }

  static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
    bytes(status, JSONWriter.bytes(value, style: .storeInline), contentType: jsonType, headers: headers)
  }

  static func detail(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
    json(status, .object(["detail": .string(text)]), headers: headers)
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

/// Lets the last references to `value` go on a background thread, so freeing a large value
/// (millions of small allocations) does not delay the answer that no longer needs it.
func releaseInBackground<T: Sendable>(_ value: consuming T) {
  let owned = consume value
  DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
}

extension HTTPField.Name {
  // Header names HTTPTypes does not predefine. Each literal is a valid token, so the failable
  // initializer cannot fail; the fallback only gives the constant a non-optional type.
  static let link = HTTPField.Name("Link") ?? .contentLocation
  static let requestID = HTTPField.Name("X-Request-Id") ?? .contentLocation
  static let objectstoreAuth = HTTPField.Name("x-os-auth") ?? .authorization
}
