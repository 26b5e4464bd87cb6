import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import SWHArchive
import SWHModel
import SWHWeb

/// Software Heritage's `/api/1/` routes over the store's archive: the snapshot endpoint
/// (the body `snaprev branches` prints, its `Link` header, JSON or YAML, HEAD) and the
/// origin and visit endpoints `swh.web.client` needs, for the visits that `snaprev archive`
/// and `snaprev import` recorded.
struct SWHEndpoints {
  let state: ServerState
  var base: String { state.baseURL }

  func handle(_ request: Request, segments: [String], rawPath: String, query: QueryParameters) async throws -> Response {
    let yaml = Self.wantsYAML(request.headers[.accept])
    let method = request.method
    if segments.count == 2, segments[0] == "snapshot", method == .get || method == .head {
      return try await snapshot(id: segments[1], query: query, yaml: yaml, ifNoneMatch: request.headers[.ifNoneMatch])
    }
    if segments == ["known"], method == .post {
      return try await known(request, yaml: yaml)
    }
    if segments.first == "origin" {
      return try await origin(rawPath: rawPath, query: query, yaml: yaml, method: method)
    }
    throw HTTPFailure.notFound()
  }

  static func wantsYAML(_ accept: String?) -> Bool {
    guard let accept else { return false }
    return accept.split(separator: ",").contains { item in
      item.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == Reply.yamlType
    }
  }

  private func render(_ status: HTTPResponse.Status, _ body: JSONValue, yaml: Bool, headers: HTTPFields = [:]) -> Response {
    yaml
      ? Reply.bytes(status, YAMLWriter.document(body), contentType: Reply.yamlType, headers: headers)
      : Reply.bytes(status, JSONWriter.bytes(body, style: .compactDRF), contentType: Reply.jsonType, headers: headers)
  }

  private func render(_ error: APIError, yaml: Bool) -> Response {
    render(HTTPResponse.Status(code: error.status), error.body, yaml: yaml)
  }

  // MARK: - GET /api/1/snapshot/<id>/

  private func snapshot(id: String, query: QueryParameters, yaml: Bool, ifNoneMatch: String?) async throws -> Response {
    let from = query["branches_from"]
    let count = query["branches_count"]
    let types = query["target_types"]
    // Keyed by the parameters as sent: a page is cached only once they passed validation,
    // which gives the same answer for the same text, so a hit skips it (validation and
    // building a normalized key were 5% of the server's CPU on cached pages, perf).
    let key = PageCache.Key(id: id, from: from, count: count, types: types, yaml: yaml)
    let page: PageCache.Page
    if let cached = state.pages.page(key) {
      page = cached
    } else {
      let request: SnapshotRequest
      switch SnapshotAPI.validate(id: id, branchesFrom: from, count: count, targetTypes: types) {
      case .failure(let error): return render(error, yaml: yaml)
      case .success(let valid): request = valid
      }
      let archive = state.archive
      let base = self.base
      let rendered: PageCache.Page?
      do {
        rendered = try await offload { () throws -> PageCache.Page? in
          guard let list = try archive.branchList(request.id) else { return nil }
          let response = SnapshotAPI.respond(to: request, from: list, baseURL: base)
          let body = yaml ? YAMLWriter.document(response.body) : JSONWriter.bytes(response.body, style: .compactDRF)
          return PageCache.Page(body: body, contentType: yaml ? Reply.yamlType : Reply.jsonType, link: response.nextLink)
        }
      } catch let error as ArchiveStoreError {
        throw HTTPFailure(.internalServerError, "The archive cannot be read: \(error.description)")
      }
      guard let rendered else { return render(SnapshotAPI.notFound(request.id), yaml: yaml) }
      state.pages.store(rendered, for: key)
      page = rendered
    }
    return page.notModified(ifNoneMatch: ifNoneMatch) ?? page.response
  }

  // MARK: - POST /api/1/known/

  private func known(_ request: Request, yaml: Bool) async throws -> Response {
    let body = try await RequestBodyReader.read(request, limit: 1 << 20, timeout: state.options.readTimeout)
    let value: JSONValue
    do {
      value = try JSONParser.parse(body, options: .documentOrder)
    } catch {
      throw HTTPFailure(.badRequest, "Malformed JSON body: \(error.lineDescription).")
    }
    guard case .array(let items) = value else {
      throw HTTPFailure(.badRequest, "The body must be a JSON list of SWHIDs.")
    }
    if items.count > 1000 { throw HTTPFailure(.badRequest, "At most 1000 SWHIDs per request.") }
    let archive = state.archive
    var members: [JSONObject.Member] = []
    for item in items {
      guard case .string(let text) = item else { throw HTTPFailure(.badRequest, "Every item must be a SWHID string.") }
      var isKnown = false
      if let id = try? SWHID.parseSnapshot(text) {
        isKnown = (try? await offload { () throws -> Bool in try archive.branchList(id) != nil }) ?? false
      } else if !text.hasPrefix("swh:1:") {
        throw HTTPFailure(.badRequest, "Invalid SWHID: \(ServerResponder.loggable(text)).")
      }
      members.append((text, .object([("known", .bool(isKnown))])))
    }
    return render(.ok, .object(JSONObject(ordered: members)), yaml: yaml)
  }

  // MARK: - Origins and visits

