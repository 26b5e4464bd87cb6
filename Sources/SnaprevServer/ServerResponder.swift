import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SWHArchive
import SnapshotStore
import Synchronization
import ServerSettings

/// Each request's context: Hummingbird's core plus the client's address (for rate limits).
struct ServerContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let clientAddress: String

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
  }
}

/// Everything a handler needs, shared by all requests.
struct ServerState: Sendable {
  let options: ServerOptions
  let store: SnapshotStore
  let archive: ArchiveStore
  let objects: UploadedObjects
  let authenticator: Authenticator
  let grants: UploadGrant
  let staging: String
  let pages: PageCache
  /// The public URL, fixed once the port is bound (`--listen HOST:0` picks one).
  let publicBase: PublicBase
  var baseURL: String { publicBase.value }
}

/// The server's public URL: `--public-url`, else `http(s)://HOST:PORT` with the bound port.
final class PublicBase: Sendable {
  private let stored: Mutex<String>
  init(_ value: String) { stored = Mutex(value) }
  var value: String { stored.withLock { $0 } }
  func set(_ value: String) { stored.withLock { $0 = value } }
}

/// Routes a request, authenticates it, runs its handler, turns every failure into a JSON
/// `detail` (never a stack trace), and logs one line.
struct ServerResponder: HTTPResponder {
  typealias Context = ServerContext
  let state: ServerState
  let logger: Logger
  private let counter = RequestCounter()

  init(state: ServerState, logger: Logger) {
    self.state = state
    self.logger = logger
  }

  func respond(to request: Request, context: ServerContext) async throws -> Response {
    let started = ContinuousClock.now
    let number = counter.next()
    let id = String(number, radix: 16)
    var response: Response
    do {
      response = try await route(request, context: context)
    } catch let failure as HTTPFailure {
      response = failure.response
    } catch {
      logger.error("req=\(id) internal error: \(String(describing: error))")
      response = Reply.detail(.internalServerError, "Internal error.")
    }
    let bytes = response.headers[.contentLength] ?? "-"
    if request.method == .head {
      response = response.createHeadResponse()
    }
    response.headers[.requestID] = id
    // The path only: the query may carry names, never a token (tokens travel in headers).
    logger.info(
      "req=\(id) \(request.method.rawValue) \(Self.loggable(request.uri.path)) \(response.status.code) \(bytes)B \(Self.milliseconds(ContinuousClock.now - started))ms"
    )
    return response
  }

  /// A duration in milliseconds with one decimal, in integer arithmetic: `String(format:)`
  /// was 3.2% of the server's CPU on cached pages (perf, docs/PERFORMANCE.md).
  static func milliseconds(_ elapsed: Duration) -> String {
    let (seconds, attoseconds) = elapsed.components
    let tenths = seconds * 10_000 + (attoseconds + 50_000_000_000_000) / 100_000_000_000_000
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// Untrusted text in a log line: control characters and non-ASCII escaped.
  static func loggable(_ text: String) -> String {
    // Most paths are short printable ASCII and are logged as they are, without a copy.
    if text.utf8.count <= 300, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    var out = ""
    for scalar in text.unicodeScalars.prefix(300) {
      if scalar.value >= 0x20 && scalar.value < 0x7F { out.unicodeScalars.append(scalar) } else {
        out += String(format: "\\u{%x}", scalar.value)
      }
    }
    return out
  }

  private func route(_ request: Request, context: ServerContext) async throws -> Response {
    let rawPath = request.uri.path
    // Software Heritage puts an origin URL into the path unescaped (`/api/1/origin/https://…/visits/`),
    // so those routes are matched on the raw path before it is split.
    let path: RequestPath
    switch RequestPath.parse(rawPath) {
    case .failure(let problem): throw HTTPFailure(.badRequest, "Invalid path: \(problem.description).")
    case .success(let parsed): path = parsed
    }
    let query = QueryParameters(request.uri.query)
    let segments = path.segments
    let access = Access(
      token: try tokenOf(request, context: context))

    if segments.count >= 2, segments[0] == "api", segments[1] == "1" {
      let swh = SWHEndpoints(state: state)
      if !state.options.publicArchive { _ = try access.require(Set(TokenScope.allCases)) }
      return try await swh.handle(request, segments: Array(segments.dropFirst(2)), rawPath: rawPath, query: query)
    }
    if segments.first == "objectstore" {
      return try await ObjectstoreEndpoints(state: state).handle(request, segments: Array(segments.dropFirst()))
    }
    if segments.count >= 2, segments[0] == "api", segments[1] == "0" {
      return try await SentryEndpoints(state: state).handle(
        request, segments: Array(segments.dropFirst(2)), query: query, access: access)
    }
    throw HTTPFailure.notFound()
  }

  private func tokenOf(_ request: Request, context: ServerContext) throws(HTTPFailure) -> APIToken? {
    let header = request.headers[.authorization]
    // Objectstore requests carry `x-os-auth`, never the Sentry token.
    switch try state.authenticator.authenticate(authorization: header, address: context.clientAddress) {
    case .valid(let token): return token
    case .anonymous: return nil
    }
  }
}

/// Request ids: a process-wide counter, in hex in the log and the `X-Request-Id` header.
final class RequestCounter: Sendable {
  private let value = Atomic<UInt64>(0)
  func next() -> UInt64 { value.add(1, ordering: .relaxed).newValue }
}

/// Reading a request body with the server's limits.
enum RequestBodyReader {
  /// Collects the body: 413 past `limit` bytes, 408 when it has not all arrived within
  /// `timeout` seconds (a client sending a byte a second).
  static func read(_ request: Request, limit: Int, timeout: Double) async throws -> [UInt8] {
    if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
      throw HTTPFailure(.contentTooLarge, "The request body is \(declared) bytes; the limit is \(limit) bytes.")
    }
    let body = request.body
    return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
      group.addTask {
        var collected = [UInt8]()
        for try await buffer in body {
          if collected.count + buffer.readableBytes > limit {
            throw HTTPFailure(.contentTooLarge, "The request body is over the limit of \(limit) bytes.")
          }
          collected += buffer.readableBytesView
        }
        // A cancelled read ends the sequence early: that body is not whole.
        try Task.checkCancellation()
        return collected
      }
      group.addTask {
        try await Task.sleep(for: .seconds(timeout))
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next(), let bytes = first else {
        throw HTTPFailure(.requestTimeout, "The request body did not arrive within \(Int(timeout)) s.")
      }
      return bytes
    }
  }

  /// The body, zstd-decoded when `Content-Encoding: zstd` (capped at `limit` decoded bytes).
  static func readDecoded(_ request: Request, limit: Int, timeout: Double) async throws -> [UInt8] {
    let raw = try await read(request, limit: limit, timeout: timeout)
    guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else { return raw }
    guard encoding == "zstd" else {
      throw HTTPFailure(.unsupportedMediaType, "Unsupported Content-Encoding \(ServerResponder.loggable(encoding)); use zstd or none.")
    }
    do {
      return try Zstd.decompress(raw, limit: limit)
    } catch {
      throw HTTPFailure(.badRequest, "The zstd body cannot be decoded: \(error.description).")
    }
  }
}
