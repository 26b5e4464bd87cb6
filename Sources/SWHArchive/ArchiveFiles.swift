import DurableFiles
import FoundationEssentials

/// The archive's file access: DurableFiles (memory-mapped reads, atomic writes, durable
/// `mkdir -p`, the writers' lock) with its `FileError` turned into `ArchiveStoreError.io`.
enum ArchiveFiles {
  /// Maps a file read-only; the mapping lives as long as the returned `Data`.
  /// `nil` when the file does not exist.
  static func map(_ path: String) throws(ArchiveStoreError) -> Data? {
    guard let file = try mapped({ () throws(FileError) in try Files.map(path) }) else { return nil }
    guard let base = file.bytes.baseAddress else { return Data() }
    // The deallocator holds the mapping; releasing the Data releases it.
    return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: file.count, deallocator: .custom { _, _ in
      withExtendedLifetime(file) {}
    })
  }

  static func read(_ path: String) throws(ArchiveStoreError) -> [UInt8]? {
    try mapped { () throws(FileError) in try Files.readIfPresent(path) }
  }

  /// `mkdir -p`; every directory it creates is fsynced into its parent.
  static func makeDirectories(_ path: String) throws(ArchiveStoreError) {
    try mapped { () throws(FileError) in try Files.makeDirectories(path) }
  }

  /// Names in a directory, sorted; empty when it does not exist.
  static func listDirectory(_ path: String) throws(ArchiveStoreError) -> [String] {
    try mapped { () throws(FileError) in try Files.listBytes(path) }.map { String(decoding: $0, as: UTF8.self) }.sorted()
  }

  static func lock(_ path: String) throws(ArchiveStoreError) -> FileLock {
    try mapped { () throws(FileError) in try FileLock(path: path) }
  }

  static func mapped<T>(_ body: () throws(FileError) -> T) throws(ArchiveStoreError) -> T {
    do {
      return try body()
    } catch {
      throw ArchiveStoreError(error)
    }
  }
}

extension ArchiveStoreError {
  /// A DurableFiles failure, with the same path, operation and `strerror` text.
  init(_ error: FileError) {
    self = .io(path: error.path, operation: error.operation, reason: error.reason)
  }
}
