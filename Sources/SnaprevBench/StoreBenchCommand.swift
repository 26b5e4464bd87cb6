import ArgumentParser
import DiffCore
import DurableFiles
import FoundationEssentials
import PNGCodec
import ProcessSpawn
import SnapshotModel
import SnapshotStore
import TextFormat

#if canImport(Glibc)
  import Glibc
#endif

/// `snaprev bench-store`: the store's speed benchmark (docs/PERFORMANCE.md). Builds the
/// data sets, then runs the release binary itself as a child process for each timed run,
/// measuring wall time and peak memory (ru_maxrss) of the whole process.
public struct StoreBenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "bench-store",
    abstract: "Benchmark the store: upload+compare of a 1,000-image build, show of a 50,000-image artifact.",
    discussion: """
      Run from a release build: swift build -c release && .build/release/snaprev bench-store. \
      Upload: a base of --images copies of Tests/Fixtures/bench-screens/base.png (1170x2532, \
      each made distinct by a tEXt chunk) is stored, then a head with all but --changed of \
      them byte-identical and --changed made from small_change.png is uploaded and compared, \
      each run into a fresh hard-linked copy of the base store. Show: --show-images tiny \
      images in base and head (1% changed, 0.5% added, 0.5% removed), `show` of the head \
      with stdout to /dev/null. Prints each run and the medians.
      """,
    shouldDisplay: false)

  @Option(help: "The bench-screens fixture directory.")
  public var screens = "Tests/Fixtures/bench-screens"
  @Option(help: "Where to build the data sets (default: a new temporary directory, removed afterwards).")
  public var work: String?
  @Option(help: "Timed runs per measurement.")
  public var runs = 5
  @Option(help: "Images in the upload benchmark's builds.")
  public var images = 1000
  @Option(help: "Changed screens in the upload benchmark's head.")
  public var changed = 10
  @Option(name: .customLong("show-images"), help: "Images in the show benchmark's artifact.")
  public var showImages = 50_000
  @Flag(help: "Skip the upload benchmark.")
  public var skipUpload = false
  @Flag(help: "Skip the show benchmark.")
  public var skipShow = false

  public func validate() throws {
    guard runs >= 1, images >= changed, changed >= 0, showImages >= 200 else {
      throw ValidationError("need --runs >= 1, --images >= --changed >= 0, --show-images >= 200")
    }
  }

  public func run() throws {
    let executable = try BenchProcess.selfPath()
    let root = work ?? FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { if work == nil { try? FileManager.default.removeItem(atPath: root) } }
    print("snaprev bench-store: \(executable), work dir \(root), \(runs) runs each")
    if !skipUpload { try benchUpload(executable: executable, root: root) }
    if !skipShow { try benchShow(executable: executable, root: root) }
  }

  private func benchUpload(executable: String, root: String) throws {
    let base = try [UInt8](Data(contentsOf: URL(fileURLWithPath: screens + "/base.png")))
    let small = try [UInt8](Data(contentsOf: URL(fileURLWithPath: screens + "/small_change.png")))
    let baseDir = root + "/upload-base"
    let headDir = root + "/upload-head"
    for index in 0..<images {
      let name = "screens/\(index % 20)/screen-\(index).png"
      let bytes = BenchPNG.variant(of: base, tag: "base-\(index)")
      try BenchFiles.write(bytes, to: baseDir + "/" + name)
      if index < changed {
        try BenchFiles.write(BenchPNG.variant(of: small, tag: "head-\(index)"), to: headDir + "/" + name)
      } else {
        try BenchFiles.link(baseDir + "/" + name, to: headDir + "/" + name)
      }
    }
    let template = root + "/upload-store"
    let seeded = try BenchProcess.run(
      executable, ["upload", baseDir, "--store", template, "--head-sha", "base", "--app-id", "bench"])
    guard seeded.status == 0 else { throw ValidationError("base upload failed: \(seeded.status)") }
    print("")
    print("upload+compare: \(images) images of 1170x2532 (\(images - changed) byte-identical, \(changed) changed)")
    print("  seed: base upload \(BenchProcess.format(seeded))")
    var samples: [BenchProcess.Sample] = []
    for run in 1...runs {
      let store = root + "/upload-run-\(run)"
      try BenchFiles.cloneTree(template, to: store)
      let sample = try BenchProcess.run(
        executable,
        ["upload", headDir, "--store", store, "--head-sha", "head-\(run)", "--base-sha", "base", "--app-id", "bench"])
      guard sample.status == 0 else { throw ValidationError("head upload failed: \(sample.status)") }
      let summary = try SnapshotStore(root: store).summary(of: "2")
      guard summary.counts?.changed == changed, summary.counts?.unchanged == images - changed else {
        throw ValidationError("unexpected comparison result: \(String(describing: summary.counts))")
      }
      print("  run \(run): \(BenchProcess.format(sample))")
      samples.append(sample)
      try? FileManager.default.removeItem(atPath: store)
    }
    print("  median: \(BenchProcess.formatMedian(samples))")
  }

  private func benchShow(executable: String, root: String) throws {
    let count = showImages
    let changedCount = count / 100
    let added = count / 200
    let removed = count / 200
    let baseDir = root + "/show-base"
    let headDir = root + "/show-head"
    let first = try PNGCodec.encode(BenchPNG.tiny(seed: 1))
    let second = try PNGCodec.encode(BenchPNG.tiny(seed: 2))
    // Base: every name. Head: the first 1% changed, the last 0.5% gone (removed), the rest
    // byte-identical, plus 0.5% new names (added): the head has as many images as the base.
    for index in 0..<count {
      let name = "flows/flow-\(index % 100)/screen-\(index).png"
      try BenchFiles.write(BenchPNG.variant(of: first, tag: "b\(index)"), to: baseDir + "/" + name)
      if index < changedCount {
        try BenchFiles.write(BenchPNG.variant(of: second, tag: "h\(index)"), to: headDir + "/" + name)
      } else if index < count - removed {
        try BenchFiles.link(baseDir + "/" + name, to: headDir + "/" + name)
      }
    }
    for index in 0..<added {
      try BenchFiles.write(BenchPNG.variant(of: second, tag: "a\(index)"), to: headDir + "/new/screen-\(index).png")
    }
    let store = root + "/show-store"
    let seededBase = try BenchProcess.run(executable, ["upload", baseDir, "--store", store, "--head-sha", "b"])
    let seededHead = try BenchProcess.run(
      executable, ["upload", headDir, "--store", store, "--head-sha", "h", "--base-sha", "b"])
    guard seededBase.status == 0, seededHead.status == 0 else { throw ValidationError("show data upload failed") }
    let summary = try SnapshotStore(root: store).summary(of: "2")
    print("")
    print("show: artifact of \(summary.artifact.imageCount) images against a base of the same size")
    print("  counts: \(summary.counts.map { c in ImageCategory.allCases.map { "\($0.rawValue) \(c[$0])" }.joined(separator: ", ") } ?? "-")")
    print("  seed: base upload \(BenchProcess.format(seededBase)); head upload \(BenchProcess.format(seededHead))")
    var samples: [BenchProcess.Sample] = []
    for run in 1...runs {
      let sample = try BenchProcess.run(executable, ["show", "2", "--store", store])
      guard sample.status == 0 else { throw ValidationError("show failed: \(sample.status)") }
      print("  run \(run): \(BenchProcess.format(sample))")
      samples.append(sample)
    }
    print("  median: \(BenchProcess.formatMedian(samples))")
  }
}

