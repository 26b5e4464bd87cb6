import DiffCore
import Foundation
import PNGCodec
import ReviewUI
import Testing

@testable import SnaprevCLI
@testable import SnaprevShell

/// The reviewer's image cache and preview loader (bounded memory, background decode).
struct ReviewImageCacheTests {
  static func image(_ side: Int) -> RGBAImage {
    RGBAImage(width: side, height: side, pixels: [UInt8](repeating: 200, count: side * side * 4))
  }

  @Test func leastRecentlyUsedGoesFirstAndTheBudgetHolds() {
    let cache = ReviewImageCache(budgetBytes: 3 * 100 * 100 * 4)
    for key in ["a", "b", "c"] { cache.put(key, .image(Self.image(100))) }
    #expect(cache.count == 3)
    _ = cache.get("a")  // a is now the most recent
    cache.put("d", .image(Self.image(100)))
    #expect(cache.get("b") == nil)
    #expect(cache.get("a") != nil && cache.get("c") != nil && cache.get("d") != nil)
    #expect(cache.usedBytes <= cache.budget)
    cache.put("huge", .image(Self.image(400)))  // bigger than the whole budget: not kept
    #expect(cache.get("huge") == nil && cache.count == 3)
  }

  @Test func loaderDecodesInTheBackgroundThenAnswersFromTheCache() throws {
    let base = Self.image(20)
    var head = base
    head.pixels[0] = 0
    var mask = GrayImage(zeroWidth: 20, height: 20)
    mask.pixels[0] = 255
    let files: [String: [UInt8]] = [
      "h": try PNGCodec.encode(head), "b": try PNGCodec.encode(base), "m": try PNGCodec.encode(mask),
    ]
    let reads = Counter()
    let loader = ReviewPreviewLoader(cache: ReviewImageCache(budgetBytes: 1 << 20)) { key in
      reads.increment()
      guard let bytes = files[key] else { throw TerminalSession.Failure("missing \(key)") }
      return bytes
    }
    let request = PreviewRequest(
      artifactID: "1", fileName: "x.png", category: .changed, headKey: "h", baseKey: "b", maskKey: "m")
    let delivered = Delivery()
    #expect(loader.load(request) { delivered.set($0) } == nil)  // not cached: comes later
    let action = try #require(delivered.wait())
    guard case .previewLoaded(let images) = action else {
      Issue.record("expected a loaded preview, got \(action)")
      return
    }
    #expect(images.head == head && images.base == base && images.mask?.total == 1)
    #expect(reads.value == 3)
    guard case .previewLoaded? = loader.load(request, deliver: { _ in }) else {
      Issue.record("the second load should come from the cache at once")
      return
    }
    #expect(reads.value == 3)
  }

  @Test func aBrokenImageIsAFailedPreviewNamingIt() {
    let loader = ReviewPreviewLoader(cache: ReviewImageCache(budgetBytes: 1 << 20)) { _ in [1, 2, 3] }
    let request = PreviewRequest(
      artifactID: "1", fileName: "x.png", category: .added, headKey: "k", baseKey: nil, maskKey: nil)
    guard case .previewFailed(let failed, let reason) = loader.loadNow(request) else {
      Issue.record("expected a failure")
      return
    }
    #expect(failed == request)
    #expect(reason.contains("image k"))
  }
}

private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() {
    lock.lock()
    count += 1
    lock.unlock()
  }
  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }
}

private final class Delivery: @unchecked Sendable {
  private let semaphore = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var action: ReviewAction?
  func set(_ value: ReviewAction) {
    lock.lock()
    action = value
    lock.unlock()
    semaphore.signal()
  }
  func wait() -> ReviewAction? {
    guard semaphore.wait(timeout: .now() + 10) == .success else { return nil }
    lock.lock()
    defer { lock.unlock() }
    return action
  }
}
