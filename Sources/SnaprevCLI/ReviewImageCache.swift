import DiffCore
import Foundation
import PNGCodec
import ReviewUI

/// Decoded images and mask summaries by store key, least recently used first out, within
/// a byte budget: memory stays bounded however many images a review visits.
final class ReviewImageCache: @unchecked Sendable {
  enum Item {
    case image(RGBAImage)
    case mask(MaskSummary)

    var bytes: Int {
      switch self {
      case .image(let image): return image.pixels.count
      case .mask(let mask): return (mask.width + 1) * (mask.height + 1) * 4
      }
    }
  }

  let budget: Int
  private let lock = NSLock()
  private var items: [String: (item: Item, stamp: UInt64)] = [:]
  private var clock: UInt64 = 0
  private(set) var usedBytes = 0

  init(budgetBytes: Int) {
    budget = max(0, budgetBytes)
  }

  func get(_ key: String) -> Item? {
    lock.lock()
    defer { lock.unlock() }
    guard var entry = items[key] else { return nil }
    clock += 1
    entry.stamp = clock
    items[key] = entry
    return entry.item
  }

  /// Stores `item`, evicting the least recently used until it fits. An item larger than
  /// the whole budget is not kept (the preview holding it still shows it).
  func put(_ key: String, _ item: Item) {
    lock.lock()
    defer { lock.unlock() }
    guard item.bytes <= budget else { return }
    if let old = items.removeValue(forKey: key) { usedBytes -= old.item.bytes }
    while usedBytes + item.bytes > budget, let oldest = items.min(by: { $0.value.stamp < $1.value.stamp }) {
      usedBytes -= oldest.value.item.bytes
      items.removeValue(forKey: oldest.key)
    }
    clock += 1
    items[key] = (item, clock)
    usedBytes += item.bytes
  }

  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return items.count
  }
}

/// Loads previews: from the cache at once, else decoded in the background (the two
/// images and the mask in parallel), skipping requests that went stale while queued.
final class ReviewPreviewLoader: @unchecked Sendable {
  let cache: ReviewImageCache
  private let read: @Sendable (String) throws -> [UInt8]
  private let queue = DispatchQueue(label: "snaprev.preview")
  private let lock = NSLock()
  private var latest: PreviewRequest?

  init(cache: ReviewImageCache, read: @escaping @Sendable (String) throws -> [UInt8]) {
    self.cache = cache
    self.read = read
  }

  /// The preview if everything is cached; otherwise nil and `deliver` is called later.
  func load(_ request: PreviewRequest, deliver: @escaping @Sendable (Action) -> Void) -> Action? {
    lock.lock()
    latest = request
    lock.unlock()
    if let ready = cached(request) { return .previewLoaded(ready) }
    queue.async { [self] in
      lock.lock()
      let stale = latest != request
      lock.unlock()
      // A newer selection is waiting: its job follows this one, so skip the decode.
      if stale { return }
      deliver(decode(request))
    }
    return nil
  }

  /// Decodes `request` into the cache in the background, unless a shown preview is
  /// waiting by then (it goes first) or it is cached already.
  func prefetch(_ request: PreviewRequest) {
    queue.async { [self] in
      lock.lock()
      let busy = latest.map { cached($0) == nil } ?? false
      lock.unlock()
      if busy || cached(request) != nil { return }
      _ = decode(request)
    }
  }

  /// Decodes synchronously (benchmarks and tests).
  func loadNow(_ request: PreviewRequest) -> Action {
    if let ready = cached(request) { return .previewLoaded(ready) }
    return decode(request)
  }

  private func cached(_ request: PreviewRequest) -> PreviewImages? {
    var head: RGBAImage?
    var base: RGBAImage?
    var mask: MaskSummary?
    if let key = request.headKey {
      guard case .image(let image)? = cache.get(key) else { return nil }
      head = image
    }
    if let key = request.baseKey {
      guard case .image(let image)? = cache.get(key) else { return nil }
      base = image
    }
    if let key = request.maskKey {
      guard case .mask(let summary)? = cache.get("mask:" + key) else { return nil }
      mask = summary
    }
    return PreviewImages(request: request, head: head, base: base, mask: mask)
  }

  private func decode(_ request: PreviewRequest) -> Action {
    enum Role { case head, base, mask }
    let jobs: [(key: String, role: Role)] =
      [request.headKey.map { ($0, .head) }, request.baseKey.map { ($0, .base) }, request.maskKey.map { ($0, .mask) }]
      .compactMap { $0 }
    let results = ResultSlots(count: jobs.count)
    ParallelWork.forEach(iterations: jobs.count, maxThreads: jobs.count) { index in
      let job = jobs[index]
      let isMask = job.role == .mask
      let cacheKey = isMask ? "mask:" + job.key : job.key
      if let hit = cache.get(cacheKey) {
        results.set(index, .success(hit))
        return
      }
      do {
        let bytes = try read(job.key)
        let image = try PNGCodec.decode(bytes, source: isMask ? "diff mask \(job.key)" : "image \(job.key)")
        let item: ReviewImageCache.Item = isMask ? .mask(Self.maskSummary(image)) : .image(image)
        cache.put(cacheKey, item)
        results.set(index, .success(item))
      } catch {
        results.set(index, .failure("\(error)"))
      }
    }
    var head: RGBAImage?
    var base: RGBAImage?
    var mask: MaskSummary?
    for (index, job) in jobs.enumerated() {
      switch results.get(index) {
      case .success(.image(let image))?:
        if job.role == .head { head = image } else { base = image }
      case .success(.mask(let summary))?: mask = summary
      case .failure(let reason)?: return .previewFailed(request, reason)
      case nil: return .previewFailed(request, "image \(job.key) was not loaded")
      }
    }
    return .previewLoaded(PreviewImages(request: request, head: head, base: base, mask: mask))
  }

  /// Masks are stored as gray PNGs (255 = changed); any nonzero channel counts.
  static func maskSummary(_ image: RGBAImage) -> MaskSummary {
    let count = image.width * image.height
    let gray = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
      image.pixels.withUnsafeBufferPointer { px in
        for i in 0..<count { out[i] = px[i * 4] != 0 ? 255 : 0 }
      }
      initialized = count
    }
    return MaskSummary(mask: GrayImage(width: image.width, height: image.height, pixels: gray))
  }
}

/// Per-job results written from `concurrentPerform` threads.
private final class ResultSlots: @unchecked Sendable {
  enum Outcome {
    case success(ReviewImageCache.Item)
    case failure(String)
  }

  private let lock = NSLock()
  private var slots: [Outcome?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ outcome: Outcome) {
    lock.lock()
    slots[index] = outcome
    lock.unlock()
  }

  func get(_ index: Int) -> Outcome? {
    lock.lock()
    defer { lock.unlock() }
    return slots[index]
  }
}
