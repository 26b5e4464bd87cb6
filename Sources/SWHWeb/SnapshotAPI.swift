import JSONCore
import SWHModel
import TextEscaping

/// `GET /api/1/snapshot/<id>/` of swh-web, answered from a stored branch list: the same
/// validation, paging, filtering, alias resolution, name escaping and body.
public enum SnapshotAPI {
  /// `snapshot_content_max_size` in swh-web's configuration.
  public static let maximumCount = 1000
  public static let defaultBaseURL = "https://archive.softwareheritage.org"

  /// The request after swh-web's checks, in the order the server makes them: the URL
  /// route (hex digits only; uppercase is redirected to lowercase), the query serializer,
  /// then the checksum parser. `branchesFrom`, `count` and `targetTypes` are nil when the
  /// parameter is absent. A leading `swh:1:snp:` on the id is accepted and dropped.
  public static func validate(
    id rawID: String, branchesFrom: String?, count: String?, targetTypes: String?
  ) -> Result<SnapshotRequest, APIError> {
    var idText = rawID
    if idText.hasPrefix(SWHID.snapshotPrefix) { idText.removeFirst(SWHID.snapshotPrefix.count) }
    let isHex = !idText.isEmpty && idText.utf8.allSatisfy { Hex.value(of: $0) != nil }
    guard isHex else { return .failure(.routeNotFound(path: "/api/1/snapshot/\(idText)/")) }
    idText = idText.lowercased()

    var fieldErrors: [JSONObject.Member] = []
    var from = ""
    if let branchesFrom {
      if PythonText.strip(branchesFrom).isEmpty {
        fieldErrors.append(("branches_from", .array([.string("This field may not be blank.")])))
      } else {
        from = PythonText.strip(branchesFrom)
        if from.unicodeScalars.contains("\u{0}") {
          fieldErrors.append(("branches_from", .array([.string("Null characters are not allowed.")])))
        }
      }
    }
    var branchesCount = maximumCount
    if let count {
      switch parseCount(count) {
      case .success(let value): branchesCount = value
      case .failure(let message): fieldErrors.append(("branches_count", .array([.string(message.text)])))
      }
    }
    var types: [TargetType]? = nil
    if let targetTypes {
      let items = targetTypes.split(separator: ",", omittingEmptySubsequences: false).map { PythonText.strip(String($0)) }
      let parsed = items.compactMap(TargetType.init(rawValue:))
      if parsed.count == items.count {
        types = parsed
      } else {
        let valid = TargetType.allCases.map(\.rawValue).joined(separator: ", ")
        fieldErrors.append(("target_types", .array([.string("Valid target type values are: \(valid)")])))
      }
    }
    if !fieldErrors.isEmpty { return .failure(APIError(status: 400, body: .object([
      ("exception", .string("ValidationError")), ("reason", .object(JSONObject(ordered: fieldErrors))),
    ]))) }

    // swh.web.utils.query.parse_hash, then the sha1-only check.
    if idText.utf8.count == 64 { return .failure(.badInput("Only sha1_git is supported.")) }
    guard idText.utf8.count == 40, let id = ObjectID(hex: idText) else {
      return .failure(.badInput("Invalid checksum query string \(idText)"))
    }
    return .success(SnapshotRequest(id: id, branchesFrom: from, branchesCount: branchesCount, targetTypes: types))
  }

  private struct CountMessage: Error { let text: String }

  /// DRF `IntegerField(min_value=0, max_value=1000)`.
  private static func parseCount(_ text: String) -> Result<Int, CountMessage> {
    if text.unicodeScalars.count > 1000 { return .failure(CountMessage(text: "String value too large.")) }
    guard let value = PythonText.parseInt(PythonText.dropDecimalZeros(text)) else {
      return .failure(CountMessage(text: "A valid integer is required."))
    }
    if value > maximumCount {
      return .failure(CountMessage(text: "Ensure this value is less than or equal to \(maximumCount)."))
    }
    if value < 0 { return .failure(CountMessage(text: "Ensure this value is greater than or equal to 0.")) }
    return .success(value)
  }

  /// The 404 body for an id that is well formed but not stored.
  public static func notFound(_ id: ObjectID) -> APIError {
    APIError(status: 404, body: .object([
      ("exception", .string("NotFoundExc")),
      ("reason", .string("Snapshot with id \(id.hex) not found!")),
    ]))
  }

  /// The response body and the `Link` header swh-web would send.
  public static func respond(
    to request: SnapshotRequest, from list: BranchList, baseURL: String = defaultBaseURL
  ) -> SnapshotResponse {
    let base = trimmedBase(baseURL)
    let page = list.page(from: Array(request.branchesFrom.utf8), count: request.branchesCount, types: request.targetTypes)
    return list.withRaw { raw in
      var keyed = [String: Int]()
      var members: [JSONObject.Member] = []
      members.reserveCapacity(page.indices.count)
      for index in page.indices {
        let key = NameEncoding.decodeWithEscape(raw.name(index))
        keyed[key] = index
        members.append((key, .null))
      }
      var aliases = AliasChainMemo<String, String>()
      for (position, index) in page.indices.enumerated() {
        members[position].value = branchValue(raw, index, page: keyed, base: base, aliases: &aliases)
      }
      var body: [JSONObject.Member] = [
        ("id", .string(list.id.hex)),
        ("branches", .object(JSONObject(ordered: members))),
      ]
      var nextText: String? = nil
      if let next = page.next {
        let name = raw.name(next)
        if let plain = NameEncoding.decodeUTF8(name) {
          nextText = plain
        } else {
          nextText = NameEncoding.decodeWithEscape(name)
          body.append(("decoding_failures", .array([.string("next_branch")])))
        }
      }
      body.append(("next_branch", nextText.map(JSONValue.string) ?? .null))
      let link = nextText.map { next in
        nextLink(base: base, id: list.id, next: next, count: request.branchesCount, types: request.targetTypes)
      }
      return SnapshotResponse(body: .object(JSONObject(ordered: body)), nextLink: link)
    }
  }

