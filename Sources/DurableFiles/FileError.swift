import SystemPackage

/// A failed file operation: which path, what was being done, and the `errno` it ended with.
/// Each store maps it into its own error type (`StoreError.io`, `ArchiveStoreError.io`) with
/// the same three parts, so messages read "PATH: cannot OPERATION: REASON".
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var operation: String
  public var errno: Errno

  public init(path: String, operation: String, errno: Errno) {
    self.path = path
    self.operation = operation
    self.errno = errno
  }

  /// The C library's text for the code (`strerror`), as the stores have always printed it.
  public var reason: String { errno.description }

  public var description: String { "\(path): cannot \(operation): \(reason)" }
}

extension Errno {
  /// The code of an error swift-system threw (it throws only `Errno`; anything else is EIO).
  static func from(_ error: any Error) -> Errno { (error as? Errno) ?? .ioError }
}
