import Foundation
import MultipartKit
import TextEscaping

/// One operation of a `POST /v1/objects:batch/…` request.
struct BatchOperation: Equatable {
  enum Kind: String { case head, insert, get, delete }
  var kind: Kind?
  /// The raw kind text when it is not one snaprev knows.
  var kindText: String
  /// The percent-decoded key, `org/project/sha256`.
  var key: String
  var headers: [String: String]
  var body: [UInt8]
}

enum BatchFailure: Error, Equatable, CustomStringConvertible {
  case notMultipart
  case syntax(String)
  case truncated

  var description: String {
    switch self {
    case .notMultipart: return "a batch request must be multipart/form-data with a boundary"
    case .syntax(let reason): return "malformed multipart body: \(reason)"
    case .truncated: return "truncated multipart body: the closing boundary is missing"
    }
  }
}

/// The multipart side of the objectstore batch API, parsed and written with MultipartKit.
enum ObjectstoreBatch {
  static func boundary(of contentType: String?) -> String? {
    guard let contentType else { return nil }
    let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
    for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
      var value = String(part.dropFirst("boundary=".count))
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
      return value.isEmpty || value.utf8.count > 200 ? nil : value
    }
    return nil
  }

  /// Parses every part. A body that does not end with the closing boundary is truncated.
  static func parse(_ body: [UInt8], contentType: String?) throws(BatchFailure) -> [BatchOperation] {
    guard let boundary = boundary(of: contentType) else { throw .notMultipart }
    try checkPartHeadersAreASCII(body, boundary: boundary)
    final class Collector {
      var operations: [BatchOperation] = []
      var headers: [String: String] = [:]
      var body: [UInt8] = []
      var open = false
    }
    let collector = Collector()
    let parser = MultipartParser(boundary: boundary)
    parser.onHeader = { name, value in
      collector.open = true
      collector.headers[name.lowercased()] = value
    }
    parser.onBody = { buffer in
      collector.open = true
      collector.body += buffer.readBytes(length: buffer.readableBytes) ?? []
    }
    parser.onPartComplete = {
      let headers = collector.headers
      let kindText = headers["x-sn-batch-operation-kind"] ?? ""
      let key = headers["x-sn-batch-operation-key"].flatMap { $0.removingPercentEncoding } ?? ""
      collector.operations.append(
        BatchOperation(
          kind: BatchOperation.Kind(rawValue: kindText.lowercased()), kindText: kindText, key: key,
          headers: headers, body: collector.body))
      collector.headers = [:]
      collector.body = []
      collector.open = false
    }
    do {
      try parser.execute(body)
    } catch {
      throw .syntax("\(error)")
    }
    // The closing delimiter is `--boundary--`, optionally followed by an epilogue.
    let closing = Array("--\(boundary)--".utf8)
    guard !collector.open, containsSubsequence(body, closing) else { throw .truncated }
    // MultipartKit does not say whether it reached the closing delimiter, and the text
    // `--boundary--` may sit inside a part (only CR LF `--boundary` is reserved): a body cut
    // right after a part's boundary line looked complete and lost its last operations, and
    // a body with no delimiter MultipartKit recognizes (`---boundary--`) passed as an empty
    // batch (both found by the server_multipart fuzz target). So ask the parser: after the
    // closing delimiter it ignores everything; anywhere else, before the first delimiter
    // too, a delimiter line and a header open a part or fail.
    let operations = collector.operations
    do {
      try parser.execute(Array("\r\n--\(boundary)\r\nx: 1\r\n\r\nx".utf8))
    } catch {
      throw .truncated
    }
    guard !collector.open else { throw .truncated }
    return operations
  }

  /// MultipartKit 4.7.1 looks every byte of a part's header name up in a 128-entry table, so
  /// a byte of 0x80 or more there traps (index out of range) and takes the whole server down:
  /// one batch request with `x-sn-batch-operation\u{F4}kind: head` did (found by the
  /// server_multipart fuzz target, docs/RELIABILITY.md). A header block starts right after
  /// `--BOUNDARY` CR LF and ends at an empty line; each is checked before MultipartKit runs.
  /// sentry-cli's part headers are ASCII, and RFC 2046 keeps the boundary out of part
  /// content, so a well-formed body has nothing else that looks like a header block.
  static func checkPartHeadersAreASCII(_ body: [UInt8], boundary: String) throws(BatchFailure) {
    let marker = Array("--\(boundary)\r\n".utf8)
    guard let first = marker.first else { return }
    var search = 0
    while search + marker.count <= body.count {
      guard let candidate = body[search...].firstIndex(of: first) else { return }
      guard candidate + marker.count <= body.count, body[candidate..<(candidate + marker.count)].elementsEqual(marker) else {
        search = candidate + 1
        continue
      }
      // MultipartKit ends a header line only at CR (a value may hold a bare LF), and the
      // headers at a line that starts with CR: the first CR LF CR LF, counting the marker's
      // own CR LF, is the end of the block.
      var position = candidate + marker.count
      while position < body.count {
        let byte = body[position]
        if byte == 0x0D, position >= 2, body[position - 2] == 0x0D, body[position - 1] == 0x0A { break }
        if byte >= 0x80 {
          throw .syntax("part headers must be ASCII (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(position))")
        }
        position += 1
      }
      search = position
    }
  }

  private static func containsSubsequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    // The closing delimiter is near the end; look there first.
    let start = max(0, haystack.count - needle.count - 4096)
    var index = haystack.count - needle.count
    while index >= start {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
      index -= 1
    }
    return false
  }

  /// One result part: the index and status headers sentry-cli requires.
  struct Result {
    var index: Int
    var status: Int
    var reason: String
    var key: String?
    var body: [UInt8] = []
  }

  static func respond(_ results: [Result]) throws -> (body: [UInt8], contentType: String) {
    let boundary = "snaprev-" + UUID().uuidString
    var parts = [MultipartPart]()
    for result in results {
      var headers = HTTPHeaders()
      headers.add(name: "Content-Disposition", value: "form-data; name=\"part\"")
      headers.add(name: "x-sn-batch-operation-index", value: String(result.index))
      headers.add(name: "x-sn-batch-operation-status", value: "\(result.status) \(result.reason)")
      if let key = result.key {
        headers.add(name: "x-sn-batch-operation-key", value: percentEncodeAll(key))
      }
      parts.append(MultipartPart(headers: headers, body: result.body))
    }
    var buffer = ByteBuffer()
    try MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &buffer)
    return (buffer.readBytes(length: buffer.readableBytes) ?? [], "multipart/form-data; boundary=\(boundary)")
  }

  /// Every byte but ASCII letters and digits escaped, as the objectstore client does.
  static func percentEncodeAll(_ text: String) -> String { PercentEncoding.encode(text) }
}
