import Foundation
import ProcessSpawn
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A private tmux server (its own socket) running one command in a window of a fixed
/// size, for end-to-end tests of the real binary (tig's test style): type with `send`,
/// read the screen with `capture`. tmux runs through ProcessSpawn (see there why not `Process`).
public final class Tmux {
  public let socket = "snaprev-test-\(UUID().uuidString.prefix(8))"
  let name = "t"

  public init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
    let exports = environment.sorted { $0.key < $1.key }
      .map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
    // The shell stays after the command ends so its exit status and messages can be read.
    // The test runner's own colour settings must not leak into the terminal under test.
    let script = "unset NO_COLOR COLORTERM; \(exports) \(command); echo \"EXIT=$?\"; sleep 600"
    try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "sh", "-c", script])
    // Without it, `resize-window` sizes are overridden by tmux's client-size rules.
    _ = try? tmux(["set-option", "-t", name, "-g", "window-size", "manual"])
  }

  deinit {
    close()
  }

  /// Closes the window (its processes get SIGHUP) and stops the server.
  public func close() {
    _ = try? tmux(["kill-session", "-t", name])
    _ = try? tmux(["kill-server"])
    // tmux does not always remove its socket when the last session goes.
    let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
    unlink("\(directory)/tmux-\(getuid())/\(socket)")
  }

  /// `text` as one single-quoted shell word.
  public static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// Runs one tmux command against this server; returns what it printed.
  @discardableResult
  public func tmux(_ arguments: [String]) throws -> String {
    // Outside any tmux the test runner may be in.
    let environment = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX" }
    return try Spawn.run(
      try Installed.path("tmux"), ["-L", socket, "-f", "/dev/null"] + arguments, environment: environment,
      stderr: .toStandardOutput
    ).stdoutText
  }

  /// Sends keys as tmux names them ("j", "Enter", "Escape", "Tab", "C-c").
  public func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", name] + keys)
  }

  /// Sends literal text (each character a key press).
  public func type(_ text: String) throws {
    try tmux(["send-keys", "-t", name, "-l", text])
  }

  public func capture(escapes: Bool = false) throws -> String {
    try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
  }

  public func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
  }

  /// A tmux format evaluated for the pane ("#{pane_title}", "#{cursor_x}").
  public func value(_ format: String) throws -> String {
    try tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Waits until the screen contains `text`; records an issue showing the screen if not.
  @discardableResult
  public func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> String
  {
    try waitFor(all: [text], timeout: timeout, sourceLocation: sourceLocation)
  }

  /// Waits until the screen contains every one of `texts` at once (a frame can be caught
  /// half drawn, so a screen is checked only when all of it has arrived).
  @discardableResult
  public func waitFor(all texts: [String], timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation)
    throws -> String
  {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    while Date() < deadline {
      screen = try capture()
      if texts.allSatisfy({ screen.contains($0) }) { return screen }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let missing = texts.filter { !screen.contains($0) }.map { "“\($0)”" }.joined(separator: ", ")
    Issue.record("timed out waiting for \(missing); the screen was:\n\(screen)", sourceLocation: sourceLocation)
    return screen
  }
}
