import ArgumentParser
import Dispatch
import Foundation
import ServerSettings
import SnaprevCommandLine
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
    ReviewServer.bootstrapLogging()
    let portFile = options.portFile
    let outcome = ServeOutcome()
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        try await ReviewServer(options: serverOptions).run { port in
          if let portFile { try? Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic) }
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
}

/// The server task's failure, handed back to the blocked main thread.
private final class ServeOutcome: Sendable {
  private let stored = Mutex<String?>(nil)
  func set(_ message: String) { stored.withLock { $0 = message } }
  var message: String? { stored.withLock { $0 } }
}
