import DiffCore
import Foundation
import ImageCompare
import PNGCodec
import SnapshotModel
import Synchronization

@testable import SnapshotStore

/// Writes PNGs (from `PNGFixtures`) and sidecars for upload tests.
enum TestImages {
  static func write(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
  private let current = Mutex<Date>(Date(timeIntervalSince1970: 1_750_000_000))

  var now: Date { current.withLock { $0 } }

  func advance(_ seconds: TimeInterval) {
    current.withLock { $0 += seconds }
  }

  var function: @Sendable () -> Date { { [self] in self.now } }
}

extension SnapshotStore {
  static func testStore(_ root: String, clock: TestClock = TestClock(), differ: PixelDiffer<StoreError>? = nil) -> SnapshotStore {
    SnapshotStore(root: root, now: clock.function, differ: differ)
  }
}

let alice = Reviewer(name: "Alice", username: "alice", source: .flag)
let bob = Reviewer(name: "Bob", username: "bob", source: .environment)
