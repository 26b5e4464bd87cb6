import SnaprevShell
import SnaprevApp
import ArgumentParser
import DiffCore
import FoundationEssentials
import PNGCodec
import ReviewUI
import SnapshotModel
import SnapshotStore
import TerminalCanvas
import TextFormat
import WorkThreads

/// `snaprev review-bench`: the reviewer's speed figures (docs/PERFORMANCE.md).
public struct ReviewBenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "review-bench",
    abstract: "Measure the reviewer: open time, keystroke time, first preview, memory.",
    discussion: """
      Builds (once, in --work) a store whose head build has --images images against a \
      base of the same size (1,000 changed, 200 added, 200 removed, the rest unchanged, \
      every image with a sidecar), and a store with one changed 1170x2532 pair from \
      --screens. Then prints medians of --runs runs after a warm-up:
        open: load the artifact from the store, build the state, draw the first frame (200x50)
        key: update + redraw per keystroke at 200x50 (a script of 60 keys on the big build)
        preview: decode a 1170x2532 pair and its mask with a cold cache, and draw it
        memory: peak resident set while visiting many distinct 1170x2532 images
      Run it on a release build: swift build -c release.
      """,
    shouldDisplay: false)

  @Option(name: .long, help: "Images in the big build.")
  public var images = 50_000

  @Option(name: .long, help: "Timed runs per measurement (after one warm-up).")
  public var runs = 5

  @Option(name: .long, help: "Directory with base.png and small_change.png (1170x2532).")
  public var screens = "Tests/Fixtures/bench-screens"

  @Option(name: .long, help: "Where the bench stores are built (kept for the next run).")
  public var work = ".build/review-bench"

  public func run() throws {
    #if DEBUG
      print("warning: debug build; build with -c release for meaningful figures")
    #endif
    let store = try bigStore()
    let shell = ReviewShell(store: store.store, reviewer: Reviewer(name: "bench", username: "bench", source: .flag), cacheBytes: 256 << 20)

    // 1. Open to the first frame.
    var opened = ReviewState(artifactID: store.headID, reviewer: "bench", width: 200, height: 50)
    let open = try BenchMeasure.medianMilliseconds(runs: runs) {
      var state = ReviewState(artifactID: store.headID, reviewer: "bench", width: 200, height: 50)
      _ = reduce(&state, .artifactLoaded(try shell.reviewData(id: store.headID)))
      _ = render(state)
      opened = state
    }
    print(String(printf: "open %ld-image build to first frame (200x50): median %.1f ms", images, open))
    // Where the open time goes (one run each).
    let clock = ContinuousClock()
    var details: ArtifactDetails?
    let tDetails = clock.measure { details = try? store.store.details(of: store.headID) }
    var data: ReviewData?
    let tAdapt = clock.measure { data = details.map { ReviewStoreAdapter.data($0, reviewed: []) } }
    var state = ReviewState(artifactID: store.headID, reviewer: "bench", width: 200, height: 50)
    let tState = clock.measure { if let data { _ = reduce(&state, .artifactLoaded(data)) } }
    let tRender = clock.measure { _ = render(state) }
    print(
      String(
        printf: "  of which: store details %.0f ms, adapting %.0f ms, state and index %.0f ms, first render %.1f ms",
        BenchMeasure.milliseconds(tDetails), BenchMeasure.milliseconds(tAdapt), BenchMeasure.milliseconds(tState),
        BenchMeasure.milliseconds(tRender)))

    // 2. Keystrokes on the big build, previews answered from a warm cache.
    var keyTimes: [Double] = []
    var slowest: [(Double, String)] = []
    for round in 0...runs {
      var state = opened
      var canvas = Canvas(width: 200, height: 50)
      for key in Self.keyScript {
        let elapsed = clock.measure {
          var queue: [ReviewAction] = [.key(key)]
          while !queue.isEmpty {
            for effect in reduce(&state, queue.removeFirst()) {
              if case .loadPreview = effect { queue += shell.perform(effect) { _ in } }
            }
          }
          render(state, into: &canvas)
        }
        if round > 0 {
          keyTimes.append(BenchMeasure.milliseconds(elapsed))
          slowest.append((BenchMeasure.milliseconds(elapsed), key.label))
        }
      }
      // Let background decodes of the warm-up round finish before timing.
      if round == 0 { Threads.sleep(seconds: 0.5) }
    }
    keyTimes.sort()
    print(
      String(
        printf: "keystroke update+render (200x50, %ld keys): median %.2f ms, p95 %.2f ms, max %.2f ms",
        keyTimes.count, BenchMeasure.median(keyTimes), keyTimes[keyTimes.count * 95 / 100], keyTimes.last ?? 0))
    let worst = slowest.sorted { $0.0 > $1.0 }.prefix(6).map { "\($0.1) " + String(printf: "%.1f", $0.0) }
    print("  slowest keys (ms): " + worst.joined(separator: ", "))

    // 3. First preview of a 1170x2532 pair, then keys with it on screen.
    let pair = try pairStore()
    let pairShell = ReviewShell(store: pair.store, reviewer: Reviewer(name: "bench", username: "bench", source: .flag), cacheBytes: 256 << 20)
    var pairState = ReviewState(artifactID: pair.headID, reviewer: "bench", width: 200, height: 50)
    let request = reduce(&pairState, .artifactLoaded(try pairShell.reviewData(id: pair.headID))).compactMap { effect -> PreviewRequest? in
      if case .loadPreview(let request) = effect { return request }
      return nil
    }.first
    guard let request else { throw ValidationError("the pair store has no changed image to preview") }
    var decodeTimes: [Double] = []
    var frameTimes: [Double] = []
    for round in 0...runs {
      let cold = ReviewShell(store: pair.store, reviewer: Reviewer(name: "bench", username: "bench", source: .flag), cacheBytes: 256 << 20)
      var state = pairState
      var loaded: ReviewAction?
      let decode = clock.measure { loaded = cold.loader.loadNow(request) }
      let frame = clock.measure {
        if let loaded { _ = reduce(&state, loaded) }
        _ = render(state)
      }
      if round > 0 {
        decodeTimes.append(BenchMeasure.milliseconds(decode))
        frameTimes.append(BenchMeasure.milliseconds(decode + frame))
      }
      if round == runs { pairState = state }
    }
    print(
      String(
        printf: "first preview of a 1170x2532 pair (cold cache): decode %.1f ms, decode + first frame %.1f ms (medians)",
        BenchMeasure.median(decodeTimes), BenchMeasure.median(frameTimes)))
    let previewKeys = Self.timeKeys(
      from: pairState, [.character("h"), .character("b"), .character("s"), .character(" "), .character(" "), .character("d"), .enter, .tab, .down, .down, .left, .up, .enter],
      rounds: runs)
    print(
      String(
        printf: "keystroke with a 1170x2532 preview on screen (views, blink, zoom, pan): median %.2f ms, max %.2f ms",
        BenchMeasure.median(previewKeys), previewKeys.last ?? 0))

    // Enter on a single image (an added or removed one has no diff mask): the search for
    // the area with the most detail builds the image's edge mask, O(pixels), on that key.
    var enterTimes: [Double] = []
    if case .ready(let images)? = pairState.review?.preview {
      var single = pairState
      single.review?.preview = .ready(PreviewImages(request: images.request, head: images.head, base: nil, mask: nil))
      single.review?.zoom = .fit
      enterTimes = Self.timeKeys(from: single, [.enter], rounds: max(runs, 5))
    }
    print(
      String(
        printf: "Enter on a single 1170x2532 image (most detailed area): median %.2f ms, max %.2f ms",
        BenchMeasure.median(enterTimes), enterTimes.last ?? 0))

    // 4. Memory: visit many distinct 1170x2532 images through a 256 MB cache.
    try memory(screens: screens)
  }

  /// Each round presses `keys` from `start`, timing every key as update + redraw into a
  /// 200×50 canvas; the times in ms, sorted.
  static func timeKeys(from start: ReviewState, _ keys: [Key], rounds: Int) -> [Double] {
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<rounds {
      var state = start
      var canvas = Canvas(width: 200, height: 50)
      for key in keys {
        times.append(BenchMeasure.milliseconds(clock.measure {
          _ = reduce(&state, .key(key))
          render(state, into: &canvas)
        }))
      }
    }
    return times.sorted()
  }

  public static let keyScript: [Key] =
    Array(repeating: Key.character("j"), count: 20) + Array(repeating: .character("k"), count: 5)
    + [.character("G"), .character("g"), .character("7"), .character("G"), .pageUp, .pageUp, .character("g")]
    + [.character("/"), .character("i"), .character("m"), .character("g"), .character("1"), .character("2")]
    + [.backspace, .backspace, .enter, .character("n"), .character("n"), .character("N"), .escape]
    + [.character("2"), .character("3"), .character("1"), .character("s"), .character("h"), .character(" "), .character("d")]
    + [.tab, .tab, .enter, .enter, .character("?"), .escape, .character("x"), .character("u")]
    + Array(repeating: Key.down, count: 5)

  public struct BuiltStore {
    public let store: SnapshotStore
    public let headID: String
  }

  private func bigStore() throws -> BuiltStore {
    let root = "\(work)/big-\(images)"
    let store = SnapshotStore(root: root + "/store")
    if store.exists, let head = try store.summaries().last, head.artifact.imageCount == images {
      return BuiltStore(store: store, headID: head.id)
    }
    try? FileManager.default.removeItem(atPath: root)
    print("building a \(images)-image store in \(root) (once)…")
    let changed = min(1_000, images / 10)
    let churn = min(200, images / 20)
    try writeBuild(root + "/base", count: images, skip: 0..<0, variant: { _ in 0 })
    // Head: the first `churn` base images are gone, `churn` new ones come after the end.
    try writeBuild(
      root + "/head", count: images + churn, skip: 0..<churn, variant: { $0 < churn + changed ? 1 : 0 })
    let base = UploadRequest(
      directory: root + "/base", appId: "com.example.big", vcs: VCSInfo(headSha: "b", headRef: "main"))
    _ = try store.upload(base)
    let head = UploadRequest(
      directory: root + "/head", appId: "com.example.big",
      vcs: VCSInfo(headSha: "h", baseSha: "b", headRef: "feature/big", baseRef: "main", prNumber: 7))
    return BuiltStore(store: store, headID: try store.upload(head).artifactId)
  }

  /// Writes 16x16 PNGs `img<index>.png` with sidecars; `variant` changes a pixel.
  private func writeBuild(
    _ directory: String, count: Int, skip: Range<Int>, variant: (Int) -> UInt8
  ) throws {
    let groups = ["iPhone SE", "iPhone 15", "iPhone 15 Pro Max", "iPad mini", "iPad Pro"]
    for index in 0..<count where !skip.contains(index) {
      let folder = "\(directory)/\(index / 1000)"
      if index % 1000 == 0 || index == skip.upperBound {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      }
      var pixels = [UInt8](repeating: 255, count: 16 * 16 * 4)
      pixels[0] = UInt8(index & 0xFF)
      pixels[1] = UInt8((index >> 8) & 0xFF)
      pixels[2] = UInt8((index >> 16) & 0xFF)
      for i in 0..<(16 * 4) { pixels[64 + i] = variant(index) == 0 ? 40 : 200 }
      let png = try PNGCodec.encode(RGBAImage(width: 16, height: 16, pixels: pixels), compressionLevel: 1)
      let name = "\(folder)/img\(index)"
      try Data(png).write(to: URL(fileURLWithPath: name + ".png"))
      let sidecar = "{\"display_name\": \"Screen \(index)\", \"group\": \"\(groups[index % groups.count])\"}\n"
      try Data(sidecar.utf8).write(to: URL(fileURLWithPath: name + ".json"))
    }
  }

  private func pairStore() throws -> BuiltStore {
    let root = "\(work)/pair"
    let store = SnapshotStore(root: root + "/store")
    if store.exists, let head = try store.summaries().last { return BuiltStore(store: store, headID: head.id) }
    let manager = FileManager.default
    for (build, file) in [("base", "base.png"), ("head", "small_change.png")] {
      try manager.createDirectory(atPath: "\(root)/\(build)", withIntermediateDirectories: true)
      try? manager.removeItem(atPath: "\(root)/\(build)/settings.png")
      try manager.copyItem(atPath: "\(screens)/\(file)", toPath: "\(root)/\(build)/settings.png")
    }
    _ = try store.upload(UploadRequest(directory: root + "/base", appId: "com.example.pair", vcs: VCSInfo(headSha: "b")))
    let head = try store.upload(
      UploadRequest(directory: root + "/head", appId: "com.example.pair", vcs: VCSInfo(headSha: "h", baseSha: "b")))
    return BuiltStore(store: store, headID: head.artifactId)
  }

  private func memory(screens: String) throws {
    let base = try PNGCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(screens)/base.png"))), source: "base.png")
    // 40 distinct screens: the base with one row recoloured per variant.
    let variants = 40
    var encoded: [String: [UInt8]] = [:]
    for variant in 0..<variants {
      var image = base
      let row = 100 + variant * 50
      for x in 0..<image.width { image.pixels[(row * image.width + x) * 4] = UInt8(variant * 6) }
      encoded["k\(variant)"] = try PNGCodec.encode(image, compressionLevel: 1)
    }
    let source = encoded
    let budget = 256 << 20
    let loader = ReviewPreviewLoader(cache: ReviewImageCache(budgetBytes: budget)) { key in
      guard let bytes = source[key] else { throw ValidationError("no image \(key)") }
      return bytes
    }
    let before = BenchMeasure.currentResidentBytes()
    var peaks: [(Int, Int)] = []
    for visit in 1...200 {
      let request = PreviewRequest(
        artifactID: "m", fileName: "s\(visit).png", category: .added, headKey: "k\(visit % variants)", baseKey: nil,
        maskKey: nil)
      _ = loader.loadNow(request)
      if [10, 40, 100, 200].contains(visit) { peaks.append((visit, BenchMeasure.currentResidentBytes())) }
    }
    let mb = { (bytes: Int) in Double(bytes) / 1_048_576 }
    print(
      String(
        printf: "memory: cache budget %.0f MB, cache holds %.0f MB (%ld images); resident +%.0f MB after 10 visits, +%.0f MB after 40, +%.0f MB after 100, +%.0f MB after 200 (40 distinct 1170x2532 images)",
        mb(budget), mb(loader.cache.usedBytes), loader.cache.count, mb(peaks[0].1 - before), mb(peaks[1].1 - before),
        mb(peaks[2].1 - before), mb(peaks[3].1 - before)))
  }
}
