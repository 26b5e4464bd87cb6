import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import SWHArchive
import ServiceLifecycle
import SnapshotStore
import ServerSettings

/// `snaprev serve`: one process, one store, both APIs (Sentry's snapshots under `/api/0/`
/// and the objectstore sentry-cli uploads through; Software Heritage's under `/api/1/`).
public struct ReviewServer: Sendable {
  public let options: ServerOptions

  public init(options: ServerOptions) {
    self.options = options
  }

  public enum StartFailure: Error, CustomStringConvertible {
    case invalidOrganization(String)
    case tls(TLSFileProblem)

    public var description: String {
      switch self {
      case .invalidOrganization(let slug):
        return "--org \(slug): an organization slug may only use A-Z a-z 0-9 _ - ( ) $ ! + ' (sentry-cli's scope characters)"
      case .tls(let problem): return problem.description
      }
    }
  }

  /// Serves until SIGTERM or SIGINT, then lets requests in flight finish (up to
  /// `shutdownTimeout`) and returns. `onListening` receives the bound port.
  /// `alongside`: other services (the SSH server) that start and stop with this one.
  public func run(alongside others: [any Service] = [], onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
    guard ObjectstoreScope.isAllowed(options.organization) else { throw StartFailure.invalidOrganization(options.organization) }
    // The certificate and key are checked before the store is touched or a port is bound.
    var tls: TLSConfiguration? = nil
    if let files = options.tls {
      do {
        tls = try TLSServer.configuration(certificate: files.certificate, key: files.key)
      } catch {
        throw StartFailure.tls(error)
      }
    }
    let logger: Logger = {
      var logger = Logger(label: "snaprev-serve")
      logger.logLevel = .info
      return logger
    }()
    let store = SnapshotStore(root: options.storeRoot)
    let staging = store.root + "/server/staging"
    SnapshotCreation.removeAbandonedStaging(staging)
    let state = ServerState(
      options: options, store: store, archive: ArchiveStore(storeRoot: store.root), objects: UploadedObjects(store: store),
      authenticator: Authenticator(store: store, failureLimit: options.failedAuthLimit), grants: UploadGrant(),
      staging: staging, pages: PageCache(), publicBase: PublicBase(options.baseURL))
    let responder = ServerResponder(state: state, logger: logger)

    let http = HTTP1Channel.Configuration(idleTimeout: TimeAmount.milliseconds(Int64(options.readTimeout * 1000)))
    let server: HTTPServerBuilder
    if let tls {
      server = try TLSServer.builder(http: http, tls: tls)
    } else {
      server = .http1(configuration: http)
    }
    // Hummingbird's own logger says only that it started; the request lines are ours.
    let quiet: Logger = {
      var logger = Logger(label: "hummingbird")
      logger.logLevel = .warning
      return logger
    }()
    let app = Application(
      responder: responder, server: server,
      configuration: .init(address: .hostname(options.host, port: options.port), serverName: nil),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        var bound = options
        bound.port = port
        state.publicBase.set(bound.baseURL)
        logger.info("listening on \(options.host):\(port), store \(options.storeRoot), public URL \(bound.baseURL)")
        onListening(port)
      },
      logger: quiet)
    let sweeper = OrphanSweeper(objects: state.objects, grace: options.orphanGrace, logger: logger)
    var configuration = ServiceGroupConfiguration(
      services: [.init(service: app), .init(service: sweeper, successTerminationBehavior: .ignore)]
        + others.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
      cancellationSignals: [], logger: quiet)
    configuration.maximumGracefulShutdownDuration = Duration.milliseconds(Int64(options.shutdownTimeout * 1000))
    try await ServiceGroup(configuration: configuration).run()
    state.authenticator.flushUses()
    logger.info("stopped")
  }
}

/// Removes uploaded objects that no snapshot took within the grace period.
struct OrphanSweeper: Service {
  let objects: UploadedObjects
  let grace: Double
  let logger: Logger

  func run() async throws {
    // Check often enough that an orphan outlives its grace by at most a quarter of it
    // (and at most a minute), without polling a large directory every instant.
    let interval = min(max(grace / 4, 0.05), 60)
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
      let removed = objects.removeOrphans(grace: grace)
      if removed > 0 { logger.info("removed \(removed) unreferenced uploaded object(s) older than \(grace) s") }
      do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
      } catch {
        return
      }
    }
  }
}

extension ReviewServer {
  /// Log lines go to stderr (stdout stays free for tools).
  public static func bootstrapLogging() {
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = .info
      return handler
    }
  }
}
