import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The raw calls swift-system 1.8.1 has no public wrapper for (fsync, rename, mkdir, flock,
/// mmap, directory listing, stat), each retried on EINTR where that can happen, and each
/// failure turned into a `FileError` naming the path. Nothing else in the module calls libc
/// for these, so the error and retry policy lives in one place.
enum Syscall {
  static let directoryType = S_IFDIR
  static let regularType = S_IFREG

  static var lastErrno: Errno { Errno(rawValue: errno) }

  static func fail(_ path: String, _ operation: String, _ code: Errno = lastErrno) -> FileError {
    FileError(path: path, operation: operation, errno: code)
  }

  static func fsync(_ fd: FileDescriptor, path: String, operation: String = "fsync") throws(FileError) {
    while Glibc_fsync(fd.rawValue) != 0 {
      if errno == EINTR { continue }
      throw fail(path, operation)
    }
  }

  static func rename(_ from: String, _ to: String) throws(FileError) {
    guard Glibc_rename(from, to) == 0 else { throw fail(to, "rename") }
  }

  /// `mkdir`; false when something already exists at `path`.
  static func makeDirectory(_ path: String) throws(FileError) -> Bool {
    if Glibc_mkdir(path, 0o755) == 0 { return true }
    if errno == EEXIST { return false }
    throw fail(path, "mkdir")
  }

  static func lockExclusive(_ fd: FileDescriptor, path: String) throws(FileError) {
    while flock(fd.rawValue, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      throw fail(path, "lock")
    }
  }

  static func unlock(_ fd: FileDescriptor) {
    _ = flock(fd.rawValue, LOCK_UN)
  }

  static func unlink(_ path: String) {
    _ = Glibc_unlink(path)
  }

  static func removeDirectory(_ path: String) {
    _ = rmdir(path)
  }

  /// `lstat`'s file type bits, nil when nothing is there (a dangling symlink counts).
  static func linkType(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  /// `stat`'s file type bits (symlinks followed), nil when nothing is there.
  static func type(_ path: String) -> mode_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  /// `fstat`'s file type bits of an open descriptor.
  static func type(_ fd: FileDescriptor, path: String) throws(FileError) -> mode_t {
    var info = stat()
    guard fstat(fd.rawValue, &info) == 0 else { throw fail(path, "stat") }
    return info.st_mode & S_IFMT
  }

  static func size(_ fd: FileDescriptor, path: String) throws(FileError) -> Int {
    var info = stat()
    guard fstat(fd.rawValue, &info) == 0 else { throw fail(path, "stat") }
    return max(Int(info.st_size), 0)
  }

  /// A read-only private mapping of the whole file.
  static func map(_ fd: FileDescriptor, size: Int, path: String) throws(FileError) -> UnsafeRawPointer {
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd.rawValue, 0), address != MAP_FAILED else {
      throw fail(path, "mmap")
    }
    return UnsafeRawPointer(address)
  }

  static func unmap(_ address: UnsafeRawPointer, size: Int) {
    _ = munmap(UnsafeMutableRawPointer(mutating: address), size)
  }

  /// Entry names (no "." or ".."), as bytes; nil when the directory does not exist.
  static func listDirectory(_ path: UnsafePointer<CChar>, shown: String) throws(FileError) -> [[UInt8]]? {
    guard let directory = opendir(path) else {
      if errno == ENOENT { return nil }
      throw fail(shown, "open directory")
    }
    defer { closedir(directory) }
    var names: [[UInt8]] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    return names
  }

  /// A unique file under `base` (`mkstemp`), open for writing.
  static func makeTemporary(in base: String) throws(FileError) -> (path: String, fd: FileDescriptor) {
    var template = Array("\(base)/snaprev-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let start = buffer.baseAddress else { return -1 }
      return mkstemp(start)
    }
    guard fd >= 0 else { throw fail(base, "create a temporary file") }
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (path, FileDescriptor(rawValue: fd))
  }

  static var processID: Int32 { getpid() }

  /// Whether a process with this id is gone (`kill(pid, 0)` fails with ESRCH).
  static func processIsGone(_ pid: Int32) -> Bool {
    kill(pid, 0) != 0 && errno == ESRCH
  }

  static func killSelf() {
    _ = kill(getpid(), SIGKILL)
  }

  static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}

// Glibc names that collide with members of the types in this module.
@inline(__always) private func Glibc_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
@inline(__always) private func Glibc_rename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
@inline(__always) private func Glibc_mkdir(_ path: String, _ mode: mode_t) -> Int32 { mkdir(path, mode) }
@inline(__always) private func Glibc_unlink(_ path: String) -> Int32 { unlink(path) }
