import Foundation
import Hummingbird
import JSONCore
import NIOCore
import SnapshotModel
import SnapshotStore
import ZIPFoundation
import ServerSettings

/// Sentry's `/api/0/` routes: snapshot details, `sentry-cli info`, upload options, snapshot
/// creation, the baseline download (`latest-base`, `archive`) and image bytes.
struct SentryEndpoints {
  let state: ServerState
  var options: ServerOptions { state.options }

  static let readScopes = Set(TokenScope.allCases)

  func handle(_ request: Request, segments: [String], query: QueryParameters, access: Access) async throws -> Response {
    let method = request.method
    switch segments.count {
    case 0 where method == .get || method == .head:
      return info(access.token)
    default: break
    }
    if segments.count >= 4, segments[0] == "organizations", segments[2] == "preprodartifacts", segments[3] == "snapshots" {
      try checkOrganization(segments[1])
      let rest = Array(segments.dropFirst(4))
      let token = try access.require(Self.readScopes)
      switch (rest.count, method) {
      case (1, .get) where rest[0] == "latest-base":
        return try await latestBase(query: query, token: token)
      case (1, .get), (1, .head):
        return try await details(id: rest[0], query: query, token: token, access: access)
      case (2, .get) where rest[1] == "archive", (2, .post) where rest[1] == "archive", (2, .head) where rest[1] == "archive":
        return try await archive(id: rest[0], method: method, query: query, token: token, access: access)
      default: throw HTTPFailure.notFound()
      }
    }
    if segments.count >= 3, segments[0] == "projects" {
      try checkOrganization(segments[1])
      let project = segments[2]
      let rest = Array(segments.dropFirst(3))
      if rest.count == 3, rest[0] == "files", rest[1] == "images", method == .get || method == .head {
        let token = try access.require(Self.readScopes)
        try access.checkProject(project, of: token)
        return try await image(key: rest[2])
      }
      if rest == ["preprodartifacts", "snapshots", "upload-options"], method == .get {
        let token = try access.require(TokenScope.upload)
        try access.checkProject(project, of: token)
        return uploadOptions(project: project)
      }
      if rest == ["preprodartifacts", "snapshots"], method == .post {
        let token = try access.require(TokenScope.upload)
        try access.checkProject(project, of: token)
        return try await create(request, project: project)
      }
      throw HTTPFailure.notFound()
    }
    throw HTTPFailure.notFound()
  }

  private func checkOrganization(_ slug: String) throws(HTTPFailure) {
    // Another organization's resources do not exist here (as in Sentry, 404 not 403).
    guard slug == options.organization else { throw HTTPFailure.notFound() }
  }

  // MARK: - GET /api/0/ (sentry-cli info)

  private func info(_ token: APIToken?) -> Response {
    guard let token else {
      return Reply.json(.ok, .object(["version": .string("0"), "auth": .null, "user": .null]))
    }
    let user: JSONValue = .object([
      "id": .string("token:" + token.name), "name": .string(token.name), "username": .string(token.name),
      "email": .string("\(token.name)@snaprev.invalid"),
    ])
    return Reply.json(
      .ok,
      .object([
        "version": .string("0"), "user": user,
        "auth": .object(["scopes": .array(token.scopes.map { .string($0.rawValue) })]),
      ]))
  }

  // MARK: - Snapshot details

  private func details(id: String, query: QueryParameters, token: APIToken, access: Access) async throws -> Response {
    let compact = ["1", "true"].contains(query["compact_metadata"]?.lowercased() ?? "")
    let store = state.store
    let body = try await offload { () throws -> [ByteBuffer] in
      do {
        let summary = try store.summary(of: id)
        try access.checkProject(summary.artifact.project, of: token)
        // Exactly what `snaprev show ID [--compact-metadata]` prints (`snapshotDetails(of:)`,
        // in its two steps so that this closure owns the input and can let it go below).
        let input = try store.snapshotDetailsInput(of: id, baseMetadata: .response)
        let value = SnapshotDetails.json(input, compactMetadata: compact)
        // Written straight into 1 MB buffers, the pieces the response sends; lists of 10,000
        // images or more on two threads.
        var buffers: [ByteBuffer] = []
        JSONWriter.write(value, style: .storePretty, pieceBytes: 1 << 20, parallelItems: 10_000) {
          buffers.append(ByteBuffer(bytes: $0))
        }
        // Freeing the 50,000-image input and its JSON tree took 6% of the request's CPU
        // (perf, docs/PERFORMANCE.md): it happens on another thread while the body is sent.
        releaseInBackground((consume input, consume value))
        return buffers
      } catch let error as StoreError {
        throw Self.failure(error)
      }
    }
    return Reply.buffers(.ok, body, contentType: Reply.jsonType)
  }

  static func failure(_ error: StoreError) -> HTTPFailure {
    switch error {
    case .unknownArtifact, .unknownImage, .noStore: return HTTPFailure.notFound()
    case .invalidKey, .invalidUpload, .tooManyImages: return HTTPFailure(.badRequest, error.description)
    default: return HTTPFailure(.internalServerError, "The store cannot be read: \(error.description)")
    }
  }

