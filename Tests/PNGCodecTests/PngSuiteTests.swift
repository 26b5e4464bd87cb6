import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// PngSuite: every valid file decodes to RGBA8 of the size its name and IHDR say;
/// every deliberately corrupt `x*.png` is rejected with libpng's reason and the file name.
struct PngSuiteTests {
  static let directory = Fixtures.url("pngsuite")

  static let allFiles: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".png") }.sorted()
  }()
  static let validFiles = allFiles.filter { !$0.hasPrefix("x") }
  static let corruptFiles = allFiles.filter { $0.hasPrefix("x") }

  @Test func suiteIsComplete() {
    #expect(Self.allFiles.count == 176)
    #expect(Self.corruptFiles.count == 14)
  }

  @Test(arguments: validFiles)
  func decodesValidFile(_ name: String) throws {
    let bytes = try Fixtures.bytes("pngsuite/\(name)")
    let header = try PNGCodec.header(of: bytes, source: name)
    let image = try PNGCodec.decode(bytes, source: name)
    #expect(image.width == header.width)
    #expect(image.height == header.height)
    #expect(image.pixels.count == header.width * header.height * 4)
    // s01..s40: odd sizes encoded in the name (sNN = NN x NN).
    if name.hasPrefix("s"), let side = Int(name.dropFirst().prefix(2)) {
      #expect(image.width == side && image.height == side)
    } else if let size = Self.chunkSizeFiles[name] {
      #expect(image.width == size.0 && image.height == size.1)
    } else if name != "PngSuite.png" {
      #expect(image.width == 32 && image.height == 32)
    }
  }

  /// The cd*n files test pHYs chunks and are not 32x32.
  static let chunkSizeFiles: [String: (Int, Int)] = [
    "cdfn2c08.png": (8, 32), "cdhn2c08.png": (32, 8), "cdsn2c08.png": (8, 8),
  ]

  static let expectedErrors: [String: String] = [
    "xs1n0g01.png": "Not a PNG file",
    "xs2n0g01.png": "Not a PNG file",
    "xs4n0g01.png": "Not a PNG file",
    "xs7n0g01.png": "PNG file corrupted by ASCII conversion",
    "xcrn0g04.png": "PNG file corrupted by ASCII conversion",
    "xlfn0g04.png": "PNG file corrupted by ASCII conversion",
    "xhdn0g08.png": "IHDR: CRC error",
    "xc1n0g08.png": "Invalid IHDR data",
    "xc9n2c08.png": "Invalid IHDR data",
    "xd0n2c08.png": "Invalid IHDR data",
    "xd3n2c08.png": "Invalid IHDR data",
    "xd9n2c08.png": "Invalid IHDR data",
    "xdtn0g01.png": "IEND: out of place",
    "xcsn0g01.png": "IDAT: CRC error",
  ]

  @Test(arguments: corruptFiles)
  func rejectsCorruptFile(_ name: String) throws {
    let bytes = try Fixtures.bytes("pngsuite/\(name)")
    let expected = try #require(Self.expectedErrors[name])
    #expect(throws: PNGError.corrupt(source: name, reason: expected)) {
      _ = try PNGCodec.decode(bytes, source: name)
    }
  }
}
