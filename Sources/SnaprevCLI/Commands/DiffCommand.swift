import DurableFiles
import SnaprevShell
import ArgumentParser
import DiffCore
import FoundationEssentials
import ImageCompare
import PNGCodec
import TerminalCanvas
import TextEscaping
import SnaprevCommandLine

/// `snaprev diff BASE HEAD`: compare two PNG snapshots the way the reviewer does.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two PNG snapshots (pixelmatch v7.2.0 on a padded canvas).",
    discussion: """
      Prints the number of mismatched pixels, the canvas size and the ratio of mismatched \
      to canvas pixels. Images of different sizes are both padded to max(width) x \
      max(height) with transparent pixels anchored top-left; a size change is a \
      difference, never an error. The images are changed when the ratio is greater than \
      --diff-threshold (strictly). Byte-identical files are not decoded.

      \(DiffExit.table.block)
      """)

  @Argument(help: "The base (reference) PNG.")
  var base: String

  @Argument(help: "The head (new) PNG.")
  var head: String

  @Flag(name: .long, help: "Print the result as JSON (sorted keys) instead of text.")
  var json = false

  @Option(name: .long, help: "Write pixelmatch's diff image (RGBA PNG, canvas-sized) to this file.")
  var output: String?

  @Option(name: .long, help: "Write the mask (8-bit gray PNG, 255 = counted pixel) to this file.")
  var mask: String?

  @Option(
    name: .long,
    help: "pixelmatch's per-pixel colour threshold, 0...1; smaller is more sensitive.")
  var threshold: Double = PixelMatchOptions().threshold

  @Flag(name: .long, help: "Count anti-aliased pixels instead of detecting and ignoring them.")
  var includeAA = false

  @Option(
    name: .long,
    help: "Changed when the mismatched-pixel ratio is greater than this, 0...1 (Sentry's diff_threshold).")
  var diffThreshold: Double = 0

  @Flag(name: .long, help: "Draw base, head and a heatmap of the differences, sized to the terminal.")
  var preview = false

  @Option(name: .long, help: "Refuse images whose canvas has more pixels than this.")
  var pixelLimit: Int = PNGCodec.defaultPixelLimit

  func validate() throws {
    guard threshold.isFinite, (0...1).contains(threshold) else {
      throw ValidationError("--threshold must be between 0 and 1, got \(threshold)")
    }
    guard diffThreshold.isFinite, (0...1).contains(diffThreshold) else {
      throw ValidationError("--diff-threshold must be between 0 and 1, got \(diffThreshold)")
    }
    guard pixelLimit > 0 else { throw ValidationError("--pixel-limit must be positive") }
    if json && preview { throw ValidationError("--json and --preview cannot be combined") }
    for (flag, path) in [("--output", output), ("--mask", mask)] {
      guard let path else { continue }
      for input in [base, head] where Self.sameFile(path, input) {
        throw ValidationError("\(flag) would overwrite the input \(SafeText.escaped(input))")
      }
    }
    if let output, let mask, Self.sameFile(output, mask) {
      throw ValidationError("--output and --mask name the same file")
    }
  }

  func run() throws {
    let options = SnapshotComparisonOptions(
      pixelMatch: PixelMatchOptions(threshold: threshold, includeAA: includeAA),
      diffThreshold: diffThreshold, makeMask: mask != nil || preview,
      makeDiffImage: output != nil)

    let baseSource: PNGSource
    let headSource: PNGSource
    let headers: (PNGHeader, PNGHeader)
    let comparison: SnapshotComparison
    let identicalBytes: Bool
    var images: (RGBAImage, RGBAImage)? = nil
    do {
      baseSource = try DiffInput.read(base)
      headSource = try DiffInput.read(head)
      headers = try ImagePairDiff.headers(baseSource, headSource, pixelLimit: pixelLimit)
      identicalBytes = ImagePairDiff.sameBytes(baseSource.bytes, headSource.bytes)
      if preview {
        // The preview draws both images, so keep them.
        let pair =
          identicalBytes
          ? try Self.decodeOnce(baseSource, pixelLimit: pixelLimit)
          : try ImagePairDiff.decodePair(baseSource, headSource, pixelLimit: pixelLimit)
        images = pair
        comparison =
          identicalBytes
          ? SnapshotComparer.identical(pair.0, options: options)
          : SnapshotComparer.compare(base: pair.0, head: pair.1, options: options)
      } else {
        comparison = try ImagePairDiff.compare(
          base: baseSource, head: headSource, options: options, pixelLimit: pixelLimit)
      }
    } catch let error as DiffInput.ReadError {
      throw Self.fail(error.description, DiffExit.badInput)
    } catch let error as PNGError {
      throw Self.fail(error.description, DiffExit.badInput)
    }

    try write(comparison)

    let report = DiffReport(
      base: .init(path: base, width: headers.0.width, height: headers.0.height),
      head: .init(path: head, width: headers.1.width, height: headers.1.height),
      canvasWidth: comparison.canvasWidth, canvasHeight: comparison.canvasHeight,
      canvasPixels: comparison.canvasPixels, mismatchedPixels: comparison.mismatchedPixels,
      ratio: comparison.ratio, changed: comparison.isChanged, diffThreshold: diffThreshold,
      threshold: threshold, includeAA: includeAA, identicalBytes: identicalBytes,
      output: output, mask: mask)

    if let images {
      let environment = ProcessInfo.processInfo.environment
      let size = DiffPreview.terminalSize(environment: environment)
      let mode = ColorMode.detect(environment: environment)
      // Leave room for the summary below the preview.
      let canvas = DiffPreview.render(
        base: images.0, head: images.1, comparison: comparison, columns: size.columns,
        rows: max(4, size.rows - 10), mode: mode)
      print(ANSIRenderer.render(canvas, mode: mode), terminator: "")
    }
    print(json ? report.json() : report.text)
    if report.changed { throw report.exitStatus.exit }
  }

  /// Writes the requested diff image and mask; each file appears whole or not at all.
  private func write(_ comparison: SnapshotComparison) throws {
    do {
      if let output, let image = comparison.diffImage {
        try Self.writeAtomically(PNGCodec.encode(image, compressionLevel: 1), to: output)
      }
      if let mask, let maskImage = comparison.mask {
        try Self.writeAtomically(PNGCodec.encode(maskImage, compressionLevel: 1), to: mask)
      }
    } catch let error as PNGError {
      throw Self.fail(error.description, DiffExit.cannotWrite)
    }
  }

  private static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    do {
      try Files.writeAtomically(bytes, to: path, syncDirectory: false)
    } catch {
      throw fail("\(path): cannot write: \(error.reason)", DiffExit.cannotWrite)
    }
  }

  private static func decodeOnce(_ source: PNGSource, pixelLimit: Int) throws -> (RGBAImage, RGBAImage) {
    let image = try PNGCodec.decode(source.bytes, source: source.name, pixelLimit: pixelLimit)
    return (image, image)
  }

  private static func fail(_ message: String, _ status: ExitStatus) -> ExitCode {
    CommandOutput.fail("diff", message, status)
  }

  private static func sameFile(_ a: String, _ b: String) -> Bool {
    let first = URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath()
    let second = URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath()
    return first.path == second.path
  }
}
