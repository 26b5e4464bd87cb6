import Hummingbird
import Synchronization

/// Rendered Software Heritage snapshot pages, by request. A stored snapshot never changes (its
/// file is named by the hash of its branches and written once), so a page, once rendered, is
/// right forever. Rendering a page of 1,000 branches costs about 2.8 ms (docs/PERFORMANCE.md);
/// on 2 cores that alone would keep 50 concurrent clients near 70 ms a request, while a cached
/// page is a dictionary lookup. Bounded in bytes: when full, it starts over.
final class PageCache: Sendable {
  struct Key: Hashable, Sendable {
    var id: String
    var from: String
    var count: Int
    var types: String?
    var yaml: Bool
  }

  struct Page: Sendable {
    var body: [UInt8]
    var link: String?
  }

  private struct State {
    var pages: [Key: Page] = [:]
    var bytes = 0
  }

  private let state = Mutex(State())
  let capacity: Int

  init(capacity: Int = 64 << 20) {
    self.capacity = capacity
  }

  func page(_ key: Key) -> Page? {
    state.withLock { $0.pages[key] }
  }

  func store(_ page: Page, for key: Key) {
    let size = page.body.count + key.from.utf8.count + 128
    guard size <= capacity / 4 else { return }
    state.withLock { state in
      if state.bytes + size > capacity {
        state.pages.removeAll(keepingCapacity: true)
        state.bytes = 0
      }
      if state.pages.updateValue(page, forKey: key) == nil { state.bytes += size }
    }
  }
}
