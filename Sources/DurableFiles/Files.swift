import Synchronization
import SystemPackage

/// Durable files for both stores: whole-file reads, `mkdir -p` that fsyncs every parent it
/// changes, and the atomic write (temporary file, fsync, rename, fsync of the directory)
/// every stored file goes through, so a reader never sees half a file and a crash never
/// leaves one. Each durable step is a `CrashPoints.step()`, which the crash tests kill at.
///
/// Descriptor I/O goes through swift-system's `FileDescriptor` (EINTR retried); the calls it
/// lacks are in `Syscall`. A directory fsync that fails is an error, never ignored: the
/// rename it should make durable may otherwise vanish in a crash.
public enum Files {
  /// Something (anything, even a dangling symlink) exists at `path`.
  public static func exists(_ path: String) -> Bool { Syscall.linkType(path) != nil }

  /// `path` is a regular file (or a symlink to one).
  public static func isRegularFile(_ path: String) -> Bool { Syscall.type(path) == Syscall.regularType }

  /// `path` is a directory (or a symlink to one).
  public static func isDirectory(_ path: String) -> Bool { Syscall.type(path) == Syscall.directoryType }

  // MARK: Reading

  /// The whole file; nil when it does not exist.
  public static func readIfPresent(_ path: String) throws(FileError) -> [UInt8]? {
    guard let fd = try openIfPresent(path) else { return nil }
    defer { try? fd.close() }
    return try readAll(fd, path: path)
  }

  public static func read(_ path: String) throws(FileError) -> [UInt8] {
    guard let bytes = try readIfPresent(path) else { throw FileError(path: path, operation: "open", errno: .noSuchFileOrDirectory) }
    return bytes
  }

  /// The whole file at a path given as exact bytes (it may not be UTF-8); `shown` names it in errors.
  public static func read(raw path: [UInt8], shown: String) throws(FileError) -> [UInt8] {
    let opened = withCPath(path) { pointer -> Result<FileDescriptor, Errno> in
      do {
        return .success(
          try FileDescriptor.open(FilePath(platformString: pointer), .readOnly, options: .closeOnExec, retryOnInterrupt: true))
      } catch {
        return .failure(Errno.from(error))
      }
    }
    let fd: FileDescriptor
    switch opened {
    case .success(let value): fd = value
    case .failure(let code): throw FileError(path: shown, operation: "open", errno: code)
    }
    defer { try? fd.close() }
    return try readAll(fd, path: shown)
  }

  /// What `readRegularFile` found at a path.
  public enum RegularFileRead: Sendable {
    case bytes([UInt8])
    /// The last path component is a symbolic link (`O_NOFOLLOW` refused it).
    case symbolicLink
    /// Opened, but `fstat` says it is not a regular file (a FIFO, a device, a directory).
    case notRegular
  }

  /// Opens `path` (exact bytes) once, without following a final symbolic link and without
  /// blocking (a FIFO opens at once instead of waiting for a writer), checks with `fstat` on
  /// that descriptor that it is a regular file, and reads it from the same descriptor, so
  /// what was checked is what is read. For input that may be swapped under the reader.
  public static func readRegularFile(raw path: [UInt8], shown: String) throws(FileError) -> RegularFileRead {
    let opened = withCPath(path) { pointer -> Result<FileDescriptor, Errno> in
      do {
        return .success(
          try FileDescriptor.open(
            FilePath(platformString: pointer), .readOnly, options: [.closeOnExec, .noFollow, .nonBlocking],
            retryOnInterrupt: true))
      } catch {
        return .failure(Errno.from(error))
      }
    }
    let fd: FileDescriptor
    switch opened {
    case .success(let value): fd = value
    case .failure(.tooManySymbolicLinkLevels): return .symbolicLink
    case .failure(let code): throw FileError(path: shown, operation: "open", errno: code)
    }
    defer { try? fd.close() }
    guard try Syscall.type(fd, path: shown) == Syscall.regularType else { return .notRegular }
    return .bytes(try readAll(fd, path: shown))
  }

  /// Maps the file read-only; nil when it does not exist. The mapping lives as long as the
  /// returned object.
  public static func map(_ path: String) throws(FileError) -> MappedFile? {
    guard let fd = try openIfPresent(path) else { return nil }
    defer { try? fd.close() }
    let size = try Syscall.size(fd, path: path)
    if size == 0 { return MappedFile(address: nil, count: 0) }
    return MappedFile(address: try Syscall.map(fd, size: size, path: path), count: size)
  }

