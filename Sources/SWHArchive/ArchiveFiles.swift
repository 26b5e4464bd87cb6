import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The archive's file-system edge: memory-mapped reads, atomic writes (temporary file,
/// fsync, rename, fsync of the directory), directory creation and the writers' lock.
enum ArchiveFiles {
  static func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }

  static func ioError(_ path: String, _ operation: String, _ code: Int32 = errno) -> ArchiveStoreError {
    .io(path: path, operation: operation, reason: errnoText(code))
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Maps a file read-only; the mapping lives as long as the returned `Data`.
  /// `nil` when the file does not exist.
  static func map(_ path: String) throws(ArchiveStoreError) -> Data? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { return nil }
      throw ioError(path, "open")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw ioError(path, "stat") }
    let size = Int(info.st_size)
    if size == 0 { return Data() }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
      throw ioError(path, "mmap")
    }
    return Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in
      munmap(pointer, count)
    })
  }

  static func read(_ path: String) throws(ArchiveStoreError) -> [UInt8]? {
    guard let data = try map(path) else { return nil }
    return [UInt8](data)
  }

  /// `mkdir -p`, with each new directory made 0755.
  static func makeDirectories(_ path: String) throws(ArchiveStoreError) {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/", omittingEmptySubsequences: true) {
      current += "/" + component
      if mkdir(current, 0o755) != 0 && errno != EEXIST { throw ioError(current, "create directory") }
    }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
      throw .io(path: path, operation: "create directory", reason: "exists and is not a directory")
    }
  }

  /// Writes the whole file under a temporary name, flushes it and renames it into place,
  /// so readers see the old file or the new one, never a part.
  static func writeAtomically(_ chunks: [Data], to path: String) throws(ArchiveStoreError) {
    let directory = (path as NSString).deletingLastPathComponent
    let temporary = "\(directory)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ioError(temporary, "create") }
    var failure: ArchiveStoreError? = nil
    outer: for chunk in chunks {
      var written = 0
      while written < chunk.count {
        let count = chunk.withUnsafeBytes { raw in
          Glibc_write(fd, raw.baseAddress.map { $0 + written }, chunk.count - written)
        }
        if count < 0 {
          if errno == EINTR { continue }
          failure = ioError(temporary, "write")
          break outer
        }
        written += count
      }
    }
    if failure == nil && fsync(fd) != 0 { failure = ioError(temporary, "fsync") }
    close(fd)
    if failure == nil && rename(temporary, path) != 0 { failure = ioError(path, "rename into place") }
    if let failure {
      unlink(temporary)
      throw failure
    }
    let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
    if directoryFD >= 0 {
      fsync(directoryFD)
      close(directoryFD)
    }
  }

  static func listDirectory(_ path: String) throws(ArchiveStoreError) -> [String] {
    guard let directory = opendir(path) else {
      if errno == ENOENT { return [] }
      throw ioError(path, "list")
    }
    defer { closedir(directory) }
    var names = [String]()
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Leftover temporary files of writers that died; removed before a new write.
  static func removeStaleTemporaries(in directory: String) {
    guard let names = try? listDirectory(directory) else { return }
    for name in names where name.hasPrefix(".tmp-") {
      let parts = name.split(separator: "-")
      if parts.count >= 2, let pid = Int32(parts[1]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
        unlink("\(directory)/\(name)")
      }
    }
  }
}

/// `write(2)`, named apart from Swift's `print`-style `write`.
@inline(__always)
func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
  #else
    return Darwin.write(fd, buffer, count)
  #endif
}

/// The archive writers' lock: `flock` on `<store>/archive/lock`, dropped by the kernel if
/// the process dies. Readers take no lock (files are replaced atomically).
final class ArchiveLock {
  private let fd: Int32

  init(path: String) throws(ArchiveStoreError) {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ArchiveFiles.ioError(path, "open lock file") }
    while flock(fd, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      let code = errno
      close(fd)
      throw ArchiveFiles.ioError(path, "lock", code)
    }
    self.fd = fd
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
