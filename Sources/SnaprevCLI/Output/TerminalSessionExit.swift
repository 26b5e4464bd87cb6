import ArgumentParser
import SnaprevCommandLine
import SnaprevShell

/// `review` and `browse` (and the reviewer `demo` opens): the terminal session's outcome.
enum TerminalSessionExit {
  static let quit = ExitStatus(0, "quit")
  static let failed = ExitStatus(1, "error or lost terminal")
  static let signalled = ExitStatus.signal("stopped by signal N")
  static let table = ExitCodeTable(quit, failed, signalled)

  /// Runs a session (`ReviewSession.run`, `BrowseSession.run`) and ends `command` the way it
  /// ended: a failure to start is `snaprev <command>: <message>` and exit 1 (`failed`);
  /// otherwise the session's own code (0 quit, 1 lost terminal, 128+N signal N).
  static func run(_ command: String, _ session: () throws(TerminalSession.Failure) -> Int32) throws(ExitCode) {
    let code: Int32
    do {
      code = try session()
    } catch {
      throw CommandOutput.fail(command, error.description, failed)
    }
    if code != 0 { throw ExitCode(code) }
  }
}