  static func openIfPresent(_ path: String) throws(FileError) -> FileDescriptor? {
    do {
      return try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec, retryOnInterrupt: true)
    } catch {
      let code = Errno.from(error)
      if code == .noSuchFileOrDirectory { return nil }
      throw FileError(path: path, operation: "open", errno: code)
    }
  }

  static func readAll(_ fd: FileDescriptor, path: String) throws(FileError) -> [UInt8] {
    // Sized from fstat; one more read confirms the end (the file may have grown).
    var bytes = [UInt8](repeating: 0, count: try Syscall.size(fd, path: path) + 1)
    var filled = 0
    while true {
      if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
      let count: Int
      do {
        count = try bytes.withUnsafeMutableBytes { buffer in
          try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), retryOnInterrupt: true)
        }
      } catch {
        throw FileError(path: path, operation: "read", errno: Errno.from(error))
      }
      if count == 0 { break }
      filled += count
    }
    bytes.removeLast(bytes.count - filled)
    return bytes
  }

  // MARK: Directories

  /// `mkdir -p`. Every directory it creates is fsynced into its parent, so after it returns
  /// the whole path survives a crash. Something other than a directory in the way is
  /// `ENOTDIR`.
  public static func makeDirectories(_ path: String) throws(FileError) {
    if isDirectory(path) { return }
    let parent = parentDirectory(path)
    if parent != path && !parent.isEmpty { try makeDirectories(parent) }
    if try Syscall.makeDirectory(path) {
      try syncDirectory(parent.isEmpty ? "." : parent)
    } else if !isDirectory(path) {
      throw FileError(path: path, operation: "mkdir", errno: .notDirectory)
    }
  }

  public static func parentDirectory(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// fsync of a directory: makes the renames and creations inside it durable.
  public static func syncDirectory(_ path: String) throws(FileError) {
    let fd: FileDescriptor
    do {
      fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.directory, .closeOnExec], retryOnInterrupt: true)
    } catch {
      throw FileError(path: path, operation: "open directory", errno: Errno.from(error))
    }
    defer { try? fd.close() }
    try Syscall.fsync(fd, path: path, operation: "fsync directory")
    CrashPoints.step()
  }

  /// Entry names in a directory that are valid UTF-8 (no "." or ".."); empty when it does not exist.
  public static func list(_ path: String) throws(FileError) -> [String] {
    try listBytes(path).compactMap { String(validating: $0, as: UTF8.self) }
  }

  public static func listBytes(_ path: String) throws(FileError) -> [[UInt8]] {
    try listBytes(raw: Array(path.utf8), shown: path)
  }

  /// Like `listBytes(_:)` for a path given as exact bytes (it may not be UTF-8).
  public static func listBytes(raw path: [UInt8], shown: String) throws(FileError) -> [[UInt8]] {
    let listed = withCPath(path) { pointer in
      Result { () throws(FileError) -> [[UInt8]]? in try Syscall.listDirectory(pointer, shown: shown) }
    }
    return try listed.get() ?? []
  }

  /// Calls `body` with `path` as a NUL-terminated C string, byte for byte.
  public static func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    let terminated = path + [0]
    return terminated.withUnsafeBytes { raw in
      // Never nil: the buffer holds at least the terminator.
      guard let base = raw.bindMemory(to: CChar.self).baseAddress else { return "".withCString(body) }
      return body(base)
    }
  }

  /// Removes a file or a directory tree (for clearing a store's own temporary area).
  public static func removeTree(_ path: String) {
    guard let type = Syscall.linkType(path) else { return }
    if type == Syscall.directoryType {
      for name in (try? list(path)) ?? [] { removeTree(path + "/" + name) }
      Syscall.removeDirectory(path)
    } else {
      Syscall.unlink(path)
    }
  }

  /// Renames a directory (or file) and counts it as a durable step; the caller fsyncs the parent.
  public static func rename(_ from: String, to: String) throws(FileError) {
    try Syscall.rename(from, to)
    CrashPoints.step()
  }

  // MARK: Writing

  /// The temporary name a write of `path` uses: hidden, and carrying the writer's process
  /// id so `removeStaleTemporaries` can tell a dead writer's leftovers from a live one's.
  static func temporaryPath(for path: String) -> String {
    let name = path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...]
    let random = UInt32.random(in: 0...UInt32.max)
    return "\(parentDirectory(path))/.\(name)\(temporaryMarker)\(Syscall.processID)-\(random)"
  }

  static let temporaryMarker = ".tmp-"

  /// Writes `bytes` to `path` atomically. With `syncDirectory: false` the caller fsyncs the
  /// directory itself (batching many files into one directory sync). `ownerOnly`: mode 0600
  /// from the start (a private key), never readable by others even for a moment.
  public static func writeAtomically(
    _ bytes: [UInt8], to path: String, syncDirectory: Bool = true, ownerOnly: Bool = false
  ) throws(FileError) {
    let pending = try PendingFile(path: path, chunks: [bytes], ownerOnly: ownerOnly)
    try pending.commit()
    if syncDirectory { try Self.syncDirectory(parentDirectory(path)) }
  }

  /// The same for a file given in pieces (written in order, never joined in memory).
  public static func writeAtomically(
    _ chunks: [some Collection<UInt8>], to path: String, syncDirectory: Bool = true
  ) throws(FileError) {
    let pending = try PendingFile(path: path, chunks: chunks)
    try pending.commit()
    if syncDirectory { try Self.syncDirectory(parentDirectory(path)) }
  }

  /// Creates `path` (which must not exist), writes and fsyncs it.
  public static func writeDurably(_ bytes: [UInt8], to path: String) throws(FileError) {
    try writeDurably([bytes], to: path)
  }

  static func writeDurably(_ chunks: [some Collection<UInt8>], to path: String, ownerOnly: Bool = false) throws(FileError) {
    let fd: FileDescriptor
    do {
      fd = try FileDescriptor.open(
        FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
        permissions: ownerOnly ? [.ownerReadWrite] : [.ownerReadWrite, .groupRead, .otherRead], retryOnInterrupt: true)
    } catch {
      throw FileError(path: path, operation: "create", errno: Errno.from(error))
    }
    var closed = false
    defer { if !closed { try? fd.close() } }
    for chunk in chunks {
      do {
        _ = try fd.writeAll(chunk)
      } catch {
        Syscall.unlink(path)
        throw FileError(path: path, operation: "write", errno: Errno.from(error))
      }
    }
    CrashPoints.step()
    do {
      try Syscall.fsync(fd, path: path)
    } catch {
      Syscall.unlink(path)
      throw error
    }
    CrashPoints.step()
    closed = true
    do {
      try fd.close()
    } catch {
      throw FileError(path: path, operation: "close", errno: Errno.from(error))
    }
  }

  /// Leftover temporaries of writers that died (their process is gone), removed before a
  /// new write so a crash never leaves files behind for good.
  public static func removeStaleTemporaries(in directory: String) {
    for name in (try? list(directory)) ?? [] where name.hasPrefix(".") {
      // ".NAME.tmp-PID-RANDOM": NAME may itself contain "-", so read from the end.
      let parts = name.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count >= 3, parts[parts.count - 3].hasSuffix(temporaryMarker.dropLast()) else { continue }
      if let pid = Int32(parts[parts.count - 2]), pid != Syscall.processID, Syscall.processIsGone(pid) {
        Syscall.unlink("\(directory)/\(name)")
      }
    }
  }
}

