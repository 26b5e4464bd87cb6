import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The store's only file-system code: POSIX calls with errors that name the path, and the
/// atomic write (temporary file, fsync, rename, fsync of the directory) every store file
/// goes through, so a reader never sees half a file and a crash never leaves one.
enum FileSystem {
  static func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
  }

  static func ioError(_ path: String, _ operation: String, _ code: Int32 = errno) -> StoreError {
    .io(path: path, operation: operation, reason: errnoText(code))
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// The whole file. `nil` when it does not exist.
  static func readIfPresent(_ path: String) throws(StoreError) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return nil }
      throw ioError(path, "open")
    }
    defer { close(fd) }
    return try readAll(fd: fd, path: path)
  }

  static func read(_ path: String) throws(StoreError) -> [UInt8] {
    guard let bytes = try readIfPresent(path) else { throw ioError(path, "open", ENOENT) }
    return bytes
  }

  static func readAll(fd: Int32, path: String) throws(StoreError) -> [UInt8] {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ioError(path, "stat") }
    // Sized from fstat; one more read confirms the end (the file may have grown).
    var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
      let count = bytes.withUnsafeMutableBytes { buffer in
        posixRead(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw ioError(path, "read")
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeLast(bytes.count - filled)
    return bytes
  }

  /// `mkdir -p`; directories it creates are fsynced into their parents.
  static func makeDirectories(_ path: String) throws(StoreError) {
    if isDirectory(path) { return }
    let parent = parentDirectory(path)
    if parent != path && !parent.isEmpty { try makeDirectories(parent) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST { throw ioError(path, "mkdir") }
    try syncDirectory(parent.isEmpty ? "." : parent)
  }

  static func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  static func syncDirectory(_ path: String) throws(StoreError) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw ioError(path, "open directory") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw ioError(path, "fsync directory") }
    CrashPoints.step()
  }

  /// Writes `bytes` to `path` atomically. With `syncDirectory: false` the caller fsyncs the
  /// directory itself (batching many blobs into one directory sync).
  static func writeAtomically(_ bytes: [UInt8], to path: String, syncDirectory: Bool = true) throws(StoreError) {
    let directory = parentDirectory(path)
    let name = path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...]
    let temporary = "\(directory)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try writeDurably(bytes, to: temporary)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw ioError(path, "rename", code)
    }
    CrashPoints.step()
    if syncDirectory { try Self.syncDirectory(directory) }
  }

  /// Creates `path` (which must not exist), writes and fsyncs it.
  static func writeDurably(_ bytes: [UInt8], to path: String) throws(StoreError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ioError(path, "create") }
    var closed = false
    defer { if !closed { close(fd) } }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        write(fd, buffer.baseAddress.map { $0 + written }, buffer.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        let code = errno
        unlink(path)
        throw ioError(path, "write", code)
      }
      written += count
    }
    CrashPoints.step()
    guard fsync(fd) == 0 else {
      let code = errno
      unlink(path)
      throw ioError(path, "fsync", code)
    }
    CrashPoints.step()
    closed = true
    guard close(fd) == 0 else { throw ioError(path, "close") }
  }

  /// Entry names in a directory (no "." or ".."); empty when it does not exist.
  static func list(_ path: String) throws(StoreError) -> [String] {
    try listBytes(path).compactMap { String(validating: $0, as: UTF8.self) }
  }

  static func listBytes(_ path: String) throws(StoreError) -> [[UInt8]] {
    try listBytes(raw: Array(path.utf8), shown: path)
  }

  /// Like `listBytes(_:)` for a path given as exact bytes (it may not be UTF-8).
  static func listBytes(raw path: [UInt8], shown: String) throws(StoreError) -> [[UInt8]] {
    guard let directory = withCPath(path, { opendir($0) }) else {
      if errno == ENOENT { return [] }
      throw ioError(shown, "open directory")
    }
    defer { closedir(directory) }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix { $0 != 0 })
      }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    return names
  }

  /// Calls `body` with `path` as a NUL-terminated C string, byte for byte.
  static func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    let terminated = path + [0]
    return terminated.withUnsafeBytes { raw in
      // Never nil: the buffer holds at least the terminator.
      guard let base = raw.bindMemory(to: CChar.self).baseAddress else { return "".withCString(body) }
      return body(base)
    }
  }

  /// The whole file at a path given as exact bytes.
  static func read(raw path: [UInt8], shown: String) throws(StoreError) -> [UInt8] {
    let fd = withCPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
    guard fd >= 0 else { throw ioError(shown, "open") }
    defer { close(fd) }
    return try readAll(fd: fd, path: shown)
  }

  /// Removes a file or a directory tree (for clearing the store's own temp area).
  static func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      for name in (try? list(path)) ?? [] { removeTree(path + "/" + name) }
      rmdir(path)
    } else {
      unlink(path)
    }
  }

  static func renameDirectory(_ from: String, to: String) throws(StoreError) {
    guard rename(from, to) == 0 else { throw ioError(to, "rename") }
    CrashPoints.step()
  }
}

/// Glibc's `read` clashes with our own `read` helpers inside `FileSystem`.
@inline(__always)
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
  #else
    return Darwin.read(fd, buffer, count)
  #endif
}

/// Test hook for the crash-safety tests: with `SNAPREV_TEST_KILL_AFTER_WRITES=N` the process
/// kills itself with SIGKILL after the N-th durable step (a file written, fsynced, renamed,
/// or a directory fsynced). Unset, it does nothing.
enum CrashPoints {
  private static let limit: Int? = getenv("SNAPREV_TEST_KILL_AFTER_WRITES").flatMap {
    Int(String(cString: $0))
  }
  private static let steps = Atomic<Int>(0)

  static func step() {
    guard let limit else { return }
    let done = steps.add(1, ordering: .relaxed).newValue
    if done >= limit { kill(getpid(), SIGKILL) }
  }
}
