#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Spawn {
  /// Starts `executable` (a path; see `locate`) with `arguments` in `directory` (nil: this
  /// process's) and returns at once; `Child.wait` collects it. `environment` nil passes this
  /// process's environment on. A `.capture`d output goes to an unlinked temporary file, read
  /// when the child is waited for: nothing has to drain it meanwhile, and it never blocks
  /// the child however much it prints.
  public static func start(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
    stdin: Input = .null, stdout: Output = .capture, stderr: Output = .capture
  ) throws(SpawnError) -> Child {
    // Every descriptor opened here is closed on the way out unless the child keeps it.
    var opened = [Int32]()
    defer { for fd in opened { close(fd) } }

    let stdinSource: Launch.Source
    switch stdin {
    case .bytes(let bytes):
      let file = try temporaryFile(executable)
      opened.append(file)
      try writeInput(bytes, to: file, executable: executable)
      stdinSource = .descriptor(file)
    case .null: stdinSource = .null
    case .descriptor(let fd): stdinSource = .descriptor(fd)
    }
    var captures: [Int32] = [-1, -1]
    var targets = [Launch.Target]()
    for (index, output) in [stdout, stderr].enumerated() {
      if output == .capture {
        let file = try temporaryFile(executable)
        opened.append(file)
        captures[index] = file
        targets.append(.descriptor(file))
      } else {
        targets.append(try Launch.Target(output, fd: Int32(index + 1), executable: executable))
      }
    }

    let started = monotonicSeconds()
    let pid = try Launch(
      executable: executable, arguments: arguments, environment: environment, directory: directory,
      stdin: stdinSource, stdout: targets[0], stderr: targets[1]
    ).spawn()
    opened.removeAll { captures.contains($0) }
    return Child(pid: pid, executable: executable, started: started, captures: captures)
  }

  /// A file in `$TMPDIR` (else /tmp), unlinked at once: it goes with its last descriptor,
  /// whatever happens to this process.
  static func temporaryFile(_ executable: String) throws(SpawnError) -> Int32 {
    let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(directory)/snaprev-spawn-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
    guard fd >= 0 else {
      throw SpawnError(executable: executable, operation: "create a temporary file in \(directory) for", code: errno)
    }
    unlink(template)
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    return fd
  }

  /// Writes all of `bytes` to `fd` and rewinds it, so the child reads them from the start.
  static func writeInput(_ bytes: [UInt8], to fd: Int32, executable: String) throws(SpawnError) {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { raw in
        write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw SpawnError(executable: executable, operation: "write the input of", code: errno)
      }
      written += count
    }
    guard lseek(fd, 0, SEEK_SET) == 0 else {
      throw SpawnError(executable: executable, operation: "write the input of", code: errno)
    }
  }

  /// A started child. Dropped before it was waited for, it is killed and reaped, so a
  /// failing caller leaves no process behind.
  public final class Child {
    public let pid: pid_t
    public let executable: String
    private let started: Double
    /// The temporary files standard output and error are captured in (-1: not captured).
    private var captures: [Int32]
    private var ended: Ended?
    private var finished: Finished?

    init(pid: pid_t, executable: String, started: Double, captures: [Int32]) {
      self.pid = pid
      self.executable = executable
      self.started = started
      self.captures = captures
    }

    deinit {
      if ended == nil {
        kill(pid, SIGKILL)
        _ = try? Ended.wait(for: pid, executable: executable, blocking: true)
      }
      for fd in captures where fd >= 0 { close(fd) }
    }

    /// Whether the child has ended; it is reaped then (`wait` still returns how). A child
    /// that cannot be waited for (ECHILD: someone else reaped it) counts as ended.
    public var hasExited: Bool {
      if ended != nil { return true }
      do {
        ended = try Ended.wait(for: pid, executable: executable, blocking: false)
        return ended != nil
      } catch {
        return true
      }
    }

    /// A descriptor that polls readable once the child has ended (a pidfd: Linux 5.3,
    /// glibc 2.36), the caller's to close; nil where the system has none or the child was
    /// reaped already. It lets a thread sleep in `poll` until the child ends.
    public func exitDescriptor() -> Int32? {
      guard ended == nil, let open = Self.pidfdOpen else { return nil }
      let fd = open(pid, 0)
      guard fd >= 0 else { return nil }
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      return fd
    }

    private typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
    private static let pidfdOpen: PidfdOpen? = Launch.libcSymbol("pidfd_open").map {
      unsafeBitCast($0, to: PidfdOpen.self)
    }

    /// Sends `signal` unless the child has been reaped (its pid could belong to another
    /// process by then). Until it is reaped, the pid stays this child's, even as a zombie.
    public func send(_ signal: Int32) {
      if ended == nil { kill(pid, signal) }
    }

    /// Waits for the child to end and returns how, with what it printed into `.capture`.
    public func wait() throws(SpawnError) -> Finished {
      if let finished { return finished }
      if ended == nil { ended = try Ended.wait(for: pid, executable: executable, blocking: true) }
      guard let ended else { throw SpawnError(executable: executable, operation: "wait", code: ECHILD) }
      var outputs = [[UInt8]]()
      for fd in captures { outputs.append(fd < 0 ? [] : try Self.readAll(fd, executable: executable)) }
      for fd in captures where fd >= 0 { close(fd) }
      captures = [-1, -1]
      let result = ended.finished(started: started, stdout: outputs[0], stderr: outputs[1])
      finished = result
      return result
    }

    /// Waits at most `seconds` (polling every 10 ms); nil when the child is still running.
    public func wait(timeout seconds: Double) throws(SpawnError) -> Finished? {
      let deadline = Spawn.monotonicSeconds() + seconds
      while !hasExited {
        if Spawn.monotonicSeconds() >= deadline { return nil }
        usleep(10_000)
      }
      return try wait()
    }

    private static func readAll(_ fd: Int32, executable: String) throws(SpawnError) -> [UInt8] {
      var bytes = [UInt8]()
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(bytes.count)) }
        if count < 0 {
          if errno == EINTR { continue }
          throw SpawnError(executable: executable, operation: "read the output of", code: errno)
        }
        if count == 0 { return bytes }
        bytes.append(contentsOf: buffer[0..<count])
      }
    }
  }
}
