import Foundation
import JSONCore
@testable import SWHArchive
import SWHTestSupport
import TestSupport
import Testing

@Suite struct SnapshotFetcherTests {
  static let cabcc7d7 = try! SWHTestData.id("cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
  static let pages = Fixtures.url("swh/cabcc7d7-pages.json")

  private func fetcher(_ client: HTTPClient = .curl(timeout: 10), slept: Box<[Double]> = Box([])) -> SnapshotFetcher {
    SnapshotFetcher(client: client, sleep: { slept.append($0) })
  }

  // MARK: against the local replay server, through libcurl

  @Test func followsLinkHeadersPageByPage() throws {
    let server = try ReplayServer(pages: Self.pages)
    let result = try fetcher().fetch(apiBase: server.base, id: Self.cabcc7d7)
    #expect(result.list.id == Self.cabcc7d7)
    #expect(result.list.count == 1391)
    #expect(result.pages == 2)
    #expect(server.requests == [
      "/api/1/snapshot/cabcc7d7bf639bbe1cc3b41989e1806618dd5764/",
      "/api/1/snapshot/cabcc7d7bf639bbe1cc3b41989e1806618dd5764/?branches_count=1000&branches_from=refs/tags/v3.0-rc7",
    ])
    // A base that already ends in /api/1/ works the same.
    let again = try fetcher().fetch(apiBase: server.base + "/api/1/", id: Self.cabcc7d7)
    #expect(again.list.id == Self.cabcc7d7)
  }

  @Test func waitsForRetryAfterOn429() throws {
    let server = try ReplayServer(pages: Self.pages, mode: "throttle-once")
    let slept = Box<[Double]>([])
    let result = try fetcher(slept: slept).fetch(apiBase: server.base, id: Self.cabcc7d7)
    #expect(result.list.count == 1391)
    #expect(slept.value == [1])
    #expect(server.requests.count == 3)
  }

  @Test func errorsSayWhatWentWrong() throws {
    let long = try ReplayServer(pages: Self.pages, mode: "throttle-long")
    #expect(throws: FetchError.rateLimited(url: long.base + "/api/1/snapshot/\(Self.cabcc7d7.hex)/", retryAfter: 3600)) {
      try fetcher().fetch(apiBase: long.base, id: Self.cabcc7d7)
    }
    let normal = try ReplayServer(pages: Self.pages)
    let unknown = try SWHTestData.id("1111111111111111111111111111111111111111")
    let notFound = FetchError.notFound(
      url: normal.base + "/api/1/snapshot/\(unknown.hex)/", reason: "Snapshot with id \(unknown.hex) not found!")
    #expect(throws: notFound) { try fetcher().fetch(apiBase: normal.base, id: unknown) }
    #expect(notFound.description.contains("HTTP 404"))

    let garbage = try ReplayServer(pages: Self.pages, mode: "garbage")
    #expect {
      try fetcher().fetch(apiBase: garbage.base, id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.malformedPage(2, _, let reason) = error else { return false }
      return reason.hasPrefix("malformed JSON:")
    }

    let broken = try ReplayServer(pages: Self.pages, mode: "error-500")
    #expect {
      try fetcher().fetch(apiBase: broken.base, id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.httpStatus(_, 500, nil) = error else { return false }
      return true
    }

    let foreign = try ReplayServer(pages: Self.pages, mode: "foreign-link")
    #expect {
      try fetcher().fetch(apiBase: foreign.base, id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.foreignLink(let link, _) = error else { return false }
      return link.hasPrefix("http://127.0.0.2:")
    }

    let wrong = try ReplayServer(pages: Self.pages, mode: "wrong-id")
    #expect {
      try fetcher().fetch(apiBase: wrong.base, id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.malformedPage(1, _, let reason) = error else { return false }
      return reason.contains("not \(Self.cabcc7d7.hex)")
    }
  }

  @Test func networkErrorsAreReported() throws {
    // Nothing listens on port 9 of 127.0.0.1 (discard, never served here).
    #expect {
      try fetcher().fetch(apiBase: "http://127.0.0.1:9", id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.network(let url, let reason) = error else { return false }
      return url.hasPrefix("http://127.0.0.1:9/api/1/snapshot/") && !reason.isEmpty
    }
    #expect(throws: FetchError.badURL("ftp://example.org")) { try fetcher().fetch(apiBase: "ftp://example.org", id: Self.cabcc7d7) }
  }

  // MARK: paging rules, with a scripted client

  private func scripted(_ responses: [String: HTTPResponse]) -> HTTPClient {
    HTTPClient { url in
      guard let response = responses[url.absoluteString] else { throw URLError(.fileDoesNotExist) }
      return response
    }
  }

  private func page(_ body: JSONValue, link: String? = nil, url: String) -> HTTPResponse {
    HTTPResponse(status: 200, headers: link.map { ["Link": "<\($0)>; rel=\"next\""] } ?? [:], body: JSONWriter.bytes(body, style: .compactDRF), url: URL(string: url)!)
  }

  @Test func aMissingPageMeansAMismatchAndNothingBuilt() throws {
    let bodies = try SWHTestData.cabcc7d7Pages()
    let first = "http://a.test/api/1/snapshot/\(Self.cabcc7d7.hex)/"
    // The first page alone, claiming to be the last one.
    var lonely = bodies[0]
    if case .object(var members) = lonely {
      members["next_branch"] = .null
      lonely = .object(members)
    }
    #expect {
      try fetcher(scripted([first: page(lonely, url: first)])).fetch(apiBase: "http://a.test", id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.identifierMismatch(let expected, _, let branches) = error else { return false }
      return expected == Self.cabcc7d7 && branches == 1000
        && "\(error)".contains("nothing was stored")
    }
    // A next_branch without a Link header is reported, not silently truncated.
    #expect {
      try fetcher(scripted([first: page(bodies[0], url: first)])).fetch(apiBase: "http://a.test", id: Self.cabcc7d7)
    } throws: { error in
      guard case FetchError.malformedPage(1, _, let reason) = error else { return false }
      return reason.contains("no Link")
    }
  }

  @Test func pagingThatDoesNotAdvanceStops() throws {
    let bodies = try SWHTestData.cabcc7d7Pages()
    let first = "http://a.test/api/1/snapshot/\(Self.cabcc7d7.hex)/"
    let second = first + "?branches_count=1000&branches_from=HEAD"
    let client = scripted([first: page(bodies[0], link: second, url: first), second: page(bodies[0], link: first, url: second)])
    #expect(throws: FetchError.pagingLoop(url: second)) { try fetcher(client).fetch(apiBase: "http://a.test", id: Self.cabcc7d7) }
    // branches_count=0 answers forever with an empty page and a next link.
    let empty = JSONValue.object([
      ("id", .string(Self.cabcc7d7.hex)), ("branches", .object([])), ("next_branch", .string("HEAD")),
    ])
    let zero = scripted([first: page(empty, link: second, url: first)])
    #expect(throws: FetchError.pagingLoop(url: first)) { try fetcher(zero).fetch(apiBase: "http://a.test", id: Self.cabcc7d7) }
  }

  /// The HTTP-date form is read to the second (it is rewritten as ISO 8601, not parsed by a
  /// locale-dependent formatter); anything but RFC 9110's fixed form is not a date.
  @Test func retryAfterReadsTheHTTPDateToTheSecond() {
    let now = Date(timeIntervalSince1970: 1_445_412_480 - 60)  // 2015-10-21 07:27:00 UTC
    #expect(RetryAfter.seconds("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 60)
    #expect(RetryAfter.seconds(" 120 ", now: now) == 120)
    #expect(RetryAfter.seconds("Wed, 21 Oct 2015 07:28:00 UTC", now: now) == nil)
    #expect(RetryAfter.seconds("Wed, 21 Foo 2015 07:28:00 GMT", now: now) == nil)
    #expect(RetryAfter.seconds("Wed, 32 Oct 2015 07:28:00 GMT", now: now) == nil)
    #expect(RetryAfter.seconds("Wed, 21 Oct 2015 7:28:00 GMT", now: now) == nil)
    #expect(RetryAfter.seconds("-5", now: now) == nil)
  }

  @Test func retryAfterForms() throws {
    let first = "http://a.test/api/1/snapshot/\(Self.cabcc7d7.hex)/"
    let throttled = HTTPResponse(status: 429, headers: ["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"], body: [], url: URL(string: first)!)
    let slept = Box<[Double]>([])
    #expect(throws: FetchError.rateLimited(url: first, retryAfter: 0)) {
      // A date in the past means "now": retried at once, up to the retry limit.
      try fetcher(scripted([first: throttled]), slept: slept).fetch(apiBase: "http://a.test", id: Self.cabcc7d7)
    }
    #expect(slept.value == [0, 0, 0])
    let none = HTTPResponse(status: 429, headers: [:], body: [], url: URL(string: first)!)
    #expect(throws: FetchError.rateLimited(url: first, retryAfter: nil)) {
      try fetcher(scripted([first: none])).fetch(apiBase: "http://a.test", id: Self.cabcc7d7)
    }
  }

  @Test func linkHeaderParsing() {
    #expect(LinkHeader.target(#"<https://x/a?b=1,2>; rel="next""#, relation: "next") == "https://x/a?b=1,2")
    #expect(LinkHeader.target(#"<https://x/p>; rel="previous", <https://x/n>; rel="next""#, relation: "next") == "https://x/n")
    #expect(LinkHeader.target(#"<https://x/p>; rel="previous""#, relation: "next") == nil)
    #expect(LinkHeader.target(#"<https://x/n>; title="a, b"; rel=next"#, relation: "next") == "https://x/n")
  }
}

/// A value the `@Sendable` closures under test can record into.
final class Box<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value { lock.withLock { stored } }
  func append<Element>(_ element: Element) where Value == [Element] { lock.withLock { stored.append(element) } }
}
