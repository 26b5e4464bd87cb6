import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// The libdeflate fast path gives libpng's pixels, and whenever a file is unusual it
/// declines so that libpng decodes it and gives its own verdict.
struct FastPathTests {
  /// Every PNG fixture the package holds (PngSuite, pixelmatch, bench screens, the demo).
  static let allFixtures: [String] = {
    let manager = FileManager.default
    var paths: [String] = []
    for directory in ["pngsuite", "pixelmatch", "bench-screens"] {
      let names = (try? manager.contentsOfDirectory(atPath: Fixtures.url(directory).path)) ?? []
      paths += names.filter { $0.hasSuffix(".png") }.map { "\(directory)/\($0)" }
    }
    return paths.sorted()
  }()

  static func decodeBoth(_ bytes: [UInt8]) -> (Result<RGBAImage, PNGError>, Result<RGBAImage, PNGError>) {
    let fast = Result { () throws(PNGError) -> RGBAImage in
      try PNGCodec.decode(bytes, source: "f.png", decoder: .fastest)
    }
    let reference = Result { () throws(PNGError) -> RGBAImage in
      try PNGCodec.decode(bytes, source: "f.png", decoder: .libpng)
    }
    return (fast, reference)
  }

  @Test(arguments: allFixtures)
  func fixtureDecodesAsLibpngDoes(_ path: String) throws {
    let (fast, reference) = Self.decodeBoth(try Fixtures.bytes(path))
    #expect(fast == reference)
  }

  /// The fast path really runs on the formats it claims (otherwise the equality above
  /// would prove nothing), and declines the others.
  @Test func fastPathHandlesRGBA8AndDeclinesTheRest() throws {
    for path in [
      "bench-screens/base.png", "bench-screens/different.png", "pngsuite/basn6a08.png",
      "pngsuite/f04n2c08.png", "pixelmatch/1a.png",
    ] {
      let bytes = try Fixtures.bytes(path)
      let header = try PNGCodec.header(of: bytes, source: path)
      let fast = try PNGCodec.decodeWithFastPathOnly(bytes, source: path)
      if header.bitDepth == 8 && header.colorType == 6 && !header.interlaced {
        #expect(fast == (try PNGCodec.decode(bytes, source: path, decoder: .libpng)), "\(path)")
      } else {
        #expect(fast == nil, "\(path) is not 8-bit RGBA but the fast path took it")
      }
    }
    let handled = Self.allFixtures.filter { path in
      guard let bytes = try? Fixtures.bytes(path) else { return false }
      return (try? PNGCodec.decodeWithFastPathOnly(bytes, source: path)) != nil
    }
    #expect(handled.contains("bench-screens/small_change.png"))
    #expect(handled.contains("pngsuite/basn6a08.png"))
    #expect(!handled.contains("pngsuite/basi6a08.png"))  // interlaced
    #expect(!handled.contains("pngsuite/basn6a16.png"))  // 16-bit
  }

  /// Random rows under all five filter types (including Paeth ties on flat data).
  @Test(arguments: [1, 2, 3, 5, 17, 64])
  func everyFilterTypeMatchesLibpng(_ width: Int) throws {
    var generator = SplitMix(seed: UInt64(width))
    var builder = PNGBuilder(width: UInt32(width), height: 40)
    for row in 0..<40 {
      builder.raw.append(UInt8(row % 5))
      for column in 0..<(width * 4) {
        // Flat stretches make Paeth's tie rules matter; noise exercises wraparound.
        let value = (row / 5) % 2 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8(column % 7)
        builder.raw.append(value)
      }
    }
    let bytes = builder.build()
    let fast = try #require(try PNGCodec.decodeWithFastPathOnly(bytes, source: "filters.png"))
    #expect(fast == (try PNGCodec.decode(bytes, source: "filters.png", decoder: .libpng)))
  }

  @Test func splitIdatIsJoined() throws {
    let image = try PNGCodec.decode(Fixtures.bytes("pngsuite/basn6a08.png"), source: "a")
    // Re-encode with tiny IDAT chunks: split the zlib stream of our own encoder.
    let encoded = try PNGCodec.encode(image, compressionLevel: 9)
    let split = Self.splitIDAT(encoded, chunkSize: 100)
    #expect(split.count > encoded.count)
    #expect(try PNGCodec.decodeWithFastPathOnly(split, source: "split.png") == image)
  }

