import FoundationEssentials
import JSONCore
import SWHModel
import TextEscaping
import WorkThreads

/// One HTTP response, as the fetcher needs it.
public struct HTTPResponse: Sendable {
  public var status: Int
  /// Header values by lowercased name.
  public var headers: [String: String]
  public var body: [UInt8]
  /// The URL that answered (after redirects).
  public var url: URL

  public init(status: Int, headers: [String: String], body: [UInt8], url: URL) {
    self.status = status
    self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    self.body = body
    self.url = url
  }
}

/// GET, as a value: the real one uses URLSession, tests can use any closure.
public struct HTTPClient: Sendable {
  public var get: @Sendable (URL) throws -> HTTPResponse

  public init(get: @escaping @Sendable (URL) throws -> HTTPResponse) {
    self.get = get
  }
}

/// Fetches every page of a snapshot from a Software Heritage–compatible API, following
/// `Link: <…>; rel="next"`, and checks the assembled branches hash to the requested id.
public struct SnapshotFetcher: Sendable {
  public var client: HTTPClient
  /// Waits this many seconds (tests pass a fake clock).
  public var sleep: @Sendable (Double) -> Void
  /// Progress and retry notices for the user.
  public var log: @Sendable (String) -> Void
  /// A 429 whose Retry-After asks for longer than this fails instead of waiting.
  public var maximumWait: Double = 60
  public var maximumRetries = 3

  public init(
    client: HTTPClient, sleep: @escaping @Sendable (Double) -> Void = { Threads.sleep(seconds: $0) },
    log: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.client = client
    self.sleep = sleep
    self.log = log
  }

  public struct Result: Sendable {
    public var list: BranchList
    public var pages: Int
    /// The first URL requested.
    public var url: URL
  }

  /// `<base>/api/1/snapshot/<id>/`, or `<base>/snapshot/<id>/` when the base already ends
  /// in `/api/1`.
  public static func snapshotURL(apiBase: String, id: ObjectID) throws(FetchError) -> URL {
    var base = apiBase
    while base.hasSuffix("/") { base.removeLast() }
    if !base.hasSuffix("/api/1") { base += "/api/1" }
    guard let url = URL(string: "\(base)/snapshot/\(id.hex)/"), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", url.host != nil
    else { throw .badURL(apiBase) }
    return url
  }

  public func fetch(apiBase: String, id: ObjectID) throws(FetchError) -> Result {
    let first = try Self.snapshotURL(apiBase: apiBase, id: id)
    var url = first
    var builder = SnapshotBuilder()
    var pageNumber = 0
    var previousLast: [UInt8]? = nil
    var seen = Set<String>()
    while true {
      pageNumber += 1
      guard seen.insert(url.absoluteString).inserted else { throw .pagingLoop(url: url.absoluteString) }
      let response = try get(url)
      let page: APIPage
      do {
        page = try APIPageParser.parse(response.body, into: &builder)
      } catch {
        throw .malformedPage(page: pageNumber, url: url.absoluteString, reason: error.description)
      }
      guard page.id == id else {
        throw .malformedPage(page: pageNumber, url: url.absoluteString, reason: "it is a page of snapshot \(page.id.hex), not \(id.hex)")
      }
      if let previousLast, let firstName = page.firstName, ByteOrder.compare(firstName, previousLast) <= 0 {
        throw .pagingLoop(url: url.absoluteString)
      }
      previousLast = page.lastName ?? previousLast
      log("page \(pageNumber): \(page.branchCount) branches")

      let link = response.headers["link"].flatMap { LinkHeader.target($0, relation: "next") }
      if let link {
        guard page.branchCount > 0 else { throw .pagingLoop(url: url.absoluteString) }
        guard let next = URL(string: link, relativeTo: url)?.absoluteURL else {
          throw .malformedPage(page: pageNumber, url: url.absoluteString, reason: "its Link header names no usable URL")
        }
        guard Self.sameOrigin(next, first) else { throw .foreignLink(link: next.absoluteString, origin: first.absoluteString) }
        url = next
      } else if page.nextBranch != nil {
        throw .malformedPage(page: pageNumber, url: url.absoluteString, reason: "its body names a next_branch but it sends no Link: rel=\"next\" header")
      } else {
        break
      }
    }
    let list: BranchList
    do {
      list = try builder.build()
    } catch {
      throw .inconsistentPages(error.description)
    }
    guard list.id == id else { throw .identifierMismatch(expected: id, computed: list.id, branches: list.count) }
    return Result(list: list, pages: pageNumber, url: first)
  }

