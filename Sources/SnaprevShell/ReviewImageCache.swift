import DiffCore
import Dispatch
import FoundationEssentials
import PNGCodec
import ReviewUI
import Synchronization
import WorkThreads

/// Decoded images and mask summaries by store key, least recently used first out, within
/// a byte budget: memory stays bounded however many images a review visits.
public final class ReviewImageCache: Sendable {
  public enum Item: Sendable {
    case image(RGBAImage)
    case mask(MaskSummary)

    public var bytes: Int {
      switch self {
      case .image(let image): return image.pixels.count
      case .mask(let mask): return (mask.width + 1) * (mask.height + 1) * 4
      }
    }
  }

  private struct Contents {
    var items: [String: (item: Item, stamp: UInt64)] = [:]
    var clock: UInt64 = 0
    var usedBytes = 0
  }

  public let budget: Int
  private let contents = Mutex(Contents())

  public var usedBytes: Int { contents.withLock { $0.usedBytes } }

  public init(budgetBytes: Int) {
    budget = max(0, budgetBytes)
  }

  public func get(_ key: String) -> Item? {
    contents.withLock { contents in
      guard var entry = contents.items[key] else { return nil }
      contents.clock += 1
      entry.stamp = contents.clock
      contents.items[key] = entry
      return entry.item
    }
  }

  /// Stores `item`, evicting the least recently used until it fits. An item larger than
  /// the whole budget is not kept (the preview holding it still shows it).
  public func put(_ key: String, _ item: Item) {
    guard item.bytes <= budget else { return }
    contents.withLock { c in
      if let old = c.items.removeValue(forKey: key) { c.usedBytes -= old.item.bytes }
      while c.usedBytes + item.bytes > budget, let oldest = c.items.min(by: { $0.value.stamp < $1.value.stamp }) {
        c.usedBytes -= oldest.value.item.bytes
        c.items.removeValue(forKey: oldest.key)
      }
      c.clock += 1
      c.items[key] = (item, c.clock)
      c.usedBytes += item.bytes
    }
  }

  public var count: Int { contents.withLock { $0.items.count } }
}

/// Loads previews: from the cache at once, else decoded in the background (the two
/// images and the mask in parallel), skipping requests that went stale while queued.
public final class ReviewPreviewLoader: Sendable {
  public let cache: ReviewImageCache
  private let read: @Sendable (String) throws -> [UInt8]
  private let queue = DispatchQueue(label: "snaprev.preview")
  /// The request shown last: older queued decodes that it made stale are skipped.
  private let latest = Mutex<PreviewRequest?>(nil)

  public init(cache: ReviewImageCache, read: @escaping @Sendable (String) throws -> [UInt8]) {
    self.cache = cache
    self.read = read
  }

  /// The preview if everything is cached; otherwise nil and `deliver` is called later.
  public func load(_ request: PreviewRequest, deliver: @escaping @Sendable (ReviewAction) -> Void) -> ReviewAction? {
    latest.withLock { $0 = request }
    if let ready = cached(request) { return .previewLoaded(ready) }
    queue.async { [self] in
      let stale = latest.withLock { $0 != request }
      // A newer selection is waiting: its job follows this one, so skip the decode.
      if stale { return }
      deliver(decode(request))
    }
    return nil
  }

  /// Decodes `request` into the cache in the background, unless a shown preview is
  /// waiting by then (it goes first) or it is cached already.
  public func prefetch(_ request: PreviewRequest) {
    queue.async { [self] in
      let shown = latest.withLock { $0 }
      let busy = shown.map { cached($0) == nil } ?? false
      if busy || cached(request) != nil { return }
      _ = decode(request)
    }
  }

  /// Decodes synchronously (benchmarks and tests).
  public func loadNow(_ request: PreviewRequest) -> ReviewAction {
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

  private func decode(_ request: PreviewRequest) -> ReviewAction {
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
    var images = PreviewImages(request: request, head: nil, base: nil, mask: nil)
    for (index, job) in jobs.enumerated() {
      switch results.get(index) {
      case .success(.image(let image))?:
        if job.role == .head { images.head = image } else { images.base = image }
      case .success(.mask(let summary))?: images.mask = summary
      case .failure(let reason)? where request.category == .errored && job.role != .mask:
        // An errored pair shows whichever side decodes, and why the other does not.
        if job.role == .head { images.headFailure = reason } else { images.baseFailure = reason }
      case .failure(let reason)?: return .previewFailed(request, reason)
      case nil: return .previewFailed(request, "image \(job.key) was not loaded")
      }
    }
    return .previewLoaded(images)
  }

  /// Masks are stored as gray PNGs (255 = changed); any nonzero channel counts.
  public static func maskSummary(_ image: RGBAImage) -> MaskSummary {
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
private final class ResultSlots: Sendable {
  enum Outcome: Sendable {
    case success(ReviewImageCache.Item)
    case failure(String)
  }

  private let slots: Mutex<[Outcome?]>

  init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

  func set(_ index: Int, _ outcome: Outcome) {
    slots.withLock { $0[index] = outcome }
  }

  func get(_ index: Int) -> Outcome? {
    slots.withLock { $0[index] }
  }
}
