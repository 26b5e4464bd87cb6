import Crypto
import Foundation
import MultipartKit

/// The per-upload credential that `upload-options` hands to sentry-cli as `authToken` and
/// that comes back as `x-os-auth: Bearer …` on every objectstore request (the Sentry token
/// never goes there). Stateless: an HMAC, under a key made at server start, of the project
/// scope and an expiry, so nothing is stored and a restart simply invalidates old grants.
struct UploadGrant: Sendable {
  /// The HMAC key's bytes (`SymmetricKey` is not `Sendable`; it is rebuilt per use).
  let keyBytes: [UInt8]
  let lifetime: Double

  init(lifetime: Double = 3600) {
    keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    self.lifetime = lifetime
  }

  func issue(projectScope: String, now: Date = Date()) -> String {
    let expiry = Int(now.timeIntervalSince1970 + lifetime)
    return "v1.\(expiry).\(projectScope).\(signature("\(expiry).\(projectScope)"))"
  }

  /// Whether `header` (`Bearer <grant>`) grants uploads to `projectScope` now.
  func verify(header: String?, projectScope: String, now: Date = Date()) -> Bool {
    guard let header, header.hasPrefix("Bearer ") else { return false }
    let parts = header.dropFirst("Bearer ".count).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "v1", let expiry = Int(parts[1]), String(parts[2]) == projectScope else {
      return false
    }
    guard Double(expiry) > now.timeIntervalSince1970 else { return false }
    let expected = Array(signature("\(expiry).\(projectScope)").utf8)
    let given = Array(parts[3].utf8)
    guard expected.count == given.count else { return false }
    var difference: UInt8 = 0
    for index in expected.indices { difference |= expected[index] ^ given[index] }
    return difference == 0
  }

  private func signature(_ text: String) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: keyBytes))
    return mac.map { String(format: "%02x", $0) }.joined()
  }
}

/// Objectstore scope values may only use `A–Z a–z 0–9 _ - ( ) $ ! + '` (sentry-cli checks).
enum ObjectstoreScope {
  static func isAllowed(_ text: String) -> Bool {
    !text.isEmpty
      && text.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || "_-()$!+'".utf8.contains(byte)
      }
  }

  /// The scope value naming a project: the project itself when allowed, else `x-` and its
  /// UTF-8 in hex (snaprev project names are free text).
  static func value(forProject project: String) -> String {
    isAllowed(project) ? project : "x-" + project.utf8.map { String(format: "%02x", $0) }.joined()
  }

  /// `org=a;project=b` → the pairs, in order.
  static func parse(_ text: String) -> [(String, String)]? {
    var pairs = [(String, String)]()
    for item in text.split(separator: ";", omittingEmptySubsequences: false) {
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else { return nil }
      pairs.append((String(parts[0]), String(parts[1])))
    }
    return pairs
  }
}

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
    return collector.operations
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
  static func percentEncodeAll(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        out += String(format: "%%%02X", byte)
      }
    }
    return out
  }
}