  // MARK: - Baseline download

  /// The newest build of the app (and project, when given) whose head ref is `branch`, or
  /// of the app when no branch is given.
  private func latestBase(query: QueryParameters, token: APIToken) async throws -> Response {
    guard let app = query["app_id"], !app.isEmpty else {
      throw HTTPFailure(.badRequest, "app_id is required.")
    }
    let branch = query["branch"].flatMap { $0.isEmpty ? nil : $0 }
    let project = query["project"].flatMap { $0.isEmpty ? nil : $0 }
    let store = state.store
    let summaries: [ArtifactSummary]
    do {
      summaries = try await offload { () throws -> [ArtifactSummary] in
        guard store.exists else { return [] }
        return try store.summaries()
      }
    } catch let error as StoreError {
      throw Self.failure(error)
    }
    let newest = summaries.filter { summary in
      let artifact = summary.artifact
      return artifact.appId == app && (branch == nil || artifact.vcs.headRef == branch)
        && (project == nil || artifact.project == project) && (token.project == nil || artifact.project == token.project)
    }.max { $0.artifact.number < $1.artifact.number }
    guard let newest else { throw HTTPFailure.notFound("No baseline snapshot found.") }
    return Reply.json(
      .ok, .object(["head_artifact_id": .string(newest.artifact.id), "image_count": .int(newest.artifact.imageCount)]))
  }

  /// The archive is built on request, so it is always ready: GET answers `{"ready": true}`,
  /// POST 202, and `GET …/archive/?download` the zip of the build's images (by file name).
  private func archive(id: String, method: HTTPRequest.Method, query: QueryParameters, token: APIToken, access: Access)
    async throws -> Response
  {
    let store = state.store
    let artifact: Artifact
    do {
      artifact = try await offload { try store.summary(of: id).artifact }
    } catch let error as StoreError {
      throw Self.failure(error)
    }
    try access.checkProject(artifact.project, of: token)
    if method == .post { return Reply.detail(.accepted, "The archive is ready.") }
    guard query.has("download") else { return Reply.json(.ok, .object(["ready": .bool(true)])) }
    let zip = try await offload { () throws -> [UInt8] in
      try Self.zipImages(of: id, store: store)
    }
    var headers = HTTPFields()
    headers[.contentDisposition] = "attachment; filename=\"snapshot-\(id).zip\""
    return Reply.bytes(.ok, zip, contentType: "application/zip", headers: headers)
  }

  /// The head images of a build, stored uncompressed (PNGs are compressed already).
  static func zipImages(of id: String, store: SnapshotStore) throws -> [UInt8] {
    let details: ArtifactDetails
    do {
      details = try store.details(of: id)
    } catch {
      throw failure(error)
    }
    let archive: Archive
    do {
      archive = try Archive(accessMode: .create)
    } catch {
      throw HTTPFailure(.internalServerError, "Cannot create a zip archive: \(error)")
    }
    for item in details.items {
      guard let head = item.head, item.category != .removed else { continue }
      let bytes: [UInt8]
      do {
        bytes = try store.imageData(key: head.key)
      } catch {
        throw failure(error)
      }
      let data = Data(bytes)
      try archive.addEntry(
        with: head.imageFileName, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none,
        provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
    }
    guard let data = archive.data else {
      throw HTTPFailure(.internalServerError, "The zip archive could not be written.")
    }
    return [UInt8](data)
  }

  // MARK: - Images and masks

  private func image(key: String) async throws -> Response {
    let store = state.store
    do {
      let bytes = try await offload { try store.imageData(key: key) }
      return Reply.bytes(.ok, bytes, contentType: "image/png")
    } catch let error as StoreError {
      throw Self.failure(error)
    }
  }

  // MARK: - Upload (sentry-cli snapshots upload)

  private func uploadOptions(project: String) -> Response {
    let projectScope = ObjectstoreScope.value(forProject: project)
    return Reply.json(
      .ok,
      .object([
        "objectstore": .object([
          "url": .string(state.baseURL + "/objectstore"),
          "usecase": .string(ObjectstoreEndpoints.usecase),
          "scopes": .array([
            .array([.string("org"), .string(options.organization)]),
            .array([.string("project"), .string(projectScope)]),
          ]),
          "authToken": .string(state.grants.issue(projectScope: projectScope)),
          "expirationPolicy": .string("manual"),
        ])
      ]))
  }

  private func create(_ request: Request, project: String) async throws -> Response {
    let body = try await RequestBodyReader.readDecoded(
      request, limit: options.maxRequestBytes, timeout: options.readTimeout)
    let manifest = try SnapshotManifest.parse(body)
    let creation = SnapshotCreation(state: state, project: project)
    let result = try await offload { try creation.run(manifest) }
    let url = "\(state.baseURL)/api/0/organizations/\(options.organization)/preprodartifacts/snapshots/\(result.artifactId)/"
    return Reply.json(
      .ok,
      .object([
        "artifactId": .string(result.artifactId), "imageCount": .int(result.imageCount),
        "snapshotUrl": .string(url),
      ]))
  }
}
