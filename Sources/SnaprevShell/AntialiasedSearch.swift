import DiffCore
import Dispatch
import FoundationEssentials
import ReviewUI
import Synchronization

/// The reviewer's `findAntialiased` effect, for both shells: one more pixelmatch pass over the
/// pair (with the options the store compared with), off the loop's thread, its result posted
/// back as `antialiasedFound`.
enum AntialiasedSearch {
  private static let queue = DispatchQueue(label: "snaprev.antialiased", qos: .userInitiated)
  /// The newest search asked for. Only the pair on screen is asked for, so an older search
  /// still waiting in the queue (j held down with `i` on: up to 52 ms each) is skipped,
  /// not run for a result the reducer would drop.
  private static let newest = Mutex<UInt64>(0)

  static func start(
    _ request: PreviewRequest, base: RGBAImage, head: RGBAImage, post: @escaping @Sendable (ReviewAction) -> Void
  ) {
    let ticket = newest.withLock { last in
      last &+= 1
      return last
    }
    queue.async {
      guard newest.withLock({ $0 }) == ticket else { return }
      let mask = SnapshotComparer.antialiasedPixels(base: base, head: head)
      post(.antialiasedFound(request, MaskSummary(mask: mask)))
    }
  }
}
