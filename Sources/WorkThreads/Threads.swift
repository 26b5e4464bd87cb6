#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Plain threads for the few long-lived or blocking jobs that are not `ParallelWork`'s
/// (a directory watcher, the durable writers' fsync pool). Foundation's `Thread` would do
/// the same, but it lives in the full Foundation, which `snaprev` no longer links: it cost
/// every command about 1.7 ms of start-up in a probe (docs/PERFORMANCE.md, "Start-up").
public enum Threads {
  /// Starts `body` on a new detached thread. Returns false when the system refused a thread
  /// (the caller decides what to do without one).
  @discardableResult
  public static func detach(_ body: @escaping @Sendable () -> Void) -> Bool {
    guard let thread = start(body) else { return false }
    pthread_detach(thread)
    return true
  }

  /// Starts `body` on a new joinable thread (join it with `pthread_join`); nil when the system
  /// refused a thread.
  static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
    let box = Unmanaged.passRetained(Body(body)).toOpaque()
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t?
    #endif
    let status = pthread_create(
      &thread, nil,
      { context in
        guard let context else { return nil }
        Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
        return nil
      }, box)
    guard status == 0 else {
      Unmanaged<Body>.fromOpaque(box).release()
      return nil
    }
    return thread
  }

  /// Blocks the calling thread for `seconds` (negative or NaN: not at all), resuming after
  /// a signal.
  public static func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    let whole = seconds.rounded(.down)
    var request = timespec(tv_sec: Int(min(whole, Double(Int32.max))), tv_nsec: Int((seconds - whole) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
  }

  private final class Body: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }
}
