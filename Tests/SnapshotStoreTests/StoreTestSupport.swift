import DiffCore
import Foundation
import PNGCodec
import Synchronization

@testable import SnapshotStore

/// A fresh directory under the system temp dir, removed when the test is done.
final class TemporaryDirectory {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "snaprev-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    path = base.path
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  func sub(_ name: String) -> String { path + "/" + name }
}

/// Writes small PNGs (and sidecars) for upload tests.
enum TestImages {
  /// A width×height image filled with `color`, with one pixel of `mark` at (x, 0) when given.
  static func png(width: Int = 8, height: Int = 8, color: UInt8 = 200, mark: Int? = nil) throws -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: width * height * 4)
    for index in 0..<(width * height) {
      pixels[index * 4] = color
      pixels[index * 4 + 1] = color
      pixels[index * 4 + 2] = color
      pixels[index * 4 + 3] = 255
    }
    if let mark {
      pixels[mark * 4] = 0
      pixels[mark * 4 + 1] = 0
      pixels[mark * 4 + 2] = 255
    }
    return try PNGCodec.encode(RGBAImage(width: width, height: height, pixels: pixels))
  }

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
  static func testStore(_ root: String, clock: TestClock = TestClock(), differ: PixelDiffer? = nil) -> SnapshotStore {
    SnapshotStore(root: root, now: clock.function, differ: differ)
  }
}

let alice = Reviewer(name: "Alice", username: "alice", source: .flag)
let bob = Reviewer(name: "Bob", username: "bob", source: .environment)