  private static func branchValue(
    _ raw: RawBranchList, _ index: Int, page: [String: Int], base: String, aliases: inout AliasChainMemo<String, String>
  ) -> JSONValue {
    let kind = raw.kind(index)
    switch kind {
    case .dangling:
      return .null
    case .alias:
      let target = NameEncoding.decodeWithEscape(raw.aliasTarget(index))
      var members: [JSONObject.Member] = [("target", .string(target)), ("target_type", .string("alias"))]
      if let url = aliases.follow(target, lookUp: { aliasStep(raw, $0, page: page, base: base) }) {
        members.append(("target_url", .string(url)))
      }
      return .object(JSONObject(ordered: members))
    default:
      let id = raw.object(index)
      return .object([
        ("target", .string(id.hex)),
        ("target_type", .string(kind.targetType?.rawValue ?? "")),
        ("target_url", .string(objectURL(kind, id, base: base))),
      ])
    }
  }

  /// One lookup of swh-web's `resolve_branch_alias`: the name in the page; otherwise storage
  /// asked for one branch from that name with `refs/pull/` excluded (the default of
  /// `archive.lookup_snapshot`), kept only if its escaped name matches. Unlike swh-web, a
  /// chain ends without a URL after `AliasChainMemo.defaultMaxHops` lookups (a loop too)
  /// instead of hanging the request, and each name is looked up once per response.
  private static func aliasStep(
    _ raw: RawBranchList, _ name: String, page: [String: Int], base: String
  ) -> AliasChainMemo<String, String>.Step {
    var found: Int? = page[name]
    if found == nil {
      let from = Array(name.utf8)
      var candidate = from.withUnsafeBytes { raw.lowerBound($0) }
      while candidate < raw.count, raw.hasPullRequestPrefix(candidate) { candidate += 1 }
      if candidate < raw.count, NameEncoding.decodeWithEscape(raw.name(candidate)) == name { found = candidate }
    }
    guard let index = found else { return .end(nil) }
    let kind = raw.kind(index)
    switch kind {
    case .dangling: return .end(nil)
    case .alias: return .next(NameEncoding.decodeWithEscape(raw.aliasTarget(index)))
    default: return .end(objectURL(kind, raw.object(index), base: base))
    }
  }

  static func objectURL(_ kind: KindCode, _ id: ObjectID, base: String) -> String {
    switch kind {
    case .content: return "\(base)/api/1/content/sha1_git:\(id.hex)/"
    case .snapshot: return "\(base)/api/1/snapshot/\(id.hex)/"
    default: return "\(base)/api/1/\(kind.targetType?.rawValue ?? "revision")/\(id.hex)/"
    }
  }

  /// `swh.web.utils.reverse`: parameters sorted by name, quoted with `/;:` left as is.
  public static func nextLink(base: String, id: ObjectID, next: String, count: Int, types: [TargetType]?) -> String {
    var query = "branches_count=\(count)&branches_from=\(percentEncode(next))"
    if let types, !types.isEmpty {
      query += "&target_types=" + percentEncode(types.map(\.rawValue).joined(separator: ","))
    }
    return "\(trimmedBase(base))/api/1/snapshot/\(id.hex)/?\(query)"
  }

  /// Python `urllib.parse.quote(text, safe="/;:")`.
  static func percentEncode(_ text: String) -> String { PercentEncoding.encode(text, keeping: "_.-~/;:") }

  static func trimmedBase(_ base: String) -> String {
    var trimmed = base
    while trimmed.hasSuffix("/") { trimmed.removeLast() }
    return trimmed
  }
}

/// A validated `GET /api/1/snapshot/<id>/` request.
public struct SnapshotRequest: Equatable, Sendable {
  public var id: ObjectID
  /// `branches_from`, already stripped of surrounding whitespace as DRF does.
  public var branchesFrom: String
  public var branchesCount: Int
  /// The requested `target_types` in the order given, nil when absent.
  public var targetTypes: [TargetType]?

  public init(id: ObjectID, branchesFrom: String = "", branchesCount: Int = SnapshotAPI.maximumCount, targetTypes: [TargetType]? = nil) {
    self.id = id
    self.branchesFrom = branchesFrom
    self.branchesCount = branchesCount
    self.targetTypes = targetTypes
  }
}

public struct SnapshotResponse: Equatable, Sendable {
  public var body: JSONValue
  /// The URL of the `Link: <…>; rel="next"` header, nil on the last page.
  public var nextLink: String?

  public init(body: JSONValue, nextLink: String?) {
    self.body = body
    self.nextLink = nextLink
  }
}

/// An error response: the HTTP status swh-web would use and its JSON body.
public struct APIError: Error, Equatable, Sendable {
  public var status: Int
  public var body: JSONValue

  public init(status: Int, body: JSONValue) {
    self.status = status
    self.body = body
  }

  static func badInput(_ reason: String) -> APIError {
    APIError(status: 400, body: .object([("exception", .string("BadInputExc")), ("reason", .string(reason))]))
  }

  /// Django's 404 handler (`swh.web.utils.exc.swh_handle404`): a different shape.
  static func routeNotFound(path: String) -> APIError {
    APIError(status: 404, body: .object([
      ("error", .string("Resource not found")),
      ("reason", .string("The resource \(htmlEscape(path)) could not be found on the server.")),
    ]))
  }

  /// `django.utils.html.escape`.
  static func htmlEscape(_ text: String) -> String {
    var out = ""
    for character in text.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#x27;"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
