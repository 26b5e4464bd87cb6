import DurableFiles

/// The writers' exclusive lock on the store's `lock` file (DurableFiles' `FileLock`, whose
/// `flock` the kernel drops when a writer dies). Readers take no lock: every file they read
/// is replaced atomically.
final class StoreLock {
  private let lock: FileLock

  /// Blocks until the lock is free.
  init(path: String) throws(StoreError) {
    do {
      lock = try FileLock(path: path)
    } catch {
      throw StoreError(error)
    }
  }
}