  /// A recorded visit as the API numbers it: visits of an origin are numbered from 1 in date order.
  struct NumberedVisit {
    var number: Int
    var visit: ArchiveVisit
  }

  private func visits(of origin: String) async throws -> [NumberedVisit] {
    let archive = state.archive
    let all: [ArchiveVisit]
    do {
      all = try await offload { () throws -> [ArchiveVisit] in try archive.visits() }
    } catch let error as ArchiveStoreError {
      throw HTTPFailure(.internalServerError, "The archive cannot be read: \(error.description)")
    }
    return all.filter { $0.origin == origin }.enumerated().map { NumberedVisit(number: $0.offset + 1, visit: $0.element) }
  }

  /// `/api/1/origin/<url>/get/`, `…/visits/`, `…/visit/latest/`, `…/visit/<n>/`: the origin URL
  /// is everything between `/api/1/origin/` and the last route words, unescaped by the client.
  private func origin(rawPath: String, query: QueryParameters, yaml: Bool, method: HTTPRequest.Method) async throws
    -> Response
  {
    guard method == .get || method == .head else { throw HTTPFailure.notFound() }
    let prefix = "/api/1/origin/"
    guard rawPath.hasPrefix(prefix) else { throw HTTPFailure.notFound() }
    var rest = String(rawPath.dropFirst(prefix.count))
    guard rest.hasSuffix("/") else { throw HTTPFailure.notFound() }
    rest.removeLast()
    let words = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    func originURL(droppingLast count: Int) -> String? {
      guard words.count > count else { return nil }
      let raw = words.dropLast(count).joined(separator: "/")
      return raw.removingPercentEncoding
    }
    if words.last == "get", let url = originURL(droppingLast: 1) {
      let numbered = try await visits(of: url)
      guard !numbered.isEmpty else { return render(originNotFound(url), yaml: yaml) }
      return render(
        .ok,
        .object([
          ("url", .string(url)),
          ("origin_visits_url", .string(visitsURL(url))),
        ]), yaml: yaml)
    }
    if words.last == "visits", let url = originURL(droppingLast: 1) {
      return try await visitList(url, query: query, yaml: yaml)
    }
    if words.count >= 3, words[words.count - 2] == "visit", let url = originURL(droppingLast: 2) {
      let numbered = try await visits(of: url)
      guard !numbered.isEmpty else { return render(originNotFound(url), yaml: yaml) }
      let which = words[words.count - 1]
      if which == "latest" {
        // Every recorded visit has a snapshot, so require_snapshot changes nothing.
        guard let last = numbered.last else { return render(originNotFound(url), yaml: yaml) }
        return render(.ok, visitJSON(url, last), yaml: yaml)
      }
      guard let number = Int(which), let found = numbered.first(where: { $0.number == number }) else {
        return render(
          APIError(
            status: 404,
            body: .object([
              ("exception", .string("NotFoundExc")),
              ("reason", .string("Origin \(url) or its visit with id \(which) not found!")),
            ])), yaml: yaml)
      }
      return render(.ok, visitJSON(url, found), yaml: yaml)
    }
    throw HTTPFailure.notFound()
  }

  /// Newest first, `per_page` at a time (default 10, as swh-web), from below `last_visit`.
  private func visitList(_ url: String, query: QueryParameters, yaml: Bool) async throws -> Response {
    let numbered = try await visits(of: url)
    guard !numbered.isEmpty else { return render(originNotFound(url), yaml: yaml) }
    let perPage = min(max(Int(query["per_page"] ?? "") ?? 10, 1), 1000)
    let below = Int(query["last_visit"] ?? "")
    let candidates = numbered.reversed().filter { below == nil || $0.number < below ?? 0 }
    let page = Array(candidates.prefix(perPage))
    var headers = HTTPFields()
    if candidates.count > page.count, let last = page.last {
      let next = "\(visitsURL(url))?last_visit=\(last.number)&per_page=\(perPage)"
      headers[.link] = "<\(next)>; rel=\"next\""
    }
    return render(.ok, .array(page.map { visitJSON(url, $0) }), yaml: yaml, headers: headers)
  }

  private func visitsURL(_ origin: String) -> String { "\(base)/api/1/origin/\(origin)/visits/" }

  private func visitJSON(_ origin: String, _ numbered: NumberedVisit) -> JSONValue {
    let visit = numbered.visit
    let date = isoDate(visit.date)
    return .object([
      ("origin", .string(origin)),
      ("visit", .int(numbered.number)),
      ("date", .string(date)),
      ("status", .string("full")),
      ("snapshot", .string(visit.snapshot.hex)),
      ("type", .string(visit.source == .git ? "git" : visit.source.rawValue)),
      ("metadata", .object([])),
      ("origin_visits_url", .string(visitsURL(origin))),
      ("snapshot_url", .string("\(base)/api/1/snapshot/\(visit.snapshot.hex)/")),
    ])
  }

  /// swh-web's visit dates: ISO 8601 with the UTC offset written out.
  private func isoDate(_ seconds: Int64) -> String {
    let text = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: TimeInterval(seconds)))
    return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
  }

  private func originNotFound(_ url: String) -> APIError {
    APIError(
      status: 404,
      body: .object([
        ("exception", .string("NotFoundExc")),
        ("reason", .string("Origin with url \(url) not found!")),
      ]))
  }
}
