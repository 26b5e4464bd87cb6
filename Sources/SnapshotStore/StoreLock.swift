#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The writers' exclusive lock: `flock` on the store's `lock` file. The kernel drops it when
/// the process dies, so a killed writer never leaves the store locked. Readers take no
/// lock: every file they read is replaced atomically.
final class StoreLock {
  private let fd: Int32

  /// Blocks until the lock is free.
  init(path: String) throws(StoreError) {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileSystem.ioError(path, "open lock file") }
    while flock(fd, LOCK_EX) != 0 {
      if errno == EINTR { continue }
      let code = errno
      close(fd)
      throw FileSystem.ioError(path, "lock", code)
    }
    self.fd = fd
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
