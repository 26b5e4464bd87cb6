import DiffCore
import FoundationEssentials
import JSONCore
import TerminalCanvas
import TextEscaping
import SnaprevCommandLine
import TextFormat

/// What `snaprev diff` found, as a value: rendered as text for people and JSON for scripts.
struct DiffReport: Equatable {
  struct Side: Equatable {
    let path: String
    let width: Int
    let height: Int
  }

  let base: Side
  let head: Side
  let canvasWidth: Int
  let canvasHeight: Int
  let canvasPixels: Int
  let mismatchedPixels: Int
  let ratio: Double
  let changed: Bool
  let diffThreshold: Double
  let threshold: Double
  let includeAA: Bool
  /// The files were byte-identical, so nothing was decoded.
  let identicalBytes: Bool
  let output: String?
  let mask: String?

  /// The exit code scripts branch on.
  var exitStatus: ExitStatus { changed ? DiffExit.changed : DiffExit.unchanged }

  /// Every key is always present (`output` and `mask` are null when not written).
  var jsonValue: JSONValue {
    func side(_ side: Side) -> JSONValue {
      .object(["path": .string(side.path), "width": .int(side.width), "height": .int(side.height)])
    }
    return .object([
      "base": side(base), "head": side(head),
      "canvas_width": .int(canvasWidth), "canvas_height": .int(canvasHeight), "canvas_pixels": .int(canvasPixels),
      "mismatched_pixels": .int(mismatchedPixels), "ratio": .double(ratio), "changed": .bool(changed),
      "diff_threshold": .double(diffThreshold), "threshold": .double(threshold), "include_aa": .bool(includeAA),
      "identical_bytes": .bool(identicalBytes), "output": .string(output), "mask": .string(mask),
    ])
  }

  /// JSON for scripts, in the layout `JSONEncoder` gave it before JSONCore existed (so
  /// scripts see the same bytes); file names keep their value, and every terminal-unsafe
  /// scalar in them is a `\u` escape.
  func json() -> String {
    JSONWriter.string(jsonValue, style: .foundationPretty)
  }

  /// Human-readable summary; file names are escaped for the terminal.
  var text: String {
    let percent = Self.format(ratio * 100, digits: 3)
    let comparison = changed ? ">" : "≤"
    var lines = [
      changed ? "changed" : "unchanged",
      "  base        \(SafeText.escaped(base.path)) (\(base.width)×\(base.height))",
      "  head        \(SafeText.escaped(head.path)) (\(head.width)×\(head.height))",
      "  canvas      \(canvasWidth)×\(canvasHeight) = \(canvasPixels) px",
      "  mismatched  \(mismatchedPixels) px",
      "  ratio       \(Self.format(ratio, digits: 7)) (\(percent)%) \(comparison) diff threshold \(Self.format(diffThreshold, digits: 7))",
    ]
    if identicalBytes { lines.append("  note        identical file bytes, not decoded") }
    if base.width != head.width || base.height != head.height {
      lines.append("  note        sizes differ: both padded to the canvas with transparent pixels, top-left")
    }
    if let output { lines.append("  diff image  \(SafeText.escaped(output))") }
    if let mask { lines.append("  mask        \(SafeText.escaped(mask))") }
    return lines.joined(separator: "\n")
  }

  /// Shortest decimal form with at most `digits` decimals (no trailing zeros, no exponent).
  static func format(_ value: Double, digits: Int) -> String {
    var text = String(printf: "%.*f", Int32(digits), value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}

/// `snaprev diff`'s exit codes (documented in its --help and in the README).
enum DiffExit {
  static let unchanged = ExitStatus(0, "unchanged (ratio <= --diff-threshold)")
  static let changed = ExitStatus(1, "changed (ratio > --diff-threshold)")
  static let badInput = ExitStatus(2, "bad input: a file is missing, unreadable, not a PNG or too large")
  static let cannotWrite = ExitStatus(3, "--output or --mask could not be written")
  static let table = ExitCodeTable(
    unchanged, changed, badInput, cannotWrite, .usage("usage error (unknown option, value out of range)"))
}
