import SnaprevCommandLine

/// `review` and `browse` (and the reviewer `demo` opens): the terminal session's outcome.
enum TerminalSessionExit {
  static let quit = ExitStatus(0, "quit")
  static let failed = ExitStatus(1, "error or lost terminal")
  static let signalled = ExitStatus.signal("stopped by signal N")
  static let table = ExitCodeTable(quit, failed, signalled)
}
