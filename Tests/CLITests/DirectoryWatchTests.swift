import Foundation
import SnaprevShell
import Synchronization
import Testing
import TestSupport

/// The store watch on its own: a rename into a watched directory is reported, by inotify
/// and by the polling fallback, and a staging file alone is not (inotify).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct DirectoryWatchTests {
  final class Counter: Sendable {
    let value = Mutex(0)
    func bump() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }

    /// Waits until the count passes `than`, at most `seconds`.
    func wait(above than: Int, seconds: Double) -> Bool {
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        if count > than { return true }
        Thread.sleep(forTimeInterval: 0.02)
      }
      return count > than
    }
  }

  @Test(arguments: [false, true])
  func aRenameIntoAWatchedDirectoryIsReported(polling: Bool) throws {
    let directory = try TemporaryDirectory.create("watch")
    let counter = Counter()
    let watch = DirectoryWatch(
      directories: { [directory] }, pollInterval: .milliseconds(200), forcePolling: polling) { counter.bump() }
    #expect(watch.start() == (polling ? .polling : .inotify))
    defer { watch.stop() }

    if !polling {
      // A staging file (the store's `.NAME.tmp-…`) is not a change yet.
      try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/.a.json.tmp-1-2"))
      Thread.sleep(forTimeInterval: 0.3)
      #expect(counter.count == 0)
    } else {
      try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/.a.json.tmp-1-2"))
      Thread.sleep(forTimeInterval: 0.5)
    }
    let before = counter.count
    #expect(rename(directory + "/.a.json.tmp-1-2", directory + "/a.json") == 0)
    #expect(counter.wait(above: before, seconds: 2), "no change reported within 2 s")
  }

  @Test func aDirectoryCreatedLaterIsWatchedToo() throws {
    let root = try TemporaryDirectory.create("watch")
    let directories = Mutex([root])
    let counter = Counter()
    let watch = DirectoryWatch(directories: { directories.withLock { $0 } }) { counter.bump() }
    #expect(watch.start() == .inotify)
    defer { watch.stop() }
    try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: false)
    directories.withLock { $0.append(root + "/sub") }
    #expect(counter.wait(above: 0, seconds: 2))
    // The new directory's watch is added with the first change's rescan.
    Thread.sleep(forTimeInterval: 0.1)
    let before = counter.count
    try Data("y".utf8).write(to: URL(fileURLWithPath: root + "/sub/b.json"))
    #expect(counter.wait(above: before, seconds: 2))
  }
}
