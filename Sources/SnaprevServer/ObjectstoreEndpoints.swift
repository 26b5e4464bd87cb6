import Foundation
import HTTPTypes
import Hummingbird
import TextEscaping

/// The objectstore routes sentry-cli uploads images through (`upload-options` hands out the
/// URL, scopes and `x-os-auth` grant): `POST /objectstore/v1/objects:batch/{usecase}/{scopes}/`
/// with head and insert operations, and `PUT /objectstore/v1/objects/{usecase}/{scopes}/{key}`
/// for objects over about 1 MiB. Bodies are zstd; each object must hash to its key.
struct ObjectstoreEndpoints {
  static let usecase = "preprod"
  let state: ServerState

  func handle(_ request: Request, segments: [String]) async throws -> Response {
    // v1 / objects:batch / usecase / scopes   or   v1 / objects / usecase / scopes / org / project / sha
    guard segments.count >= 4, segments[0] == "v1", segments[2] == Self.usecase else { throw HTTPFailure.notFound() }
    guard let scopes = ObjectstoreScope.parse(segments[3]), scopes.count >= 2, scopes[0].0 == "org",
      scopes[1].0 == "project", scopes[0].1 == state.options.organization
    else { throw HTTPFailure.notFound("Unknown objectstore scope.") }
    let projectScope = scopes[1].1
    guard state.grants.verify(header: request.headers[.objectstoreAuth], projectScope: projectScope) else {
      throw HTTPFailure(.unauthorized, "Missing, expired or foreign x-os-auth upload grant.")
    }
    switch (segments[1], segments.count, request.method) {
    case ("objects:batch", 4, .post):
      return try await batch(request, org: scopes[0].1, project: projectScope)
    case ("objects", 7, .put):
      let key = segments[4...6].joined(separator: "/")
      return try await put(request, key: key, org: scopes[0].1, project: projectScope)
    case ("objects", 7, .head), ("objects", 7, .get):
      guard let sha = Self.sha(of: segments[4...6].joined(separator: "/"), org: scopes[0].1, project: projectScope),
        state.objects.contains(sha)
      else { throw HTTPFailure.notFound("No such object.") }
      return Reply.bytes(.ok, state.objects.read(sha) ?? [], contentType: "application/octet-stream")
    default:
      throw HTTPFailure.notFound()
    }
  }

  /// The SHA-256 of an object key `org/project/sha256` in this upload's scope.
  static func sha(of key: String, org: String, project: String) -> String? {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3, parts[0] == org, parts[1] == project, UploadedObjects.isSHA256(parts[2]) else { return nil }
    return parts[2]
  }

  private func batch(_ request: Request, org: String, project: String) async throws -> Response {
    let limit = state.options.maxRequestBytes
    let body = try await RequestBodyReader.read(request, limit: limit, timeout: state.options.readTimeout)
    let operations: [BatchOperation]
    do {
      operations = try ObjectstoreBatch.parse(body, contentType: request.headers[.contentType])
    } catch {
      throw HTTPFailure(.badRequest, error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
    }
    if operations.count > 1000 {
      throw HTTPFailure(.badRequest, "A batch holds at most 1000 operations, this one has \(operations.count).")
    }
    let objects = state.objects
    let results = try await offload { () -> [ObjectstoreBatch.Result] in
      operations.enumerated().map { index, operation in
        Self.perform(operation, index: index, org: org, project: project, objects: objects, limit: limit)
      }
    }
    let (bytes, contentType) = try ObjectstoreBatch.respond(results)
    return Reply.bytes(.ok, bytes, contentType: contentType)
  }

  static func perform(
    _ operation: BatchOperation, index: Int, org: String, project: String, objects: UploadedObjects, limit: Int
  ) -> ObjectstoreBatch.Result {
    func result(_ status: Int, _ reason: String, _ body: String = "") -> ObjectstoreBatch.Result {
      ObjectstoreBatch.Result(
        index: index, status: status, reason: reason, key: operation.key.isEmpty ? nil : operation.key,
        body: Array(body.utf8))
    }
    guard let sha = sha(of: operation.key, org: org, project: project) else {
      return result(400, "Bad Request", "invalid object key for this upload scope")
    }
    switch operation.kind {
    case .head:
      return objects.contains(sha) ? result(200, "OK") : result(404, "Not Found")
    case .insert:
      switch decode(operation.body, encoding: operation.headers["content-encoding"], limit: limit) {
      case .failure(let message): return result(400, "Bad Request", message.description)
      case .success(let bytes):
        do {
          try objects.put(bytes, sha: sha)
          return result(201, "Created")
        } catch {
          return error == .hashMismatch
            ? result(400, "Bad Request", error.description) : result(500, "Internal Server Error", error.description)
        }
      }
    default:
      // The kind is the client's text, and sentry-cli prints the answer to a terminal.
      return result(400, "Bad Request", "unsupported operation " + SafeText.escaped(String(operation.kindText.prefix(40))))
    }
  }

  static func decode(_ body: [UInt8], encoding: String?, limit: Int) -> Result<[UInt8], DecodeMessage> {
    switch encoding?.lowercased() {
    case nil, "identity": return .success(body)
    case "zstd":
      do {
        return .success(try Zstd.decompress(body, limit: limit))
      } catch {
        return .failure(DecodeMessage("zstd body: \(error.description)"))
      }
    default: return .failure(DecodeMessage("unsupported content-encoding"))
    }
  }

  struct DecodeMessage: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
  }

  private func put(_ request: Request, key: String, org: String, project: String) async throws -> Response {
    guard let sha = Self.sha(of: key, org: org, project: project) else {
      throw HTTPFailure(.badRequest, "Invalid object key for this upload scope.")
    }
    let limit = state.options.maxRequestBytes
    let body = try await RequestBodyReader.read(request, limit: limit, timeout: state.options.readTimeout)
    let bytes: [UInt8]
    switch Self.decode(body, encoding: request.headers[.contentEncoding], limit: limit) {
    case .failure(let message): throw HTTPFailure(.badRequest, "The \(message.description).")
    case .success(let decoded): bytes = decoded
    }
    let objects = state.objects
    do {
      try await offload { try objects.put(bytes, sha: sha) }
    } catch let failure as ObjectFailure {
      throw HTTPFailure(failure == .hashMismatch ? .badRequest : .internalServerError, failure.description)
    }
    return Reply.json(.ok, .object(["key": .string(key)]))
  }
}
