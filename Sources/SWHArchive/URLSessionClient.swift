import CurlShim
import FoundationEssentials
import TextFormat

extension HTTPClient {
  /// GET through libcurl (http and https, redirects followed), waiting for the answer.
  ///
  /// Why libcurl through a `dlopen` shim and not URLSession: URLSession lives in
  /// FoundationNetworking, whose libcurl link brought ~30 shared libraries into the
  /// start-up of every command (ldd: 56 entries before, 26 after; docs/PERFORMANCE.md);
  /// a plain-socket client would lose https, which the real archive requires; and
  /// AsyncHTTPClient would add SwiftNIO and BoringSSL to the build for one GET.
  /// Opened on first use, libcurl costs nothing to the commands that never fetch.
  public static func curl(timeout: Int = 60) -> HTTPClient {
    HTTPClient { url in try CurlRequest.get(url, timeout: timeout) }
  }
}

/// Why a GET through libcurl got no response.
public enum CurlError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// libcurl could not be loaded (not installed, or missing a function).
  case unavailable(reason: String)
  /// The transfer failed: DNS, connection, TLS, timeout; `reason` is libcurl's message.
  case failed(url: String, reason: String)

  public var description: String {
    switch self {
    case .unavailable(let reason): return reason
    case .failed(_, let reason): return reason
    }
  }

  public var errorDescription: String? { description }
}

/// One GET through libcurl; `authorization` is the value of an `Authorization` header
/// (`Bearer TOKEN`), sent when given.
public enum CurlRequest {
  public static func get(_ url: URL, timeout: Int, authorization: String? = nil) throws(CurlError) -> HTTPResponse {
    var response = curlshim_response()
    defer { curlshim_response_free(&response) }
    let result = curlshim_get(url.absoluteString, timeout, "application/json", "snaprev/0.1", authorization, &response)
    let reason = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    switch Int32(result) {
    case Int32(CURLSHIM_OK): break
    case Int32(CURLSHIM_UNAVAILABLE): throw .unavailable(reason: reason)
    default: throw .failed(url: url.absoluteString, reason: reason)
    }
    let body = response.body.map { [UInt8](UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
    let headerBlock = response.headers.map { [UInt8](UnsafeBufferPointer(start: $0, count: response.headers_length)) } ?? []
    let answered = response.effective_url.flatMap { URL(string: String(cString: $0)) } ?? url
    return HTTPResponse(status: response.status, headers: headers(headerBlock), body: body, url: answered)
  }

  /// `Name: value` lines of one header block; the status line and folded lines are skipped,
  /// and a repeated name keeps its first value.
  static func headers(_ block: [UInt8]) -> [String: String] {
    var fields = [String: String]()
    for line in String(decoding: block, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
      guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].trimmingWhitespace()
      if fields[name] == nil { fields[name] = value }
    }
    return fields
  }
}