  /// Each crafted anomaly: the fast path declines, and `decode` gives exactly libpng's result.
  @Test(arguments: Anomaly.allCases)
  func anomaliesAreLeftToLibpng(_ anomaly: Anomaly) throws {
    let bytes = anomaly.bytes()
    // Declined (nil), or refused by libpng's header read before the fast path is asked.
    let fastOnly = try? PNGCodec.decodeWithFastPathOnly(bytes, source: "x.png")
    #expect(fastOnly == nil)
    let (fast, reference) = Self.decodeBoth(bytes)
    #expect(fast == reference)
    if anomaly.libpngRejects {
      #expect(throws: PNGError.self) { _ = try reference.get() }
    }
  }

  enum Anomaly: String, CaseIterable, Sendable {
    case idatCRC, badFilter, tooLittleData, tooMuchData, unknownCriticalChunk, transparencyChunk
    case missingIEND, idatAfterAncillary, badAdler

    var libpngRejects: Bool {
      switch self {
      case .idatCRC, .badFilter, .tooLittleData, .unknownCriticalChunk, .missingIEND: return true
      default: return false
      }
    }

    func bytes() -> [UInt8] {
      var builder = PNGBuilder(width: 2, height: 2)
      builder.raw = [0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 9, 9, 9, 9, 1, 1, 1, 1]
      switch self {
      case .idatCRC:
        var bytes = builder.build()
        bytes[8 + 25 + 8 + 7 + 2] ^= 1
        return bytes
      case .badFilter:
        builder.raw[9] = 5
        return builder.build()
      case .tooLittleData:
        builder.raw.removeLast(5)
        return builder.build()
      case .tooMuchData:
        builder.raw += [0, 0, 0, 0, 0, 0, 0, 0, 0]
        return builder.build()
      case .badAdler:
        builder.corruptAdler = true
        return builder.build()
      case .unknownCriticalChunk, .transparencyChunk, .missingIEND, .idatAfterAncillary:
        let full = builder.build()
        let ihdrEnd = 8 + 25
        let idatLength = Int(full[ihdrEnd]) << 24 | Int(full[ihdrEnd + 1]) << 16
          | Int(full[ihdrEnd + 2]) << 8 | Int(full[ihdrEnd + 3])
        let idat = Array(full[ihdrEnd..<(ihdrEnd + 12 + idatLength)])
        let iend = PNGBuilder.chunk("IEND", [])
        let head = Array(full[0..<ihdrEnd])
        switch self {
        case .unknownCriticalChunk: return head + PNGBuilder.chunk("ABCD", [1]) + idat + iend
        case .transparencyChunk: return head + PNGBuilder.chunk("tRNS", [0, 1]) + idat + iend
        case .missingIEND: return head + idat
        default:
          // The zlib stream split over two IDATs with a text chunk between them.
          let data = Array(idat[8..<(idat.count - 4)])
          let first = PNGBuilder.chunk("IDAT", Array(data[0..<10]))
          let second = PNGBuilder.chunk("IDAT", Array(data[10...]))
          return head + first + PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8)) + second + iend
        }
      }
    }
  }

  /// Rewrites a PNG's IDAT data as chunks of at most `chunkSize` bytes.
  static func splitIDAT(_ png: [UInt8], chunkSize: Int) -> [UInt8] {
    var out = Array(png[0..<8])
    var data: [UInt8] = []
    var offset = 8
    var wroteIDAT = false
    while offset + 12 <= png.count {
      let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8
        | Int(png[offset + 3])
      let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
      let chunk = Array(png[offset..<(offset + 12 + length)])
      if type == "IDAT" {
        data += png[(offset + 8)..<(offset + 8 + length)]
      } else {
        if !data.isEmpty && !wroteIDAT {
          for start in stride(from: 0, to: data.count, by: chunkSize) {
            out += PNGBuilder.chunk("IDAT", Array(data[start..<min(data.count, start + chunkSize)]))
          }
          wroteIDAT = true
        }
        out += chunk
      }
      offset += 12 + length
    }
    return out
  }
}
