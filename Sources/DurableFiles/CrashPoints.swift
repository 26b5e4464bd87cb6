import Synchronization

/// Test hook for the crash-safety tests: with `SNAPREV_TEST_KILL_AFTER_WRITES=N` the process
/// kills itself with SIGKILL after the N-th durable step (a file written, fsynced, renamed,
/// or a directory fsynced). Unset, it does nothing.
public enum CrashPoints {
  private static let limit: Int? = Syscall.environment("SNAPREV_TEST_KILL_AFTER_WRITES").flatMap { Int($0) }
  private static let steps = Atomic<Int>(0)

  public static func step() {
    guard let limit else { return }
    let done = steps.add(1, ordering: .relaxed).newValue
    if done >= limit { Syscall.killSelf() }
  }
}
