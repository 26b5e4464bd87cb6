import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs child processes for tests: posix_spawn and waitpid, with the output captured
/// through files (no pipe a daemon could hold open, none that can fill up and block).
///
/// Foundation's `Process` is not used: it never saw `tmux new-session -d` exit (the client
/// forks the server and leaves; the test run hung), and with a long-running child (sshd)
/// alive it stopped noticing when the next child exited. Every child also starts with an
/// empty signal mask and default signal actions, whatever the test thread had blocked.
public enum Spawn {
  /// Where a child's standard input comes from.
  public enum Input {
    case null
    case bytes([UInt8])
    /// A descriptor the caller owns (a pty, a pipe's read end); the child gets a copy.
    case descriptor(Int32)
  }

  /// Where a child's standard output or standard error goes.
  public enum Output {
    /// Into a file the `Result` returns.
    case capture
    /// Appended to this file (it is created if missing), for a log read later.
    case append(String)
    case descriptor(Int32)
    case discard
    /// Standard error only: the same place as standard output, interleaved in order.
    case toStandardOutput
  }

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// How a child ended and what it printed.
  public struct Result: Sendable {
    /// The exit status, or 128 + the signal that killed it (as a shell reports it).
    public let status: Int32
    /// The signal that killed the child, if one did.
    public let signal: Int32?
    public let stdoutBytes: [UInt8]
    public let stderrBytes: [UInt8]

    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
    /// Everything it printed, standard output first (for failure messages and `contains`).
    public var output: String { stdout + stderr }
    public var killedBySignal: Bool { signal != nil }
  }

  typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// glibc's working-directory (2.29+) and close-from (2.34+) actions. Glibc's Swift
  /// module does not declare them, so they are looked up by name.
  static let addChdir: AddChdir? = libcSymbol("posix_spawn_file_actions_addchdir_np").map {
    unsafeBitCast($0, to: AddChdir.self)
  }
  static let addClosefrom: AddClosefrom? = libcSymbol("posix_spawn_file_actions_addclosefrom_np").map {
    unsafeBitCast($0, to: AddClosefrom.self)
  }

  private static func libcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
    guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
    return dlsym(handle, name)
  }

  /// Runs `arguments` (the first found on PATH unless it has a slash) and waits for it.
  /// The environment is `environment` (the test runner's by default) without `unset`, plus `set`.
  public static func run(
    _ arguments: [String], environment: [String: String]? = nil, unset: [String] = [], set: [String: String] = [:],
    directory: String? = nil, stdin: Input = .null, stdout: Output = .capture, stderr: Output = .capture
  ) throws -> Result {
    try start(
      arguments, environment: environment, unset: unset, set: set, directory: directory, stdin: stdin, stdout: stdout,
      stderr: stderr
    ).wait()
  }

  /// Starts a child without waiting; `Child.wait()` collects it.
  public static func start(
    _ arguments: [String], environment: [String: String]? = nil, unset: [String] = [], set: [String: String] = [:],
    directory: String? = nil, stdin: Input = .null, stdout: Output = .capture, stderr: Output = .capture
  ) throws -> Child {
    guard let executable = arguments.first else { throw Failure(description: "Spawn.start: no program given") }
    var files = [String]()
    func scratch(_ kind: String) -> String {
      let path = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(kind)-\(UUID().uuidString)").path
      files.append(path)
      return path
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }

    switch stdin {
    case .null:
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    case .bytes(let bytes):
      let path = scratch("in")
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
    case .descriptor(let fd):
      posix_spawn_file_actions_adddup2(&actions, fd, 0)
    }
    var capturedPaths: [String?] = [nil, nil]
    for (target, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
      switch output {
      case .capture:
        let path = scratch(target == 1 ? "out" : "err")
        capturedPaths[Int(target) - 1] = path
        posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      case .append(let path):
        posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
      case .descriptor(let fd):
        posix_spawn_file_actions_adddup2(&actions, fd, target)
      case .discard:
        posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
      case .toStandardOutput:
        posix_spawn_file_actions_adddup2(&actions, 1, target)
      }
    }
    // Only 0, 1 and 2 reach the child. Tests run in parallel, and a descriptor inherited
    // by a long-lived child (a tmux server, sshd) keeps another test's pty master or pipe
    // open: measured here, a reviewer whose pty master was closed kept running because a
    // concurrently started child still held a copy.
    guard let addClosefrom = Self.addClosefrom else {
      throw Failure(description: "cannot run \(executable): this libc has no posix_spawn_file_actions_addclosefrom_np")
    }
    let closed = addClosefrom(&actions, 3)
    guard closed == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(closed)))") }
    if let directory {
      guard let addChdir = Self.addChdir else {
        throw Failure(description: "cannot run \(executable) in \(directory): this libc has no posix_spawn_file_actions_addchdir_np")
      }
      let added = addChdir(&actions, directory)
      guard added == 0 else { throw Failure(description: "cannot run in \(directory): \(String(cString: strerror(added)))") }
    }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var variables = environment ?? ProcessInfo.processInfo.environment
    for name in unset { variables.removeValue(forKey: name) }
    variables.merge(set) { _, new in new }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      for path in files { unlink(path) }
      throw Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    return Child(pid: pid, stdoutPath: capturedPaths[0], stderrPath: capturedPaths[1], scratchFiles: files)
  }

  /// A started child. Dropped before it was waited for, it is killed and reaped, so a
  /// failing test leaves no process behind.
  public final class Child {
    public let pid: pid_t
    /// The file standard output is captured in (with `.capture`), readable while it runs.
    public let stdoutPath: String?
    let stderrPath: String?
    let scratchFiles: [String]
    private var waitStatus: Int32?

    init(pid: pid_t, stdoutPath: String?, stderrPath: String?, scratchFiles: [String]) {
      self.pid = pid
      self.stdoutPath = stdoutPath
      self.stderrPath = stderrPath
      self.scratchFiles = scratchFiles
    }

    deinit {
      if waitStatus == nil {
        kill(pid, SIGKILL)
        _ = reap(blocking: true)
      }
      for path in scratchFiles { unlink(path) }
    }

    /// Whether the child has exited (it is reaped then; `wait()` still returns its result).
    public var hasExited: Bool { waitStatus != nil || reap(blocking: false) }

    /// Sends `signal` unless the child was already reaped (its pid could be reused).
    public func send(_ signal: Int32) {
      if !hasExited { kill(pid, signal) }
    }

    /// Waits for the child and returns its status and captured output.
    public func wait() -> Result {
      _ = reap(blocking: true)
      let status = waitStatus ?? 0
      let signal = status & 0x7F
      func read(_ path: String?) -> [UInt8] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [] }
        return [UInt8](data)
      }
      return Result(
        status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, signal: signal == 0 ? nil : signal,
        stdoutBytes: read(stdoutPath), stderrBytes: read(stderrPath))
    }

    private func reap(blocking: Bool) -> Bool {
      if waitStatus != nil { return true }
      var status: Int32 = 0
      var reaped: pid_t
      repeat { reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while reaped < 0 && errno == EINTR
      guard reaped == pid else { return false }
      waitStatus = status
      return true
    }
  }
}
