#if canImport(Glibc)
  import Glibc
#endif
import FoundationEssentials
import Synchronization
import WorkThreads

/// Tells a callback, from its own thread, when the entries of some directories change: the
/// one place snaprev uses inotify. Where inotify is missing or refuses a watch (no inotify
/// on this system, `fs.inotify.max_user_watches` reached: ENOSPC), it falls back to
/// comparing the directories' `stat` (inode, size, modification time in ns) once a second.
/// Everything the store writes is renamed into place, and a rename changes the directory,
/// so directory times are enough; no file is read.
///
/// The reviewer's keystrokes never touch this: the thread sleeps in `poll(2)` (inotify) or
/// between stats, and only a change posts anything.
public final class DirectoryWatch: Sendable {
  public enum Mechanism: String, Sendable { case inotify, polling }

  /// The directories to watch, asked again after every change (new builds add directories).
  private let directories: @Sendable () -> [String]
  private let onChange: @Sendable () -> Void
  private let pollInterval: Duration
  private let stopped = Mutex(false)
  private let mechanismInUse = Mutex<Mechanism?>(nil)

  /// `pollInterval` is the polling fallback's period; `forcePolling` skips inotify (tests).
  public init(
    directories: @escaping @Sendable () -> [String], pollInterval: Duration = .seconds(1), forcePolling: Bool = false,
    onChange: @escaping @Sendable () -> Void
  ) {
    self.directories = directories
    self.onChange = onChange
    self.pollInterval = pollInterval
    if forcePolling { mechanismInUse.withLock { $0 = .polling } }
  }

  /// Starts the watching thread and returns how it watches.
  @discardableResult
  public func start() -> Mechanism {
    let notify = mechanismInUse.withLock { $0 } == .polling ? nil : Inotify()
    let mechanism: Mechanism = notify?.watch(directories()) == true ? .inotify : .polling
    mechanismInUse.withLock { $0 = mechanism }
    let started = Threads.detach { [self] in
      if mechanism == .inotify, let notify {
        runInotify(notify)
      } else {
        notify?.close()
        runPolling()
      }
    }
    // No thread, no watching: the screen still refreshes on its own keys (`r`).
    if !started { notify?.close() }
    return mechanism
  }

  /// Ends the thread within one wait (≤ 1 s); no change is posted after it returns.
  public func stop() { stopped.withLock { $0 = true } }

  private var isStopped: Bool { stopped.withLock { $0 } }

  private func runInotify(_ notify: Inotify) {
    defer { notify.close() }
    while !isStopped {
      guard notify.waitForChange(timeoutMilliseconds: 1000) else { continue }
      // A writer renames several files in a row (an upload: a directory, then marks and
      // approvals may follow): wait 20 ms and take whatever else arrived as the same change.
      usleep(20_000)
      _ = notify.drain()
      if isStopped { return }
      // New build directories (and reviews/) need watches of their own.
      guard notify.watch(directories()) else {
        notify.close()
        onChange()
        return runPolling()
      }
      onChange()
    }
  }

  private func runPolling() {
    var last = Self.fingerprint(directories())
    while !isStopped {
      Threads.sleep(seconds: Double(pollInterval.components.seconds) + Double(pollInterval.components.attoseconds) / 1e18)
      if isStopped { return }
      let now = Self.fingerprint(directories())
      if now != last {
        last = now
        onChange()
      }
    }
  }

  /// What polling compares: each directory's identity and last change.
  struct Stamp: Equatable {
    var path: String
    var inode: UInt64
    var size: Int64
    var seconds: Int
    var nanoseconds: Int
  }

  static func fingerprint(_ paths: [String]) -> [Stamp] {
    paths.compactMap { path in
      var info = stat()
      guard stat(path, &info) == 0 else { return nil }
      return Stamp(
        path: path, inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: info.st_mtim.tv_sec,
        nanoseconds: info.st_mtim.tv_nsec)
    }
  }
}

/// The inotify syscalls (Linux), nothing else: one descriptor, a watch per directory, and
/// "did anything that is not a temporary file change".
private final class Inotify: @unchecked Sendable {
  // @unchecked: used by one thread at a time (created by `start`, then owned by the
  // watching thread).
  private var descriptor: Int32
  private var watched = Set<String>()

  init?() {
    #if canImport(Glibc)
      descriptor = inotify_init1(Int32(IN_NONBLOCK) | Int32(IN_CLOEXEC))
      if descriptor < 0 { return nil }
    #else
      return nil
    #endif
  }

  /// Adds a watch for each directory not yet watched. False when the kernel refuses one for
  /// a reason other than the directory being gone (ENOSPC: the watch limit): polling then.
  func watch(_ directories: [String]) -> Bool {
    #if canImport(Glibc)
      let events = UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_ONLYDIR)
      for directory in directories where !watched.contains(directory) {
        if inotify_add_watch(descriptor, directory, events) < 0 {
          if errno == ENOENT || errno == ENOTDIR { continue }
          return false
        }
        watched.insert(directory)
      }
      return true
    #else
      return false
    #endif
  }

  /// Waits for events; true when one names something other than a temporary file.
  func waitForChange(timeoutMilliseconds: Int32) -> Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    guard poll(&entry, 1, timeoutMilliseconds) > 0 else { return false }
    return drain()
  }

  /// Reads every pending event; true when one matters. Names starting with "." are the
  /// store's staging files (`.NAME.tmp-PID-RANDOM`): their rename is the change that counts.
  @discardableResult
  func drain() -> Bool {
    var relevant = false
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { return relevant }
      // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name.
      var offset = 0
      while offset + 16 <= count {
        let length = buffer.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)) }
        let name = buffer[(offset + 16)..<min(count, offset + 16 + length)]
        if name.first != UInt8(ascii: ".") { relevant = true }
        offset += 16 + length
      }
    }
  }

  func close() {
    if descriptor >= 0 { _ = Glibc.close(descriptor) }
    descriptor = -1
  }
}
