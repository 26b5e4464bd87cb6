import DiffCore
import Foundation
import PNGCodec
import ProcessSpawn
import TestSupport
import Testing

/// Issue 10's hostile PNGs (Tests/Fixtures/hostile): each is refused with a message naming
/// the chunk and the numbers, at a bounded cost, and the fast path never accepts what
/// libpng refuses.
struct HostileInputTests {
  static let oversizedReason =
    "tEXt chunk at byte 33 claims 1795358720 data bytes, but only 0 bytes remain in the file"

  /// A 41-byte file whose tEXt chunk claims 1.8 GB: refused by the chunk walk before libpng
  /// reads it (libpng itself only warns, then allocates and zeroes the declared length).
  @Test func oversizedTextChunkIsRefusedBeforeLibpngReadsIt() throws {
    let bytes = try Fixtures.bytes("hostile/oversized-text-chunk.png")
    #expect(bytes.count == 41)
    let expected = PNGError.corrupt(source: "oversized-text-chunk.png", reason: Self.oversizedReason)
    #expect(throws: expected) { _ = try PNGCodec.header(of: bytes, source: "oversized-text-chunk.png") }
    #expect(throws: expected) { _ = try PNGCodec.decode(bytes, source: "oversized-text-chunk.png") }
    #expect(throws: expected) {
      _ = try PNGCodec.decode(bytes, source: "oversized-text-chunk.png", decoder: .libpng)
    }
    #expect(expected.description.hasPrefix("oversized-text-chunk.png: not a valid PNG: tEXt chunk"))
  }

  /// The same check for any chunk, wherever it stands: a truncated IDAT, a length over
  /// 2^31-1, and a type that is not letters (quoted as hex, never raw).
  @Test func everyChunkMustFitInTheFile() throws {
    var builder = PNGBuilder(width: 2, height: 2)
    builder.raw = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 9, 9, 9, 1, 1, 1, 1]
    let valid = builder.build()
    // Cut inside the IDAT: its length field now claims more than is left.
    let truncated = Array(valid[0..<(8 + 25 + 12)])
    #expect(throws: PNGError.corrupt(
      source: "t.png", reason: "IDAT chunk at byte 33 claims 29 data bytes, but only 0 bytes remain in the file")
    ) { _ = try PNGCodec.header(of: truncated, source: "t.png") }
    // A length with the high bit set, and a type holding an escape byte.
    var hostile = Array(valid[0..<33]) + [0x80, 0, 0, 0, 0x1B, 0x5D, 0x32, 0x3B] + [UInt8](repeating: 0, count: 8)
    #expect(throws: PNGError.corrupt(
      source: "h.png",
      reason: "0x1b5d323b chunk at byte 33 claims 2147483648 data bytes, but only 4 bytes remain in the file")
    ) { _ = try PNGCodec.decode(hostile, source: "h.png") }
    hostile[33] = 0
    #expect(throws: PNGError.self) { _ = try PNGCodec.decode(hostile, source: "h.png") }
  }

  /// The figure of issue 10's defect 1, measured on the real binary: `snaprev diff` on the
  /// hostile file peaked at 2.1 GB of RSS before the fix. Now it exits 2 naming the file and
  /// the chunk, with the peak RSS of a process that decodes one small PNG.
  @Test func snaprevDiffOnTheHostileFileStaysSmall() throws {
    let run = try Self.spawnMeasured(
      SnaprevBinary.path,
      ["diff", Fixtures.url("hostile/oversized-text-chunk.png").path, Fixtures.url("pngsuite/basn6a08.png").path])
    #expect(run.status == 2)
    #expect(run.stderr.contains("oversized-text-chunk.png"))
    #expect(run.stderr.contains("claims 1795358720 data bytes"))
    // A debug build diffing two 32x32 files peaks at 32 MB; the old path took 1,784 MB.
    #expect(run.maxRSSKilobytes < 64 * 1024, "peak RSS \(run.maxRSSKilobytes) KB")
  }

  /// Files the libdeflate fast path used to accept although libpng refuses them: now it
  /// declines, and decoding gives libpng's verdict.
  @Test(arguments: [
    ("hostile/invalid-type-after-idat.png", "ab[31]d: invalid chunk type"),
    ("hostile/zlib-distance-beyond-window.png", "IDAT: invalid distance too far back"),
  ])
  func fastPathDeclinesWhatLibpngRefuses(_ path: String, _ reason: String) throws {
    let bytes = try Fixtures.bytes(path)
    #expect(try PNGCodec.decodeWithFastPathOnly(bytes, source: path) == nil)
    for decoder in [PNGCodec.Decoder.fastest, .libpng] {
      #expect(throws: PNGError.corrupt(source: path, reason: reason)) {
        _ = try PNGCodec.decode(bytes, source: path, decoder: decoder)
      }
    }
  }

  /// A window smaller than 32 KB stays on the fast path when the whole image fits in it
  /// (libpng's writer picks such windows for small images), and is left to libpng otherwise.
  @Test func smallWindowsAreFastOnlyWhenTheImageFitsInThem() throws {
    let image = try PNGCodec.decode(Fixtures.bytes("pngsuite/basn6a08.png"), source: "a")
    let encoded = try PNGCodec.encode(image, compressionLevel: 9)  // 32x32: 4,128 filtered bytes
    let cmf = try #require(Self.firstIDATData(encoded)).first ?? 0
    #expect(cmf >> 4 < 7, "libpng wrote a \(1 << (8 + Int(cmf >> 4)))-byte window")
    #expect(1 << (8 + Int(cmf >> 4)) >= (32 * 4 + 1) * 32)
    #expect(try PNGCodec.decodeWithFastPathOnly(encoded, source: "small.png") == image)
  }

  /// The data of the first IDAT chunk.
  static func firstIDATData(_ png: [UInt8]) -> ArraySlice<UInt8>? {
    var offset = 8
    while offset + 12 <= png.count {
      let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8
        | Int(png[offset + 3])
      if png[(offset + 4)..<(offset + 8)].elementsEqual("IDAT".utf8) {
        return png[(offset + 8)..<min(png.count, offset + 8 + length)]
      }
      offset += 12 + length
    }
    return nil
  }

  struct MeasuredRun {
    var status: Int32
    var stderr: String
    var maxRSSKilobytes: Int
  }

  /// Runs a program and reports its exit status, stderr and peak RSS. Measured by a small
  /// python3 parent (getrusage of its waited child): a child spawned from this test
  /// process directly would report the test process's own peak, since Linux carries the
  /// spawning process's high-water mark across the vfork-and-exec of posix_spawn.
  static func spawnMeasured(_ program: String, _ arguments: [String]) throws -> MeasuredRun {
    let measure = """
      import resource, subprocess, sys
      code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
      print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
      """
    let run = try Spawn.run(try Installed.path("python3"), ["-c", measure, program] + arguments)
    let fields = run.stdoutText.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    try #require(run.status == 0 && fields.count == 2, "measuring \(program) failed: \(run.stdoutText) \(run.stderrText)")
    return MeasuredRun(status: Int32(fields[0]), stderr: run.stderrText, maxRSSKilobytes: fields[1])
  }
}