/// A file written and fsynced under its temporary name, not yet renamed into place: lets a
/// caller make several files durable before any of them becomes visible, then commit them
/// in the order its readers depend on.
public struct PendingFile: Sendable {
  public let path: String
  let temporary: String

  /// Writes `chunks` under a temporary name beside `path` and fsyncs them.
  public init(path: String, chunks: [some Collection<UInt8>], ownerOnly: Bool = false) throws(FileError) {
    self.path = path
    temporary = Files.temporaryPath(for: path)
    try Files.writeDurably(chunks, to: temporary, ownerOnly: ownerOnly)
  }

  /// Renames the file into place. The caller fsyncs the directory (`Files.syncDirectory`).
  public func commit() throws(FileError) {
    do {
      try Syscall.rename(temporary, path)
    } catch {
      Syscall.unlink(temporary)
      throw error
    }
    CrashPoints.step()
  }

  /// Removes the temporary file (the write is given up).
  public func discard() { Syscall.unlink(temporary) }

  /// Writes several files at once, each under its temporary name, on its own thread: their
  /// fsyncs overlap, and ext4 commits overlapping fsyncs in one journal transaction rather
  /// than one each (docs/PERFORMANCE.md, "archive"). On a failure none is left behind.
  public static func writeAll<Chunk: Collection<UInt8> & Sendable>(
    _ files: [(path: String, chunks: [Chunk])]
  ) throws(FileError) -> [PendingFile] {
    let written = Mutex<[PendingFile?]>(Array(repeating: nil, count: files.count))
    do {
      try ParallelIO.forEach(files.count) { index throws(FileError) in
        let file = try PendingFile(path: files[index].path, chunks: files[index].chunks)
        written.withLock { $0[index] = file }
      }
    } catch {
      for file in written.withLock({ $0 }) { file?.discard() }
      throw error
    }
    return written.withLock { $0.compactMap { $0 } }
  }
}

/// A read-only memory mapping, unmapped when released.
public final class MappedFile: Sendable {
  public let count: Int
  nonisolated(unsafe) let address: UnsafeRawPointer?

  init(address: UnsafeRawPointer?, count: Int) {
    self.address = address
    self.count = count
  }

  /// The mapped bytes, valid while this object lives.
  public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: address, count: count) }

  deinit {
    if let address { Syscall.unmap(address, size: count) }
  }
}
