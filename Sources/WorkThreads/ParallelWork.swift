#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// Runs `iterations` independent jobs on the calling thread plus freshly started threads.
///
/// Why not `DispatchQueue.concurrentPerform`: in a fresh process libdispatch has no worker
/// thread yet, so the caller usually runs every iteration itself and a one-shot
/// `snaprev diff` decodes its two images one after the other. Starting threads costs
/// ~50 µs and guarantees the work is spread.
public enum ParallelWork {
  /// Online processors (at least 1).
  public static var processorCount: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Calls `body(i)` once for every `i` in `0..<iterations`, on up to `maxThreads` threads
  /// (default: one per processor; pass a width for I/O-bound work). Returns when all calls
  /// have returned, so `body` may borrow the caller's locals (a `Mutex`, an `Atomic`).
  public static func forEach(
    iterations: Int, maxThreads: Int = processorCount, _ body: @Sendable (Int) -> Void
  ) {
    guard iterations > 0 else { return }
    // Every thread is joined before `run` returns and the job, the closure's only holder,
    // dies with it: the closure does not outlive this call.
    withoutActuallyEscaping(body) { body in run(iterations: iterations, maxThreads: maxThreads, body) }
  }

  private static func run(iterations: Int, maxThreads: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let threads = max(1, min(iterations, maxThreads))
    guard threads > 1 else {
      for i in 0..<iterations { body(i) }
      return
    }
    let job = Job(iterations: iterations, body: body)
    // A thread the system refuses leaves its share to the others and the caller.
    let started = (1..<threads).compactMap { _ in Threads.start { job.drain() } }
    job.drain()
    for thread in started { pthread_join(thread, nil) }
  }

  /// Shared by the threads of one `forEach`: each takes the next unclaimed iteration.
  private final class Job: Sendable {
    let iterations: Int
    let body: @Sendable (Int) -> Void
    let next = Atomic<Int>(0)

    init(iterations: Int, body: @escaping @Sendable (Int) -> Void) {
      self.iterations = iterations
      self.body = body
    }

    func drain() {
      while true {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard i < iterations else { return }
        body(i)
      }
    }
  }
}
