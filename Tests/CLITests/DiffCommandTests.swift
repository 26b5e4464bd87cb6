import DiffCore
import Foundation
import PNGCodec
import ProcessSpawn
import TestSupport
import Testing

/// `snaprev diff` end to end: the built binary, its exit codes, JSON, files and errors.
@Suite(.serialized)
struct DiffCommandTests {
  /// `snaprev ARGUMENTS` run from Tests/Fixtures, so fixture paths are relative.
  static func snaprev(_ arguments: [String], environment: [String: String] = [:]) throws -> Spawn.Finished {
    try SnaprevBinary.run(arguments, environment: environment, directory: Fixtures.root.path)
  }

  static func jsonObject(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
  }

  @Test func identicalFileExitsZero() throws {
    let run = try Self.snaprev(["diff", "pixelmatch/1a.png", "pixelmatch/1a.png"])
    #expect(run.status == 0)
    #expect(run.stdoutText.hasPrefix("unchanged\n"))
    #expect(run.stdoutText.contains("mismatched  0 px"))
    #expect(run.stdoutText.contains("identical file bytes"))
  }

  @Test func changedExitsOneWithCountCanvasAndRatio() throws {
    let run = try Self.snaprev(["diff", "pixelmatch/1a.png", "pixelmatch/1b.png"])
    #expect(run.status == 1)
    #expect(run.stdoutText.hasPrefix("changed\n"))
    #expect(run.stdoutText.contains("mismatched  106 px"))
    #expect(run.stdoutText.contains("canvas      512×256 = 131072 px"))
    #expect(run.stdoutText.contains("ratio       0.0008087 (0.081%) > diff threshold 0"))
  }

  @Test func jsonCarriesTheResult() throws {
    let run = try Self.snaprev([
      "diff", "--json", "--threshold", "0.05", "pixelmatch/1a.png", "pixelmatch/1b.png",
    ])
    #expect(run.status == 1)
    let json = try Self.jsonObject(run.stdoutText)
    #expect(json["mismatched_pixels"] as? Int == 143)
    #expect(json["canvas_width"] as? Int == 512)
    #expect(json["canvas_height"] as? Int == 256)
    #expect(json["canvas_pixels"] as? Int == 131_072)
    #expect(json["ratio"] as? Double == 143.0 / 131_072.0)
    #expect(json["changed"] as? Bool == true)
    #expect(json["threshold"] as? Double == 0.05)
    #expect(json["identical_bytes"] as? Bool == false)
    #expect(json["output"] is NSNull && json["mask"] is NSNull)
    let base = try #require(json["base"] as? [String: Any])
    #expect(base["path"] as? String == "pixelmatch/1a.png")
  }

  @Test func diffThresholdIsStrict() throws {
    // 106 / 131072 = 0.000808716...: at exactly that ratio the image is unchanged.
    let ratio = String(106.0 / 131_072.0)
    let at = try Self.snaprev(["diff", "--diff-threshold", ratio, "pixelmatch/1a.png", "pixelmatch/1b.png"])
    #expect(at.status == 0)
    let below = try Self.snaprev(["diff", "--diff-threshold", "0.0008", "pixelmatch/1a.png", "pixelmatch/1b.png"])
    #expect(below.status == 1)
  }

  @Test func includeAACountsAntiAliasedPixels() throws {
    let run = try Self.snaprev([
      "diff", "--json", "--threshold", "0.05", "--include-aa", "pixelmatch/1a.png", "pixelmatch/1b.png",
    ])
    #expect(try Self.jsonObject(run.stdoutText)["mismatched_pixels"] as? Int == 251)
  }

