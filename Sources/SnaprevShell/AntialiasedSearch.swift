import DiffCore
import Foundation
import ReviewUI

/// The reviewer's `findAntialiased` effect, for both shells: one more pixelmatch pass over the
/// pair (with the options the store compared with), off the loop's thread, its result posted
/// back as `antialiasedFound`.
enum AntialiasedSearch {
  private static let queue = DispatchQueue(label: "snaprev.antialiased", qos: .userInitiated)

  static func start(
    _ request: PreviewRequest, base: RGBAImage, head: RGBAImage, post: @escaping @Sendable (ReviewAction) -> Void
  ) {
    queue.async {
      let mask = SnapshotComparer.antialiasedPixels(base: base, head: head)
      post(.antialiasedFound(request, MaskSummary(mask: mask)))
    }
  }
}
