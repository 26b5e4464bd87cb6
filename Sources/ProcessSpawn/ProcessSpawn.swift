#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a child process to completion: `posix_spawn` (vfork-fast on glibc), standard input
/// fed and both outputs drained through pipes with `poll`, so a large output can never
/// deadlock on a full pipe, then `wait4` for the status and resource usage.
///
/// Why not swift-subprocess 1.0.2 (the package copy here), measured side by side in one
/// release probe running `git --version` 50 times (docs/PERFORMANCE.md, "Child processes"):
/// it costs the parent 2.3-2.6 ms of CPU per child against 0.38 ms for posix_spawn, a
/// `snaprev archive` runs four or five children, and it needs swift-tools-version 6.2 and
/// an async caller (every command that runs git would become async).
///
/// The child starts with the default signal dispositions and an empty signal mask: a
/// parent that blocks SIGCHLD or ignores SIGPIPE would otherwise pass that on (tmux hung
/// on an inherited mask).
public enum Spawn {
  /// Where a child's standard output or error goes.
  public enum Output: Sendable, Equatable {
    /// Read into `Finished.stdout` / `.stderr`.
    case capture
    /// `/dev/null`.
    case discard
    /// Created or truncated.
    case file(String)
  }

  /// How the child ended: its exit status, or the signal that killed it.
  public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)

    /// 0 only for a clean exit; a signal reads as 128 + its number, as shells report it.
    public var status: Int32 {
      switch self {
      case .exited(let code): return code
      case .signaled(let signal): return 128 + signal
      }
    }
  }

  public struct Finished: Sendable {
    public var termination: Termination
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// Wall time from spawn to reaped, in seconds.
    public var seconds: Double
    /// The child's peak resident set (`ru_maxrss`), in bytes. For a vfork-style spawn
    /// Linux starts it at the parent's peak, so measure a child's memory through a small
    /// waiter process instead (the bench commands' python3 helper).
    public var peakResidentBytes: Int
    public var userSeconds: Double
    public var systemSeconds: Double

    public var status: Int32 { termination.status }
  }

  /// The first executable `program` on `PATH` (from `environment`, else the default);
  /// a name with a slash is taken as it is.
  public static func locate(_ program: String, environment: [String: String]) -> String? {
    if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
    for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/\(program)"
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  /// Runs `executable` (a path; see `locate`) with `arguments` and waits for it.
  /// `environment` nil passes this process's environment on.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, stdin: [UInt8] = [],
    stdout: Output = .capture, stderr: Output = .capture
  ) throws(SpawnError) -> Finished {
    var pipes = Pipes()
    defer { pipes.closeAll() }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    let input = try pipes.makeInput(executable)
    pipes.parentWrite = input.write
    posix_spawn_file_actions_adddup2(&actions, input.read, 0)
    for (fd, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
      switch output {
      case .capture:
        let pipe = try pipes.make(executable)
        if fd == 1 { pipes.parentOut = pipe.read } else { pipes.parentErr = pipe.read }
        posix_spawn_file_actions_adddup2(&actions, pipe.write, fd)
      case .discard:
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
      case .file(let path):
        posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      }
    }
    // Every other descriptor is O_CLOEXEC (Pipes opens its ends so); nothing else leaks.

    var defaults = sigset_t()
    sigfillset(&defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp ?? [] { free(pointer) }
    }
    let start = monotonicSeconds()
    var pid: pid_t = 0
    let spawned: Int32
    if let envp {
      spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    } else {
      spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    }
    guard spawned == 0 else { throw SpawnError(executable: executable, operation: "spawn", code: spawned) }
    pipes.closeChildEnds()

    var stdoutBytes = [UInt8]()
    var stderrBytes = [UInt8]()
    let exchange = pipes.exchange(stdin: stdin, stdout: &stdoutBytes, stderr: &stderrBytes)
    pipes.closeAll()
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      if errno == EINTR { continue }
      throw SpawnError(executable: executable, operation: "wait", code: errno)
    }
    let seconds = monotonicSeconds() - start
    if let failure = exchange { throw SpawnError(executable: executable, operation: failure.operation, code: failure.code) }
    let signal = status & 0x7F
    let termination: Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    return Finished(
      termination: termination, stdout: stdoutBytes, stderr: stderrBytes, seconds: seconds,
      peakResidentBytes: Int(usage.ru_maxrss) * 1024,
      userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
      systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
  }

  static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }
}

