#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs child processes, the one way snaprev and its tests do: `posix_spawn` (vfork-fast on
/// glibc). `run` feeds standard input and drains both outputs through pipes with `poll`, so a
/// large output can never deadlock on a full pipe, then `wait4` gives the status and resource
/// usage. `start` leaves the child running (a server, a daemon, a program on a terminal) and
/// captures its outputs in unlinked temporary files instead, which nobody has to drain and no
/// daemon it leaves behind can hold open; `Child.wait` collects it.
///
/// Why not swift-subprocess 1.0.2 (the package copy here), measured side by side in one
/// release probe running `git --version` 50 times (docs/PERFORMANCE.md, "Child processes"):
/// it costs the parent 2.3-2.6 ms of CPU per child against 0.38 ms for posix_spawn, a
/// `snaprev archive` runs four or five children, and it needs swift-tools-version 6.2 and
/// an async caller (every command that runs git would become async).
///
/// Why not Foundation's `Process` (the tests used it): it never saw `tmux new-session -d` exit
/// (the client forks the server and leaves; the test run hung), and with a long-running child
/// (sshd) alive it stopped noticing when the next child exited.
///
/// The child starts with the default signal dispositions and an empty signal mask: a
/// parent that blocks SIGCHLD or ignores SIGPIPE would otherwise pass that on (tmux hung
/// on an inherited mask). Only descriptors 0, 1 and 2 reach it (see `Launch`).
public enum Spawn {
  /// Where a child's standard input comes from.
  public enum Input: Sendable, Equatable {
    /// These bytes, then end of input (`run` writes them while it reads the outputs;
    /// `start` puts them in an unlinked temporary file first).
    case bytes([UInt8])
    /// `/dev/null`.
    case null
    /// A descriptor the caller owns and keeps (a pty, a pipe's read end); the child gets a copy.
    case descriptor(Int32)
  }

  /// Where a child's standard output or error goes.
  public enum Output: Sendable, Equatable {
    /// Read into `Finished.stdout` / `.stderr`.
    case capture
    /// `/dev/null`.
    case discard
    /// Created or truncated.
    case file(String)
    /// Appended to (created if missing): a log several children write in turn.
    case append(String)
    /// A descriptor the caller owns and keeps; the child gets a copy.
    case descriptor(Int32)
    /// Standard error only: wherever standard output goes, interleaved in the order written.
    case toStandardOutput
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

    /// The signal that killed the child, nil when it exited.
    public var signal: Int32? {
      if case .signaled(let signal) = self { return signal }
      return nil
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
    /// Standard output decoded as UTF-8 (invalid bytes become U+FFFD).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error decoded as UTF-8 (invalid bytes become U+FFFD).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    /// Everything captured, standard output first, as text: for messages about a failure.
    public var outputText: String { stdoutText + stderrText }
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

  /// Runs `executable` (a path; see `locate`) with `arguments` in `directory` (nil: this
  /// process's) and waits for it. `environment` nil passes this process's environment on.
  /// Both outputs are read until the child and everything it started have closed them, so a
  /// child that leaves a daemon holding them is for `start` with a file.
  public static func run(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
    stdin: Input = .bytes([]), stdout: Output = .capture, stderr: Output = .capture
  ) throws(SpawnError) -> Finished {
    var pipes = Pipes()
    defer { pipes.closeAll() }
    var input = [UInt8]()
    let stdinSource: Launch.Source
    switch stdin {
    case .bytes(let bytes):
      let socket = try pipes.makeInput(executable)
      pipes.parentWrite = socket.write
      input = bytes
      stdinSource = .descriptor(socket.read)
    case .null: stdinSource = .null
    case .descriptor(let fd): stdinSource = .descriptor(fd)
    }
    var targets = [Launch.Target]()
    for (fd, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
      if output == .capture {
        let pipe = try pipes.make(executable)
        if fd == 1 { pipes.parentOut = pipe.read } else { pipes.parentErr = pipe.read }
        targets.append(.descriptor(pipe.write))
      } else {
        targets.append(try Launch.Target(output, fd: fd, executable: executable))
      }
    }

    let start = monotonicSeconds()
    let pid = try Launch(
      executable: executable, arguments: arguments, environment: environment, directory: directory,
      stdin: stdinSource, stdout: targets[0], stderr: targets[1]
    ).spawn()
    pipes.closeChildEnds()

    var stdoutBytes = [UInt8]()
    var stderrBytes = [UInt8]()
    let exchange = pipes.exchange(stdin: input, stdout: &stdoutBytes, stderr: &stderrBytes)
    pipes.closeAll()
    let ended = try Ended.wait(for: pid, executable: executable, blocking: true)
    if let failure = exchange { throw SpawnError(executable: executable, operation: failure.operation, code: failure.code) }
    guard let ended else { throw SpawnError(executable: executable, operation: "wait", code: ECHILD) }
    return ended.finished(started: start, stdout: stdoutBytes, stderr: stderrBytes)
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
  /// The `errno` value.
  public var code: Int32
  /// The working directory asked for, if one was: a spawn that fails to enter it reports
  /// ENOENT like a missing executable, so the message names both.
  public var directory: String?

  public init(executable: String, operation: String, code: Int32, directory: String? = nil) {
    self.executable = executable
    self.operation = operation
    self.code = code
    self.directory = directory
  }

  public var description: String {
    "cannot \(operation) \(executable)\(directory.map { " in \($0)" } ?? ""): \(String(cString: strerror(code)))"
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
