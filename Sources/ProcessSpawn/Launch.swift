#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One `posix_spawn`, shared by `Spawn.run` and `Spawn.start`: the three standard
/// descriptors already resolved (pipes and temporary files are the caller's), the working
/// directory, the environment, a clean signal state and nothing else inherited.
struct Launch {
  /// Where standard input comes from.
  enum Source {
    case null
    case descriptor(Int32)
    /// A pseudo-terminal's slave, by path: the child starts a new session (setsid) and
    /// opening the slave then makes it the session's controlling terminal.
    case terminal(String)
  }

  /// Where standard output or error goes.
  enum Target {
    case open(path: String, flags: Int32)
    case descriptor(Int32)
    case standardOutput

    /// The targets that need no pipe or temporary file; `.capture` is the caller's.
    init(_ output: Spawn.Output, fd: Int32, executable: String) throws(SpawnError) {
      switch output {
      case .discard: self = .open(path: "/dev/null", flags: O_WRONLY)
      case .file(let path): self = .open(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
      case .append(let path): self = .open(path: path, flags: O_WRONLY | O_CREAT | O_APPEND)
      case .descriptor(let descriptor): self = .descriptor(descriptor)
      case .toStandardOutput:
        guard fd == 2 else {
          throw SpawnError(executable: executable, operation: "send standard output to itself for", code: EINVAL)
        }
        self = .standardOutput
      case .capture:
        throw SpawnError(executable: executable, operation: "capture an output of", code: EINVAL)
      }
    }
  }

  var executable: String
  var arguments: [String]
  var environment: [String: String]?
  var directory: String?
  var stdin: Source
  var stdout: Target
  var stderr: Target

  typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
  typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// glibc's working-directory (2.29+) and close-from (2.34+) actions. Glibc's Swift module
  /// does not declare them, so they are looked up by name once.
  static let addChdir: AddChdir? = libcSymbol("posix_spawn_file_actions_addchdir_np").map {
    unsafeBitCast($0, to: AddChdir.self)
  }
  static let addClosefrom: AddClosefrom? = libcSymbol("posix_spawn_file_actions_addclosefrom_np").map {
    unsafeBitCast($0, to: AddClosefrom.self)
  }

  /// POSIX_SPAWN_SETSID (glibc 2.26+, <spawn.h>): a #define Glibc's Swift module leaves out.
  static let setsid: Int32 = 0x80

  static func libcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
    guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
    return dlsym(handle, name)
  }

  /// Starts the child; returns its pid. Descriptors the targets name stay the caller's.
  func spawn() throws(SpawnError) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
    switch stdin {
    case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
    case .terminal(let path):
      // glibc runs setsid before the file actions, so the open below (without O_NOCTTY)
      // acquires the terminal for the new session, as a login does.
      flags |= Self.setsid
      posix_spawn_file_actions_addopen(&actions, 0, path, O_RDWR, 0)
    }
    // In order: standard error's `.standardOutput` copies descriptor 1 as set just before.
    for (fd, target) in [(Int32(1), stdout), (Int32(2), stderr)] {
      switch target {
      case .open(let path, let flags): posix_spawn_file_actions_addopen(&actions, fd, path, flags, 0o644)
      case .descriptor(let source): posix_spawn_file_actions_adddup2(&actions, source, fd)
      case .standardOutput: posix_spawn_file_actions_adddup2(&actions, 1, fd)
      }
    }
    // Only 0, 1 and 2 reach the child. Our own pipes are O_CLOEXEC, but not everything in a
    // process is (a pty master, a pipe between pipe() and its fcntl), and a descriptor
    // inherited by a long-lived child keeps it open: measured in the tests, which run in
    // parallel, a reviewer whose pty master was closed kept running because a concurrently
    // started tmux server still held a copy. Without the action (glibc before 2.34) the
    // O_CLOEXEC descriptors are still not inherited. Its cost is within the noise: 300 runs of
    // /bin/true from a debug test process, three rounds twice each way at load average 3.5,
    // took 0.23-0.26 ms of parent CPU and 0.93-1.05 ms of wall per child with it, 0.17-0.30 ms
    // and 0.79-1.21 ms without.
    if let addClosefrom = Self.addClosefrom {
      let added = addClosefrom(&actions, 3)
      guard added == 0 else { throw SpawnError(executable: executable, operation: "prepare", code: added) }
    }
    if let directory {
      guard let addChdir = Self.addChdir else {
        throw SpawnError(executable: executable, operation: "change directory for", code: ENOSYS, directory: directory)
      }
      let added = addChdir(&actions, directory)
      guard added == 0 else {
        throw SpawnError(executable: executable, operation: "change directory for", code: added, directory: directory)
      }
    }

    var defaults = sigset_t()
    sigfillset(&defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(flags))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp ?? [] { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned: Int32
    if let envp {
      spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    } else {
      spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    }
    guard spawned == 0 else {
      throw SpawnError(executable: executable, operation: "spawn", code: spawned, directory: directory)
    }
    return pid
  }
}

/// A reaped child: its wait status, its resource usage and when it was reaped.
struct Ended {
  var status: Int32
  var usage: rusage
  var at: Double

  /// `wait4` for `pid`; nil when `blocking` is false and it is still running.
  static func wait(for pid: pid_t, executable: String, blocking: Bool) throws(SpawnError) -> Ended? {
    var status: Int32 = 0
    var usage = rusage()
    while true {
      let reaped = wait4(pid, &status, blocking ? 0 : WNOHANG, &usage)
      if reaped == pid { return Ended(status: status, usage: usage, at: Spawn.monotonicSeconds()) }
      if reaped == 0 { return nil }
      if errno == EINTR { continue }
      throw SpawnError(executable: executable, operation: "wait", code: errno)
    }
  }

  func finished(started: Double, stdout: [UInt8], stderr: [UInt8]) -> Spawn.Finished {
    let signal = status & 0x7F
    let termination: Spawn.Termination = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    return Spawn.Finished(
      termination: termination, stdout: stdout, stderr: stderr, seconds: at - started,
      peakResidentBytes: Int(usage.ru_maxrss) * 1024,
      userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
      systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
  }
}
