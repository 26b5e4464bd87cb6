import ArgumentParser
import Dispatch
import Foundation
import Logging
import ServerSettings
import ServiceLifecycle
import SnaprevCommandLine
import SnaprevSSH
import SnaprevServer
import Synchronization

/// `snaprev-serve`: the server's own executable. `snaprev serve` checks the options and
/// `exec`s it with the same arguments; run directly, it takes them just the same.
@main
struct SnaprevServe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snaprev serve", abstract: ServeOptions.abstract, discussion: ServeOptions.discussion,
    version: SnaprevVersion.current)

  @OptionGroup var options: ServeOptions

  func run() throws {
    guard let serverOptions = options.serverOptions() else { throw ExitStatus.usage().exit }
    if options.printHostKey {
      try printHostKey(storeRoot: serverOptions.storeRoot)
      return
    }
    ReviewServer.bootstrapLogging()
    let logger = Logger(label: "snaprev-serve")
    var ssh: SSHServer? = nil
    if let settings = serverOptions.ssh {
      guard let snaprev = InstallLayout.snaprevExecutable() else {
        throw CommandOutput.fail(
          "serve", "cannot find snaprev beside snaprev-serve (each SSH session runs it); install both with scripts/install",
          ServeExit.failed)
      }
      let prepared: SSHServer.Prepared
      do {
        prepared = try SSHServer.prepare(settings, storeRoot: serverOptions.storeRoot, logger: logger)
      } catch {
        throw CommandOutput.fail("serve", "\(error)", ServeExit.failed)
      }
      let portFile = options.sshPortFile
      ssh = SSHServer(
        settings: settings, prepared: prepared, storeRoot: serverOptions.storeRoot, snaprev: snaprev,
        failedAuthLimit: serverOptions.failedAuthLimit, logger: logger,
        onListening: { port in Self.writePort(port, to: portFile) })
    }
    let portFile = options.portFile
    let outcome = ServeOutcome()
    let done = DispatchSemaphore(value: 0)
    let services: [any Service] = ssh.map { [$0] } ?? []
    Task {
      do {
        if serverOptions.serveHTTP {
          try await ReviewServer(options: serverOptions).run(alongside: services) { port in
            Self.writePort(port, to: portFile)
          }
        } else {
          // SSH alone: the same signals end it as end the HTTP server.
          let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
              services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
              cancellationSignals: [], logger: logger))
          try await group.run()
        }
      } catch {
        outcome.set("\(error)")
      }
      done.signal()
    }
    done.wait()
    if let message = outcome.message {
      throw CommandOutput.fail("serve", message, ServeExit.failed)
    }
  }

  static func writePort(_ port: Int, to file: String?) {
    if let file { try? Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: file), options: .atomic) }
  }

  /// `--print-host-key`: the fingerprint reviewers compare with what ssh shows them.
  func printHostKey(storeRoot: String) throws {
    let path = options.hostKey ?? ServerOptions.SSHSettings.defaultHostKey(storeRoot: storeRoot)
    do {
      let (key, _) = try HostKey.load(path, create: options.hostKey == nil)
      print("\(key.fingerprint) \(path)")
    } catch {
      throw CommandOutput.fail("serve", "\(error)", ServeExit.failed)
    }
  }
}

/// The server task's failure, handed back to the blocked main thread.
private final class ServeOutcome: Sendable {
  private let stored = Mutex<String?>(nil)
  func set(_ message: String) { stored.withLock { $0 = message } }
  var message: String? { stored.withLock { $0 } }
}
