import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// `PNGCodec.validateStructure`: the cheap all-chunks check upload runs on every file
/// (issue 10, defect 5): every CRC, the chunk order rules, then libpng's IHDR verdict.
struct StructureValidationTests {
  static let pngSuite: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("pngsuite").path)) ?? []
    return names.filter { $0.hasSuffix(".png") }.sorted()
  }()

  /// Every valid PngSuite file passes with the header libpng reads; every deliberately
  /// corrupt one (x*.png) is refused, including xcsn0g01 (bad IDAT CRC) whose header
  /// alone reads fine.
  @Test func pngSuiteValidFilesPassAndCorruptOnesAreRefused() throws {
    #expect(Self.pngSuite.count == 176)
    for name in Self.pngSuite {
      let bytes = try Fixtures.bytes("pngsuite/\(name)")
      let result = Result { () throws(PNGError) -> PNGHeader in try PNGCodec.validateStructure(bytes, source: name) }
      if name.hasPrefix("x") {
        #expect(throws: PNGError.self, "\(name) passed") { try result.get() }
      } else {
        #expect(try result.get() == PNGCodec.header(of: bytes, source: name), "\(name)")
      }
    }
    let corrupt = try Fixtures.bytes("pngsuite/xcsn0g01.png")
    #expect(throws: Never.self) { _ = try PNGCodec.header(of: corrupt, source: "xcsn0g01.png") }
    #expect(throws: PNGError.corrupt(
      source: "xcsn0g01.png",
      reason: "IDAT chunk at byte 49: CRC error (stored 0x4353554d, computed 0xd02f14c9)")
    ) { _ = try PNGCodec.validateStructure(corrupt, source: "xcsn0g01.png") }
  }

  /// The hostile fixtures: the oversized chunk is refused by its length, the invalid type
  /// by its name (as hex bytes would be if it held any non-letter).
  @Test func hostileFilesAreRefused() throws {
    #expect(throws: PNGError.corrupt(
      source: "o.png", reason: "tEXt chunk at byte 33 claims 1795358720 data bytes, but only 0 bytes remain in the file")
    ) { _ = try PNGCodec.validateStructure(Fixtures.bytes("hostile/oversized-text-chunk.png"), source: "o.png") }
    #expect(throws: PNGError.corrupt(source: "t.png", reason: "0x61623164 chunk at byte 457: invalid chunk type")) {
      _ = try PNGCodec.validateStructure(Fixtures.bytes("hostile/invalid-type-after-idat.png"), source: "t.png")
    }
  }

  /// One crafted file per rule, each otherwise valid, with the exact message.
  @Test(arguments: Defect.allCases)
  func eachStructureRuleIsEnforced(_ defect: Defect) throws {
    let (bytes, reason) = defect.file()
    #expect(throws: PNGError.corrupt(source: "d.png", reason: reason)) {
      _ = try PNGCodec.validateStructure(bytes, source: "d.png")
    }
  }

  /// What libpng tolerates and the check must too: bytes after IEND, a suggested palette,
  /// unknown ancillary chunks, IDAT split in many chunks.
  @Test func tolerableVariationsPass() throws {
    let header = PNGHeader(width: 2, height: 2, bitDepth: 8, colorType: 6, interlaced: false)
    let parts = Self.parts()
    let files = [
      parts.head + parts.idat + parts.iend + [0, 1, 2, 3],
      parts.head + PNGBuilder.chunk("PLTE", [0, 0, 0]) + PNGBuilder.chunk("abCd", [7]) + parts.idat + parts.iend,
      parts.head + parts.idat + PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8)) + parts.iend,
      FastPathTests.splitIDAT(Self.valid(), chunkSize: 3),
    ]
    for bytes in files {
      #expect(try PNGCodec.validateStructure(bytes, source: "ok.png") == header)
    }
  }

  static func valid() -> [UInt8] {
    var builder = PNGBuilder(width: 2, height: 2)
    builder.raw = [0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 9, 9, 9, 9, 1, 1, 1, 1]
    return builder.build()
  }

  /// The valid file cut at its chunk boundaries: signature + IHDR, IDAT, IEND.
  static func parts() -> (head: [UInt8], idat: [UInt8], iend: [UInt8]) {
    let full = valid()
    let iendStart = full.count - 12
    return (Array(full[0..<33]), Array(full[33..<iendStart]), Array(full[iendStart...]))
  }

  enum Defect: String, CaseIterable, Sendable {
    case ancillaryCRC, missingIEND, idatSplitByText, noIDAT, unknownCritical, ihdrNotFirst, secondIHDR
    case ihdrLength, truncatedInIDAT

    func file() -> (bytes: [UInt8], reason: String) {
      let (head, idat, iend) = StructureValidationTests.parts()
      let idatEnd = 33 + idat.count
      switch self {
      case .ancillaryCRC:
        var text = PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8))
        text[text.count - 1] ^= 0xff
        let stored = text.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let computed = PNGBuilder.crc32(Array("tEXtk\u{0}v".utf8))
        return (
          head + text + idat + iend,
          "tEXt chunk at byte 33: CRC error (stored \(Self.hex(stored)), computed \(Self.hex(computed)))"
        )
      case .missingIEND:
        return (head + idat, "file ends at byte \(idatEnd) without an IEND chunk")
      case .idatSplitByText:
        let data = Array(idat[8..<(idat.count - 4)])
        let first = PNGBuilder.chunk("IDAT", Array(data[0..<10]))
        let second = PNGBuilder.chunk("IDAT", Array(data[10...]))
        let text = PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8))
        return (
          head + first + text + second + iend,
          "IDAT chunk at byte \(33 + first.count + text.count): IDAT chunks are not consecutive"
        )
      case .noIDAT:
        return (head + iend, "IEND chunk at byte 33: no IDAT chunk before IEND")
      case .unknownCritical:
        return (head + PNGBuilder.chunk("ABCD", [1]) + idat + iend, "ABCD chunk at byte 33: unknown critical chunk")
      case .ihdrNotFirst:
        let text = PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8))
        return (Array(head[0..<8]) + text + Array(head[8...]) + idat + iend, "tEXt chunk at byte 8: first chunk is not IHDR")
      case .secondIHDR:
        return (head + Array(head[8...]) + idat + iend, "IHDR chunk at byte 33: second IHDR")
      case .ihdrLength:
        let ihdr = PNGBuilder.chunk("IHDR", Array(head[16..<29]) + [0])
        return (Array(head[0..<8]) + ihdr + idat + iend, "IHDR chunk at byte 8: IHDR length is not 13")
      case .truncatedInIDAT:
        return (
          head + Array(idat[0..<20]),
          "IDAT chunk at byte 33 claims \(idat.count - 12) data bytes, but only 8 bytes remain in the file"
        )
      }
    }

    static func hex(_ value: UInt32) -> String {
      let digits = String(value, radix: 16)
      return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
  }
}
