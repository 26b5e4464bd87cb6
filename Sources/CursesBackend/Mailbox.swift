import Synchronization

/// A thread-safe inbox: background work (image decoding) posts actions here and wakes
/// the loop through the device's wake-up (the terminal's wake pipe).
public final class Mailbox<Item: Sendable>: Sendable {
  private let items = Mutex<[Item]>([])
  private let wake: @Sendable () -> Void

  public init(wake: @escaping @Sendable () -> Void) {
    self.wake = wake
  }

  public func post(_ item: Item) {
    items.withLock { $0.append(item) }
    wake()
  }

  public func drain() -> [Item] {
    items.withLock { items in
      defer { items = [] }
      return items
    }
  }
}
