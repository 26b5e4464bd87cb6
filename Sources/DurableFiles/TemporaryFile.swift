import SystemPackage

/// A file under `$TMPDIR` (default /tmp) holding the given bytes, removed when released.
/// Not durable: for handing data to a child process, never for stored data.
public final class TemporaryFile {
  public let path: String

  public init(contents: [UInt8]) throws(FileError) {
    let base = Syscall.environment("TMPDIR") ?? "/tmp"
    let (path, fd) = try Syscall.makeTemporary(in: base)
    self.path = path
    defer { try? fd.close() }
    do {
      _ = try fd.writeAll(contents)
    } catch {
      Syscall.unlink(path)
      throw FileError(path: path, operation: "write", errno: Errno.from(error))
    }
  }

  deinit { Syscall.unlink(path) }
}
