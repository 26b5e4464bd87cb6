import SystemPackage

/// A writers' exclusive lock: `flock` on a lock file. The kernel drops it when the process
/// dies, so a killed writer never leaves a store locked. Readers take no lock: every file
/// they read is replaced atomically.
public final class FileLock {
  private let fd: FileDescriptor

  /// Blocks until the lock is free.
  public init(path: String) throws(FileError) {
    let fd: FileDescriptor
    do {
      fd = try FileDescriptor.open(
        FilePath(path), .readWrite, options: [.create, .closeOnExec],
        permissions: [.ownerReadWrite, .groupRead, .otherRead], retryOnInterrupt: true)
    } catch {
      throw FileError(path: path, operation: "open lock file", errno: Errno.from(error))
    }
    do {
      try Syscall.lockExclusive(fd, path: path)
    } catch {
      try? fd.close()
      throw error
    }
    self.fd = fd
  }

  deinit {
    Syscall.unlock(fd)
    try? fd.close()
  }
}
