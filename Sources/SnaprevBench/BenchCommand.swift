import SnaprevShell
import ArgumentParser
import DiffCore
import FoundationEssentials
import ImageCompare
import PNGCodec
import TextFormat

/// `snaprev bench`: medians of decode, compare and end-to-end runs on the bench screens.
public struct BenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure decode, compare and end-to-end diff speed (medians) and peak memory.",
    discussion: """
      Reads base.png, small_change.png, identical.png and different.png from the fixture \
      directory, runs each measurement once to warm up and then --runs times, and prints \
      the median in milliseconds. End to end means: read both files, decode both (two \
      threads), compare with pixelmatch (threshold 0.1, anti-aliasing detected and not \
      counted) and build the mask. Peak memory is the growth of the peak resident set \
      during one end-to-end comparison, measured before anything else. Use a release build \
      (swift build -c release); debug figures are meaningless.
      """)

  @Option(name: .long, help: "Timed runs per measurement (after one warm-up run).")
  public var runs: Int = 11

  @Option(name: .long, help: "Directory holding the four bench screens.")
  public var fixtures: String = "Tests/Fixtures/bench-screens"

  public func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
  }

  public func run() throws {
    #if DEBUG
      print("warning: debug build; build with -c release for meaningful figures")
    #endif
    let directory = URL(fileURLWithPath: fixtures)
    let names = ["base", "small_change", "identical", "different"]
    let paths = names.map { directory.appendingPathComponent("\($0).png").path }
    let pairs = [("small", paths[1]), ("identical", paths[2]), ("same bytes", paths[0]), ("different", paths[3])]
    let options = SnapshotComparisonOptions()

    // Peak memory of one comparison, measured first while nothing else is allocated:
    // later runs reuse (and the allocator keeps) freed buffers, which would blur it.
    let residentBefore = BenchMeasure.currentResidentBytes()
    let probe = try ImagePairDiff.compare(
      base: DiffInput.read(paths[0]), head: DiffInput.read(paths[1]), options: options)
    let peakGrowth = BenchMeasure.peakResidentBytes() - residentBefore
    _ = probe.mismatchedPixels

    var endToEnd: [(String, Double, Int)] = []
    for (label, headPath) in pairs {
      var mismatched = 0
      let time = try BenchMeasure.medianMilliseconds(runs: runs) {
        let base = try DiffInput.read(paths[0])
        let head = try DiffInput.read(headPath)
        mismatched = try ImagePairDiff.compare(base: base, head: head, options: options)
          .mismatchedPixels
      }
      endToEnd.append((label, time, mismatched))
    }

    let sources = try paths.map { try DiffInput.read($0) }
    let images = try sources.map { try PNGCodec.decode($0.bytes, source: $0.name) }
    let decodedBytes = images[0].pixels.count

    print("snaprev bench: \(images[0].width)x\(images[0].height) screens, medians of \(runs) runs after a warm-up, ms")
    print("")
    for (title, decoder) in [
      ("decode, one image, one thread: libdeflate fast path (what snaprev uses)", PNGCodec.Decoder.fastest),
      ("decode, one image, one thread: libpng only (the reference)", PNGCodec.Decoder.libpng),
    ] {
      print(title)
      for (index, name) in names.enumerated() {
        let source = sources[index]
        let time = try BenchMeasure.medianMilliseconds(runs: runs) {
          _ = try PNGCodec.decode(source.bytes, source: source.name, decoder: decoder)
        }
        print(row(name, time))
      }
    }
    let pairTime = try BenchMeasure.medianMilliseconds(runs: runs) {
      _ = try ImagePairDiff.decodePair(sources[0], sources[1])
    }
    print(row("base + small_change on two threads (fast path)", pairTime))

    print("")
    print("compare only (pixelmatch count, decoded images in memory)")
    let heads = [("small", images[1]), ("identical", images[2]), ("different", images[3])]
    for (label, head) in heads {
      var count = 0
      let time = try BenchMeasure.medianMilliseconds(runs: runs) {
        count = try PixelMatch.compare(images[0], head)
      }
      print(row(label, time, count: count))
    }
    print("compare + mask (SnapshotComparer, what the store runs)")
    for (label, head) in heads {
      var count = 0
      let time = BenchMeasure.medianMilliseconds(runs: runs) {
        count = SnapshotComparer.compare(base: images[0], head: head, options: options).mismatchedPixels
      }
      print(row(label, time, count: count))
    }
    print("compare + pixelmatch diff image")
    for (label, head) in heads {
      var count = 0
      let time = try BenchMeasure.medianMilliseconds(runs: runs) {
        count = try PixelMatch.diffImage(images[0], head).mismatchedPixels
      }
      print(row(label, time, count: count))
    }

    print("encode (what --output and --mask write, compression level 1)")
    let drawn = SnapshotComparer.compare(
      base: images[0], head: images[1], options: SnapshotComparisonOptions(makeDiffImage: true))
    if let diffImage = drawn.diffImage, let mask = drawn.mask {
      var size = 0
      let imageTime = try BenchMeasure.medianMilliseconds(runs: runs) {
        size = try PNGCodec.encode(diffImage, compressionLevel: 1).count
      }
      print(row("diff image, small (\(size / 1024) KiB)", imageTime))
      let maskTime = try BenchMeasure.medianMilliseconds(runs: runs) {
        size = try PNGCodec.encode(mask, compressionLevel: 1).count
      }
      print(row("mask, small (\(size / 1024) KiB)", maskTime))
    }
    print("")
    print("end to end (read both files, decode both concurrently, compare, mask)")
    for (label, time, count) in endToEnd {
      print(row(label, time, count: count))
    }
    print("")
    let megabytes = Double(peakGrowth) / 1_048_576
    let inImages = Double(peakGrowth) / Double(decodedBytes)
    print(
      String(
        printf:
          "peak memory of one end-to-end comparison (base vs small, with mask): %.1f MiB = %.2f decoded images (%ld bytes each)",
        megabytes, inImages, decodedBytes))
  }

  private func row(_ label: String, _ milliseconds: Double, count: Int? = nil) -> String {
    let padded = label.count >= 46 ? String(label.prefix(46)) : label + String(repeating: " ", count: 46 - label.count)
    let counted = count.map { "   \($0) px" } ?? ""
    return "  " + padded + String(printf: "%8.2f", milliseconds) + counted
  }
}
