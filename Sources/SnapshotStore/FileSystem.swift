import DurableFiles

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The store's file access: DurableFiles (atomic writes, durable `mkdir -p`, crash points)
/// with its `FileError` turned into `StoreError.io`, so every store message keeps its form.
enum FileSystem {
  static func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
  }

  static func ioError(_ path: String, _ operation: String, _ code: Int32 = errno) -> StoreError {
    .io(path: path, operation: operation, reason: errnoText(code))
  }

  static func exists(_ path: String) -> Bool { Files.exists(path) }

  static func isDirectory(_ path: String) -> Bool { Files.isDirectory(path) }

  /// The whole file. `nil` when it does not exist.
  static func readIfPresent(_ path: String) throws(StoreError) -> [UInt8]? {
    try mapped { () throws(FileError) in try Files.readIfPresent(path) }
  }

  static func read(_ path: String) throws(StoreError) -> [UInt8] {
    try mapped { () throws(FileError) in try Files.read(path) }
  }

  /// `mkdir -p`; directories it creates are fsynced into their parents.
  static func makeDirectories(_ path: String) throws(StoreError) {
    try mapped { () throws(FileError) in try Files.makeDirectories(path) }
  }

  static func syncDirectory(_ path: String) throws(StoreError) {
    try mapped { () throws(FileError) in try Files.syncDirectory(path) }
  }

  /// Writes `bytes` to `path` atomically. With `syncDirectory: false` the caller fsyncs the
  /// directory itself (batching many blobs into one directory sync).
  static func writeAtomically(_ bytes: [UInt8], to path: String, syncDirectory: Bool = true) throws(StoreError) {
    try mapped { () throws(FileError) in try Files.writeAtomically(bytes, to: path, syncDirectory: syncDirectory) }
  }

  /// Entry names in a directory (no "." or ".."); empty when it does not exist.
  static func list(_ path: String) throws(StoreError) -> [String] {
    try mapped { () throws(FileError) in try Files.list(path) }
  }

  /// Like `list` for a path given as exact bytes (it may not be UTF-8).
  static func listBytes(raw path: [UInt8], shown: String) throws(StoreError) -> [[UInt8]] {
    try mapped { () throws(FileError) in try Files.listBytes(raw: path, shown: shown) }
  }

  /// Calls `body` with `path` as a NUL-terminated C string, byte for byte.
  static func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    Files.withCPath(path, body)
  }

  /// The whole file at a path given as exact bytes.
  static func read(raw path: [UInt8], shown: String) throws(StoreError) -> [UInt8] {
    try mapped { () throws(FileError) in try Files.read(raw: path, shown: shown) }
  }

  /// Removes a file or a directory tree (for clearing the store's own temp area).
  static func removeTree(_ path: String) { Files.removeTree(path) }

  static func renameDirectory(_ from: String, to: String) throws(StoreError) {
    try mapped { () throws(FileError) in try Files.rename(from, to: to) }
  }

  private static func mapped<T>(_ body: () throws(FileError) -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch {
      throw StoreError(error)
    }
  }
}

extension StoreError {
  /// A DurableFiles failure, with the same path, operation and `strerror` text.
  init(_ error: FileError) {
    self = .io(path: error.path, operation: error.operation, reason: error.reason)
  }
}