/// PNG variants for the benchmark: the same pixels with distinct bytes (a tEXt chunk before
/// IEND), so every image has its own key as in a real build.
enum BenchPNG {
  public static func variant(of png: [UInt8], tag: String) -> [UInt8] {
    let data = Array("snaprev\u{0}\(tag)".utf8)
    let type = Array("tEXt".utf8)
    var chunk = bigEndian(UInt32(data.count)) + type + data
    chunk += bigEndian(crc32(type + data))
    let iend = png.count - 12
    return Array(png[..<iend]) + chunk + Array(png[iend...])
  }

  /// A 24×48 screen-like image: a few bands of colour that depend on `seed`.
  public static func tiny(seed: Int) -> RGBAImage {
    var pixels = [UInt8](repeating: 255, count: 24 * 48 * 4)
    for y in 0..<48 {
      for x in 0..<24 {
        let offset = (y * 24 + x) * 4
        pixels[offset] = UInt8((x * 10 + seed * 40) & 0xFF)
        pixels[offset + 1] = UInt8((y * 5) & 0xFF)
        pixels[offset + 2] = UInt8((seed * 90) & 0xFF)
      }
    }
    return RGBAImage(width: 24, height: 48, pixels: pixels)
  }

  private static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  private static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}

/// Data-set files: written, hard-linked, and whole stores cloned by hard links (store
/// files are only ever replaced by rename, so a linked copy never changes the original).
enum BenchFiles {
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  public static func link(_ source: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.linkItem(atPath: source, toPath: path)
  }

  public static func cloneTree(_ source: String, to destination: String) throws {
    try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: source) {
      let from = source + "/" + name
      if Files.isDirectory(from) {
        try cloneTree(from, to: destination + "/" + name)
      } else {
        try FileManager.default.linkItem(atPath: from, toPath: destination + "/" + name)
      }
    }
  }
}

/// Runs a child process with stdout and stderr to /dev/null and measures it.
enum BenchProcess {
  public struct Sample {
    public var seconds: Double
    public var peakMB: Double
    public var status: Int32
  }

  public static func selfPath() throws -> String {
    guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
      throw ValidationError("cannot find this executable (/proc/self/exe)")
    }
    return path
  }

  public static func run(_ executable: String, _ arguments: [String]) throws -> Sample {
    let finished: Spawn.Finished
    do {
      finished = try Spawn.run(executable, arguments, stdout: .discard, stderr: .discard)
    } catch {
      throw ValidationError(error.description)
    }
    return Sample(seconds: finished.seconds, peakMB: Double(finished.peakResidentBytes) / 1_048_576, status: finished.status)
  }

  public static func format(_ sample: Sample) -> String {
    String(printf: "%.3f s, peak %.0f MB", sample.seconds, sample.peakMB)
  }

  public static func formatMedian(_ samples: [Sample]) -> String {
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    return String(
      printf: "%.3f s, peak %.0f MB (%ld runs)", median(samples.map(\.seconds)), median(samples.map(\.peakMB)),
      samples.count)
  }
}