  @Test func writesDiffImageAndMask() throws {
    let directory = URL(fileURLWithPath: try TemporaryDirectory.create("diff-tests"))
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("diff.png").path
    let mask = directory.appendingPathComponent("mask.png").path
    let run = try Self.snaprev([
      "diff", "--output", output, "--mask", mask, "pixelmatch/1a.png", "pixelmatch/1b.png",
    ])
    #expect(run.status == 1)
    let drawn = try PNGCodec.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: output))), source: output)
    let expected = try PNGCodec.decode(Fixtures.bytes("pixelmatch/1diffdefaultthreshold.png"), source: "expected")
    #expect(drawn == expected)
    let maskBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: mask)))
    let header = try PNGCodec.header(of: maskBytes, source: mask)
    #expect(header.colorType == 0 && header.bitDepth == 8)
    let maskImage = try PNGCodec.decode(maskBytes, source: mask)
    let counted = stride(from: 0, to: maskImage.pixels.count, by: 4).filter { maskImage.pixels[$0] == 255 }
    #expect(counted.count == 106)
    #expect(maskImage.pixels.allSatisfy { $0 == 0 || $0 == 255 })
  }

  @Test func differentSizesArePaddedNotRejected() throws {
    let run = try Self.snaprev(["diff", "--json", "pixelmatch/1a.png", "pngsuite/basn6a08.png"])
    #expect(run.status == 1)
    let json = try Self.jsonObject(run.stdoutText)
    #expect(json["canvas_width"] as? Int == 512)
    #expect(json["canvas_height"] as? Int == 256)
    let head = try #require(json["head"] as? [String: Any])
    #expect(head["width"] as? Int == 32)
  }

  @Test func corruptFileExitsTwoAndIsNamed() throws {
    let run = try Self.snaprev(["diff", "pixelmatch/1a.png", "pngsuite/xcsn0g01.png"])
    #expect(run.status == 2)
    #expect(run.stdoutText.isEmpty)
    #expect(run.stderrText == "snaprev diff: pngsuite/xcsn0g01.png: not a valid PNG: IDAT: CRC error\n")
  }

  @Test func missingFileExitsTwoAndIsNamed() throws {
    let run = try Self.snaprev(["diff", "pixelmatch/no-such.png", "pixelmatch/1a.png"])
    #expect(run.status == 2)
    #expect(run.stderrText.contains("pixelmatch/no-such.png: no such file"))
  }

  @Test func overThePixelLimitExitsTwo() throws {
    let run = try Self.snaprev(["diff", "--pixel-limit", "1000", "pixelmatch/1a.png", "pixelmatch/1b.png"])
    #expect(run.status == 2)
    #expect(run.stderrText.contains("pixelmatch/1a.png: image is 512×256 = 131072 pixels, over the limit of 1000 pixels"))
  }

  @Test func fileNamesAreEscapedOnTheTerminal() throws {
    let directory = URL(fileURLWithPath: try TemporaryDirectory.create("diff-tests"))
    defer { try? FileManager.default.removeItem(at: directory) }
    let evil = directory.appendingPathComponent("evil\u{1B}[31mred.png")
    try Data(Fixtures.bytes("pngsuite/xcsn0g01.png")).write(to: evil)
    let run = try Self.snaprev(["diff", "pixelmatch/1a.png", evil.path])
    #expect(run.status == 2)
    #expect(!run.stderrText.contains("\u{1B}"))
    #expect(run.stderrText.contains("evil\\e[31mred.png"))
  }

  /// JSON keeps the real name but escapes what a terminal would act on (C1 CSI, bidi).
  @Test func jsonEscapesTerminalControlsInFileNames() throws {
    let directory = URL(fileURLWithPath: try TemporaryDirectory.create("diff-tests"))
    defer { try? FileManager.default.removeItem(at: directory) }
    let name = "c1\u{9B}31m\u{202E}gnp.png"
    let file = directory.appendingPathComponent(name)
    try Data(Fixtures.bytes("pixelmatch/1a.png")).write(to: file)
    let run = try Self.snaprev(["diff", "--json", file.path, file.path])
    #expect(run.status == 0)
    #expect(!run.stdoutText.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E })
    #expect(run.stdoutText.contains("c1\\u009b31m\\u202egnp.png"))
    let base = try #require(try Self.jsonObject(run.stdoutText)["base"] as? [String: Any])
    #expect(base["path"] as? String == file.path)
  }

  @Test func unwritableOutputExitsThree() throws {
    let run = try Self.snaprev([
      "diff", "--mask", "/nonexistent-dir/mask.png", "pixelmatch/1a.png", "pixelmatch/1b.png",
    ])
    #expect(run.status == 3)
    #expect(run.stderrText.contains("/nonexistent-dir/mask.png: cannot write"))
  }

  @Test(arguments: [
    ["diff", "--threshold", "2", "pixelmatch/1a.png", "pixelmatch/1b.png"],
    ["diff", "--diff-threshold", "-0.1", "pixelmatch/1a.png", "pixelmatch/1b.png"],
    ["diff", "--no-such-option", "pixelmatch/1a.png", "pixelmatch/1b.png"],
    ["diff", "pixelmatch/1a.png"],
    ["diff", "--json", "--preview", "pixelmatch/1a.png", "pixelmatch/1b.png"],
    ["diff", "--output", "pixelmatch/1b.png", "pixelmatch/1a.png", "pixelmatch/1b.png"],
  ])
  func usageErrorsExitSixtyFour(_ arguments: [String]) throws {
    let run = try Self.snaprev(arguments)
    #expect(run.status == 64)
    #expect(run.stderrText.contains("Usage: snaprev diff") || run.stderrText.contains("Error:"))
  }

  @Test func inputIsNeverOverwritten() throws {
    let before = try Fixtures.bytes("pixelmatch/1b.png")
    _ = try Self.snaprev(["diff", "--mask", "pixelmatch/1b.png", "pixelmatch/1a.png", "pixelmatch/1b.png"])
    #expect(try Fixtures.bytes("pixelmatch/1b.png") == before)
  }

  @Test func helpDocumentsEveryOptionAndExitCode() throws {
    let run = try Self.snaprev(["diff", "--help"])
    #expect(run.status == 0)
    for text in [
      "--json", "--output", "--mask", "--threshold", "--include-aa", "--diff-threshold", "--preview",
      "--pixel-limit", "0   unchanged", "1   changed", "2   bad input", "3   --output or --mask",
      "64  usage error",
    ] {
      #expect(run.stdoutText.contains(text), "help lacks \(text)")
    }
  }

  @Test func previewDrawsBothScreensAndTheHeatmap() throws {
    let demo = Fixtures.packageRoot.appendingPathComponent("Resources/demo/diff")
    let run = try Self.snaprev(
      ["diff", "--preview", demo.appendingPathComponent("base.png").path,
       demo.appendingPathComponent("head.png").path],
      environment: ["NO_COLOR": "1", "COLUMNS": "80", "LINES": "40"])
    #expect(run.status == 1)
    let lines = run.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
    let first = try #require(lines.first)
    #expect(first.contains("base 390×844"))
    #expect(first.contains("head 390×844"))
    #expect(first.contains("changes"))
    // 40 lines minus 10 for the summary: 29 image rows and the title row.
    #expect(lines.count >= 30)
    #expect(run.stdoutText.contains("█"))
    #expect(run.stdoutText.contains("changed\n"))
    // Monochrome: no colour codes at all.
    #expect(!run.stdoutText.contains("38;"))
  }
}
