import Synchronization
import WorkThreads

/// Runs blocking file work (writes that end in fsync) on several threads. fsync waits for
/// the disk, not the CPU, and a journaling file system commits concurrent fsyncs together:
/// on ext4, 16 threads store 2,000 small blobs about 13 times faster than one
/// (docs/PERFORMANCE.md). `ParallelWork`'s default width, one thread a core, would cap it there.
public enum ParallelIO {
  public static let width = 16

  /// Calls `body` for every index in `0..<count`; the first error (in index order) is thrown
  /// after all work has stopped.
  public static func forEach<Failure: Error>(
    _ count: Int, width: Int = ParallelIO.width, _ body: @Sendable (Int) throws(Failure) -> Void
  ) throws(Failure) {
    guard count > 0 else { return }
    if count == 1 { return try body(0) }
    let failures = Mutex<[Int: Failure]>([:])
    // After a failure no new index starts; the ones already running finish.
    ParallelWork.forEach(iterations: count, maxThreads: width) { index in
      guard failures.withLock({ $0.isEmpty }) else { return }
      do throws(Failure) {
        try body(index)
      } catch {
        failures.withLock { $0[index] = error }
      }
    }
    if let first = failures.withLock({ $0.min { $0.key < $1.key } }) { throw first.value }
  }
}