  private func get(_ url: URL) throws(FetchError) -> HTTPResponse {
    var attempt = 0
    while true {
      let response: HTTPResponse
      do {
        response = try client.get(url)
      } catch {
        throw .network(url: url.absoluteString, reason: Self.describe(error))
      }
      switch response.status {
      case 200..<300:
        return response
      case 429:
        let wait = response.headers["retry-after"].flatMap { RetryAfter.seconds($0) }
        attempt += 1
        if let wait, wait <= maximumWait, attempt <= maximumRetries {
          log("rate limited (HTTP 429); waiting \(Int(wait.rounded(.up))) s as Retry-After asks")
          sleep(wait)
          continue
        }
        throw .rateLimited(url: url.absoluteString, retryAfter: wait)
      case 404:
        throw .notFound(url: url.absoluteString, reason: Self.reason(response.body))
      default:
        throw .httpStatus(url: url.absoluteString, status: response.status, reason: Self.reason(response.body))
      }
    }
  }

  /// The `reason` of an API error body, when there is one.
  static func reason(_ body: [UInt8]) -> String? {
    guard let value = try? JSONParser.parse(body, options: .documentOrder) else { return nil }
    if case .string(let reason)? = value["reason"] { return reason }
    return nil
  }

  static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
    a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && a.port == b.port
  }

  static func describe(_ error: Error) -> String {
    if let described = (error as? LocalizedError)?.errorDescription, !described.isEmpty { return described }
    return "\(error)"
  }
}

public enum FetchError: Error, Equatable, CustomStringConvertible {
  case badURL(String)
  case network(url: String, reason: String)
  case notFound(url: String, reason: String?)
  case rateLimited(url: String, retryAfter: Double?)
  case httpStatus(url: String, status: Int, reason: String?)
  case malformedPage(page: Int, url: String, reason: String)
  case pagingLoop(url: String)
  case foreignLink(link: String, origin: String)
  case inconsistentPages(String)
  case identifierMismatch(expected: ObjectID, computed: ObjectID, branches: Int)

  public var description: String {
    func e(_ text: String) -> String { SafeText.escaped(text) }
    switch self {
    case .badURL(let url): return "\(e(url)) is not an http(s) API URL"
    case .network(let url, let reason): return "cannot reach \(e(url)): \(e(reason))"
    case .notFound(let url, let reason):
      return "the archive has no such snapshot (HTTP 404 from \(e(url))\(reason.map { ": " + e($0) } ?? ""))"
    case .rateLimited(let url, let retryAfter):
      let hint = retryAfter.map { "the server asks to retry after \(Int($0.rounded(.up))) s" } ?? "no Retry-After given"
      return "rate limited by the API (HTTP 429 from \(e(url))); \(hint); try again later"
    case .httpStatus(let url, let status, let reason):
      return "HTTP \(status) from \(e(url))\(reason.map { ": " + e($0) } ?? "")"
    case .malformedPage(let page, let url, let reason):
      return "page \(page) (\(e(url))) is not a usable snapshot page: \(reason)"
    case .pagingLoop(let url):
      return "the API's paging does not advance at \(e(url)); stopped instead of looping"
    case .foreignLink(let link, let origin):
      return "refusing to follow a next-page link to another server: \(e(link)) (started at \(e(origin)))"
    case .inconsistentPages(let detail): return "the pages disagree: \(detail)"
    case .identifierMismatch(let expected, let computed, let branches):
      return "the \(branches) branches received hash to \(SWHID.snapshot(computed)), not the requested \(SWHID.snapshot(expected)); nothing was stored"
    }
  }
}
