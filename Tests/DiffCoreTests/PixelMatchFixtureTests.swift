import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// The 19 cases of Tests/Fixtures/pixelmatch/expected.json (pixelmatch v7.2.0 ground truth):
/// the count, and the decoded RGBA of the expected diff PNG; the count must not depend on
/// whether a diff image is drawn.
struct PixelMatchFixtureTests {
  struct Case: Decodable, CustomTestStringConvertible, Sendable {
    let a: String
    let b: String
    let options: Options
    let expectedMismatch: Int
    let expectedDiffPng: String?

    struct Options: Decodable, Sendable {
      let threshold: Double?
      let includeAA: Bool?
      let alpha: Double?
      let aaColor: [UInt8]?
      let diffColor: [UInt8]?
      let diffColorAlt: [UInt8]?
      let diffMask: Bool?
      let checkerboard: Bool?
    }

    enum CodingKeys: String, CodingKey {
      case a, b, options
      case expectedMismatch = "expected_mismatch"
      case expectedDiffPng = "expected_diff_png"
    }

    var testDescription: String {
      let set: [(String, Any?)] = [
        ("threshold", options.threshold), ("includeAA", options.includeAA),
        ("alpha", options.alpha), ("aaColor", options.aaColor), ("diffColor", options.diffColor),
        ("diffColorAlt", options.diffColorAlt), ("diffMask", options.diffMask),
        ("checkerboard", options.checkerboard),
      ]
      let given = set.compactMap { name, value in value.map { "\(name): \($0)" } }
      return "\(a) vs \(b) {\(given.joined(separator: ", "))} → \(expectedMismatch)"
    }

    var pixelMatchOptions: PixelMatchOptions {
      var result = PixelMatchOptions()
      if let value = options.threshold { result.threshold = value }
      if let value = options.includeAA { result.includeAA = value }
      if let value = options.alpha { result.alpha = value }
      if let value = options.aaColor { result.aaColor = RGB(value[0], value[1], value[2]) }
      if let value = options.diffColor { result.diffColor = RGB(value[0], value[1], value[2]) }
      if let value = options.diffColorAlt { result.diffColorAlt = RGB(value[0], value[1], value[2]) }
      if let value = options.diffMask { result.diffMask = value }
      if let value = options.checkerboard { result.checkerboard = value }
      return result
    }
  }

  struct Expected: Decodable {
    let cases: [Case]
  }

  static let cases: [Case] = {
    do {
      let data = try Data(contentsOf: Fixtures.url("pixelmatch/expected.json"))
      return try JSONDecoder().decode(Expected.self, from: data).cases
    } catch {
      return []
    }
  }()

  static func image(_ name: String) throws -> RGBAImage {
    try PNGCodec.decode(Fixtures.bytes("pixelmatch/\(name)"), source: name)
  }

  @Test func allNineteenCasesLoaded() {
    #expect(Self.cases.count == 19)
    #expect(Self.cases.filter { $0.expectedDiffPng != nil }.count == 14)
  }

  @Test(arguments: cases)
  func matchesReference(_ testCase: Case) throws {
    let a = try Self.image(testCase.a)
    let b = try Self.image(testCase.b)
    let options = testCase.pixelMatchOptions

    let countOnly = try PixelMatch.compare(a, b, options: options)
    #expect(countOnly == testCase.expectedMismatch)

    let (drawnCount, diff) = try PixelMatch.diffImage(a, b, options: options)
    #expect(drawnCount == testCase.expectedMismatch)

    if let expectedName = testCase.expectedDiffPng {
      let expected = try Self.image(expectedName)
      #expect(diff.width == expected.width && diff.height == expected.height)
      let differing = zip(diff.pixels, expected.pixels).filter { $0 != $1 }.count
      #expect(differing == 0, "\(differing) bytes differ from \(expectedName)")
    }
  }

  /// The ignored (anti-aliased) pixels the reviewer shows with `i` are exactly the pixels
  /// pixelmatch's reference diff image paints in `aaColor`, in every case that draws them.
  @Test(arguments: cases.filter { $0.expectedDiffPng != nil && $0.options.includeAA != true && $0.options.diffMask != true })
  func antialiasedPixelsAreTheReferenceDiffsYellowPixels(_ testCase: Case) throws {
    let a = try Self.image(testCase.a)
    let b = try Self.image(testCase.b)
    let options = testCase.pixelMatchOptions
    let expected = try Self.image(try #require(testCase.expectedDiffPng))
    let aa = options.aaColor
    let mask = SnapshotComparer.antialiasedPixels(
      base: a, head: b, options: SnapshotComparisonOptions(pixelMatch: options))
    #expect(mask.width == expected.width && mask.height == expected.height)
    var painted = 0
    for index in 0..<(expected.width * expected.height) {
      let p = Array(expected.pixels[(index * 4)..<(index * 4 + 3)])
      let isYellow = p == [aa.r, aa.g, aa.b]
      if isYellow { painted += 1 }
      #expect((mask.pixels[index] == 255) == isYellow, "pixel \(index % expected.width), \(index / expected.width)")
      if (mask.pixels[index] == 255) != isYellow { break }
    }
    // The cases that draw anti-aliasing do draw some.
    if testCase.a == "1a.png" { #expect(painted > 0) }
  }

  /// The buffer-based entry point draws the same image as `diffImage` and counts the same.
  @Test func bufferOutputMatchesDiffImage() throws {
    let a = try Self.image("4a.png")
    let b = try Self.image("4b.png")
    let options = PixelMatchOptions(threshold: 0.05)
    var buffer = [UInt8](repeating: 0, count: a.pixelCount * 4)
    let count = try buffer.withUnsafeMutableBufferPointer { out in
      try PixelMatch.compare(a, b, output: out, options: options)
    }
    let (expectedCount, image) = try PixelMatch.diffImage(a, b, options: options)
    #expect(count == 36049)
    #expect(count == expectedCount)
    #expect(buffer == image.pixels)
  }

  @Test func sizeMismatchThrowsWithBothSizes() throws {
    let a = RGBAImage(transparentWidth: 3, height: 2)
    let b = RGBAImage(transparentWidth: 2, height: 3)
    #expect(throws: DiffError.sizeMismatch(width1: 3, height1: 2, width2: 2, height2: 3)) {
      _ = try PixelMatch.compare(a, b)
    }
    let message = DiffError.sizeMismatch(width1: 3, height1: 2, width2: 2, height2: 3).description
    #expect(message.contains("3x2") && message.contains("2x3"))
  }

  @Test func outputOfWrongSizeThrows() throws {
    let a = RGBAImage(transparentWidth: 2, height: 2)
    var buffer = [UInt8](repeating: 0, count: 15)
    #expect(throws: DiffError.outputSizeMismatch(expectedBytes: 16, actualBytes: 15)) {
      _ = try buffer.withUnsafeMutableBufferPointer { out in
        try PixelMatch.compare(a, a, output: out, options: PixelMatchOptions())
      }
    }
  }
}
