import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A private tmux server (its own socket) running one command in a window of a fixed
/// size, for end-to-end tests of the real binary: type with `send`, read with `capture`.
final class TmuxSession {
  let socket: String
  let name = "t"

  init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
    socket = "snaprev-test-\(UUID().uuidString.prefix(8))"
    let exports = environment.sorted { $0.key < $1.key }
      .map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
    // The shell stays after the command ends so its exit status and messages can be read.
    // The test runner's own colour settings must not leak into the terminal under test.
    let script = "unset NO_COLOR COLORTERM; \(exports) \(command); echo \"EXIT=$?\"; sleep 600"
    try Self.tmux(
      socket, ["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), "sh", "-c", script])
    _ = try? Self.tmux(socket, ["set-option", "-t", name, "-g", "window-size", "manual"])
  }

  deinit {
    close()
  }

  /// Closes the window (its processes get SIGHUP) and stops the server.
  func close() {
    _ = try? Self.tmux(socket, ["kill-session", "-t", name])
    _ = try? Self.tmux(socket, ["kill-server"])
    // tmux does not always remove its socket when the last session goes.
    let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
    unlink("\(directory)/tmux-\(getuid())/\(socket)")
  }

  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// Runs one tmux command. Spawned with posix_spawn and waited for with waitpid:
  /// Foundation's Process never saw `tmux new-session -d` exit here (its client forks
  /// the server and leaves), which hung the whole test run.
  @discardableResult
  static func tmux(_ socket: String, _ arguments: [String]) throws -> String {
    try Spawn.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, unset: ["TMUX"]).output
  }

  /// Sends keys as tmux names them ("j", "Enter", "Escape", "Tab", "C-c").
  func send(_ keys: String...) throws {
    try Self.tmux(socket, ["send-keys", "-t", name] + keys)
  }

  /// Sends literal text (each character a key press).
  func type(_ text: String) throws {
    try Self.tmux(socket, ["send-keys", "-t", name, "-l", text])
  }

  func capture(escapes: Bool = false) throws -> String {
    try Self.tmux(socket, ["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
  }

  func resize(width: Int, height: Int) throws {
    try Self.tmux(socket, ["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
  }

  func value(_ format: String) throws -> String {
    try Self.tmux(socket, ["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Waits until the screen contains `text`; records an issue with the screen if not.
  @discardableResult
  func waitFor(
    _ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    while Date() < deadline {
      screen = try capture()
      if screen.contains(text) { return screen }
      Thread.sleep(forTimeInterval: 0.1)
    }
    Issue.record("timed out waiting for “\(text)”; the screen was:\n\(screen)", sourceLocation: sourceLocation)
    return screen
  }
}

/// Builds demo stores with the real binary, and reads them back with `snaprev show`.
enum ReviewE2E {
  static var binary: String { Fixtures.snaprevBinary.path }
  static var demoBuilds: String { Fixtures.packageRoot.appendingPathComponent("Resources/demo/review").path }

  static func temporaryDirectory(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-\(label)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  struct Run {
    let status: Int32
    let output: String
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
    let result = try Spawn.run([binary] + arguments, unset: ["SNAPREV_REVIEWER"], set: environment)
    return Run(status: result.status, output: result.output)
  }

  /// A store holding the demo's base (#1) and head (#2) builds.
  static func demoStore() throws -> String {
    let store = try temporaryDirectory("store") + "/store"
    let result = try run(["demo", "--no-review", "--store", store, "--from", demoBuilds])
    guard result.status == 0, result.output.contains("head: 2") else {
      throw Failure("snaprev demo --no-review failed (\(result.status)): \(result.output)")
    }
    return store
  }

  /// `snaprev show ID` as JSON.
  static func show(_ id: String, store: String) throws -> [String: Any] {
    let result = try run(["show", id, "--store", store])
    guard result.status == 0, let data = result.output.data(using: .utf8),
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw Failure("snaprev show failed (\(result.status)): \(result.output)") }
    return object
  }

  static func approverNames(_ details: [String: Any]) -> [String] {
    ((details["approvers"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

  static func readPID(_ path: String, timeout: Double = 5) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: path, encoding: .utf8),
        let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return pid
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }
}

/// A pseudo-terminal pair. Glibc's module map leaves out the X/Open pty calls, so they
/// are looked up by name.
enum PseudoTerminal {
  typealias IntCall = @convention(c) (Int32) -> Int32
  typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  static func open() -> (master: Int32, slavePath: String)? {
    guard let handle = dlopen(nil, RTLD_NOW),
      let openSymbol = dlsym(handle, "posix_openpt"), let grantSymbol = dlsym(handle, "grantpt"),
      let unlockSymbol = dlsym(handle, "unlockpt"), let nameSymbol = dlsym(handle, "ptsname")
    else { return nil }
    let openpt = unsafeBitCast(openSymbol, to: IntCall.self)
    let grant = unsafeBitCast(grantSymbol, to: IntCall.self)
    let unlock = unsafeBitCast(unlockSymbol, to: IntCall.self)
    let name = unsafeBitCast(nameSymbol, to: NameCall.self)
    let master = openpt(O_RDWR | O_NOCTTY)
    guard master >= 0, grant(master) == 0, unlock(master) == 0, let path = name(master) else { return nil }
    return (master, String(cString: path))
  }
}

/// posix_spawn + waitpid, output captured through a file (no pipe a daemon could hold
/// open). Foundation's Process is not used for these children: with a long-running child
/// (sshd) alive it stopped noticing when the next one exited, and it never saw
/// `tmux new-session -d` exit; both hung the test run.
enum Spawn {
  struct Result {
    let status: Int32
    let output: String
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  static func run(_ arguments: [String], unset: [String] = [], set: [String: String] = [:]) throws -> Result {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)").path
    defer { unlink(outputPath) }
    let pid = try start(arguments, output: outputPath, unset: unset, set: set)
    let status = wait(pid)
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return Result(status: status, output: output)
  }

  /// Starts a child with stdin from /dev/null and stdout+stderr appended to `output`.
  static func start(
    _ arguments: [String], output: String, unset: [String] = [], set: [String: String] = [:]
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var environment = ProcessInfo.processInfo.environment
    for name in unset { environment.removeValue(forKey: name) }
    for (name, value) in set { environment[name] = value }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard spawned == 0 else { throw Failure(description: "cannot run \(arguments[0]): error \(spawned)") }
    return pid
  }

  /// Waits for `pid` and returns its exit status (128 + signal if it was killed).
  static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }

  /// Whether `pid` (our child) has exited, reaping it if so.
  static func hasExited(_ pid: pid_t) -> Bool {
    var status: Int32 = 0
    return waitpid(pid, &status, WNOHANG) == pid
  }
}