extension Spawn {
  /// Replaces this process with `executable` (`execv`): same pid, same open descriptors,
  /// environment and signal dispositions, so a supervisor that started `snaprev serve` still
  /// signals the server it started. Returns only by throwing, when the exec failed.
  public static func replaceProcess(with executable: String, arguments: [String]) throws(SpawnError) -> Never {
    var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) }
    argv.append(nil)
    execv(executable, argv)
    let code = errno
    for pointer in argv { free(pointer) }
    throw SpawnError(executable: executable, operation: "run", code: code)
  }
}

/// A child process could not be started or waited for.
public struct SpawnError: Error, Equatable, Sendable, CustomStringConvertible {
  public var executable: String
  public var operation: String
  public var code: Int32

  public var description: String {
    "cannot \(operation) \(executable): \(String(cString: strerror(code)))"
  }
}

/// The pipe ends of one spawn: the child's ends are closed after the spawn, the parent's
/// after the exchange.
private struct Pipes {
  var childEnds: [Int32] = []
  var parentWrite: Int32 = -1
  var parentOut: Int32 = -1
  var parentErr: Int32 = -1

  mutating func make(_ executable: String) throws(SpawnError) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    // pipe2 is not visible from Swift's Glibc module; the window before FD_CLOEXEC only
    // matters to a program that spawns from several threads at once.
    guard pipe(&ends) == 0 else { throw SpawnError(executable: executable, operation: "create a pipe for", code: errno) }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    childEnds.append(contentsOf: ends)
    return (ends[0], ends[1])
  }

  /// The child's standard input is a socket, not a pipe: the parent writes with
  /// MSG_NOSIGNAL, so a child that exits without reading cannot kill it with SIGPIPE.
  mutating func makeInput(_ executable: String) throws(SpawnError) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
      throw SpawnError(executable: executable, operation: "create a socket for", code: errno)
    }
    shutdown(ends[0], Int32(SHUT_WR))
    childEnds.append(contentsOf: ends)
    return (ends[0], ends[1])
  }

  mutating func closeChildEnds() {
    for fd in childEnds where fd != parentWrite && fd != parentOut && fd != parentErr { close(fd) }
    childEnds = [parentWrite, parentOut, parentErr].filter { $0 >= 0 }
  }

  mutating func closeAll() {
    for fd in Set(childEnds + [parentWrite, parentOut, parentErr]) where fd >= 0 { close(fd) }
    childEnds = []
    parentWrite = -1
    parentOut = -1
    parentErr = -1
  }

  /// Writes `stdin` and reads both outputs until the child closes them; the first failure
  /// is returned (a child that exits without reading its input is not one: EPIPE ends the input).
  mutating func exchange(stdin: [UInt8], stdout: inout [UInt8], stderr: inout [UInt8]) -> (operation: String, code: Int32)? {
    var written = 0
    if stdin.isEmpty { closeParent(\.parentWrite) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    while parentWrite >= 0 || parentOut >= 0 || parentErr >= 0 {
      var fds = [pollfd]()
      if parentWrite >= 0 { fds.append(pollfd(fd: parentWrite, events: Int16(POLLOUT), revents: 0)) }
      if parentOut >= 0 { fds.append(pollfd(fd: parentOut, events: Int16(POLLIN), revents: 0)) }
      if parentErr >= 0 { fds.append(pollfd(fd: parentErr, events: Int16(POLLIN), revents: 0)) }
      if poll(&fds, nfds_t(fds.count), -1) < 0 {
        if errno == EINTR { continue }
        return ("poll the pipes of", errno)
      }
      for entry in fds where entry.revents != 0 {
        if entry.fd == parentWrite {
          let count = stdin.withUnsafeBytes { raw in
            send(entry.fd, raw.baseAddress.map { $0 + written }, min(raw.count - written, 65536), Int32(MSG_NOSIGNAL))
          }
          if count < 0 {
            if errno == EINTR || errno == EAGAIN { continue }
            closeParent(\.parentWrite)  // EPIPE: the child stopped reading
            continue
          }
          written += count
          if written == stdin.count { closeParent(\.parentWrite) }
        } else {
          let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
          if count < 0 {
            if errno == EINTR || errno == EAGAIN { continue }
            return ("read the output of", errno)
          }
          if count == 0 {
            if entry.fd == parentOut { closeParent(\.parentOut) } else { closeParent(\.parentErr) }
          } else if entry.fd == parentOut {
            stdout.append(contentsOf: buffer[0..<count])
          } else {
            stderr.append(contentsOf: buffer[0..<count])
          }
        }
      }
    }
    return nil
  }

  private mutating func closeParent(_ end: WritableKeyPath<Pipes, Int32>) {
    let fd = self[keyPath: end]
    if fd >= 0 { close(fd) }
    childEnds.removeAll { $0 == fd }
    self[keyPath: end] = -1
  }
}
