import ArgumentParser
import SnaprevShell

/// One way a command can end: the code it exits with and what that means, as `--help`
/// prints it. Commands throw these values (`CommandOutput.fail(_:_:_:)`, `.exit`) and
/// their help text is printed from the same values, so the two cannot drift apart.
struct ExitStatus: Sendable {
  /// What `--help` shows in the code column: "0", "64", "128+N".
  let label: String
  let code: Int32
  let meaning: String

  init(_ code: Int32, _ meaning: String) {
    label = String(code)
    self.code = code
    self.meaning = meaning
  }

  private init(label: String, code: Int32, meaning: String) {
    self.label = label
    self.code = code
    self.meaning = meaning
  }

  /// ArgumentParser's exit code for a usage error (unknown option, bad value).
  static func usage(_ meaning: String = "usage error") -> ExitStatus { ExitStatus(64, meaning) }

  /// The terminal programs end with 128+N when signal N stops them (the shell's convention).
  static func signal(_ meaning: String) -> ExitStatus { ExitStatus(label: "128+N", code: 128, meaning: meaning) }

  var exit: ExitCode { ExitCode(code) }
}

/// A command's exit codes, in the order its `--help` lists them.
struct ExitCodeTable: Sendable {
  let rows: [ExitStatus]

  init(_ rows: ExitStatus...) { self.rows = rows }

  /// "Exit codes: 0 quit, 1 error or lost terminal, 128+N stopped by signal N." for a
  /// discussion paragraph.
  var inline: String {
    "Exit codes: " + rows.map { "\($0.label) \($0.meaning)" }.joined(separator: ", ") + "."
  }

  /// A block, codes aligned two spaces past the widest:
  ///
  ///     Exit codes:
  ///       0   stored
  ///       64  usage error
  ///
  /// A meaning too long for one 80-column line continues under itself (help is printed
  /// 80 columns wide, and ArgumentParser would wrap it flush left).
  var block: String {
    let width = (rows.map(\.label.count).max() ?? 0) + 2
    let indent = String(repeating: " ", count: 2 + width)
    var lines = ["Exit codes:"]
    for row in rows {
      var line = "  " + row.label + String(repeating: " ", count: width - row.label.count)
      var lineHasWord = false
      for word in row.meaning.split(separator: " ") {
        if lineHasWord, line.count + 1 + word.count > Self.helpWidth {
          lines.append(line)
          line = indent
          lineHasWord = false
        }
        line += (lineHasWord ? " " : "") + word
        lineHasWord = true
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }

  private static let helpWidth = 79
}

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
