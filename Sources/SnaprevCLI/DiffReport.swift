import DiffCore
import Foundation
import TerminalCanvas
import TextEscaping

/// What `snaprev diff` found, as a value: rendered as text for people and JSON for scripts.
struct DiffReport: Encodable, Equatable {
  struct Side: Encodable, Equatable {
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

  enum CodingKeys: String, CodingKey {
    case base, head, ratio, changed, threshold, output, mask
    case canvasWidth = "canvas_width"
    case canvasHeight = "canvas_height"
    case canvasPixels = "canvas_pixels"
    case mismatchedPixels = "mismatched_pixels"
    case diffThreshold = "diff_threshold"
    case includeAA = "include_aa"
    case identicalBytes = "identical_bytes"
  }

  /// Every key is always present (`output` and `mask` are null when not written).
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(base, forKey: .base)
    try container.encode(head, forKey: .head)
    try container.encode(canvasWidth, forKey: .canvasWidth)
    try container.encode(canvasHeight, forKey: .canvasHeight)
    try container.encode(canvasPixels, forKey: .canvasPixels)
    try container.encode(mismatchedPixels, forKey: .mismatchedPixels)
    try container.encode(ratio, forKey: .ratio)
    try container.encode(changed, forKey: .changed)
    try container.encode(diffThreshold, forKey: .diffThreshold)
    try container.encode(threshold, forKey: .threshold)
    try container.encode(includeAA, forKey: .includeAA)
    try container.encode(identicalBytes, forKey: .identicalBytes)
    try container.encode(output, forKey: .output)
    try container.encode(mask, forKey: .mask)
  }

  /// The exit code scripts branch on.
  var exitCode: Int32 { changed ? DiffExit.changed : DiffExit.unchanged }

  /// JSON for scripts. JSONEncoder escapes only C0 controls, so DEL, C1 controls (U+009B
  /// is a one-byte CSI), line separators and bidi overrides in file names are escaped here
  /// as `\uXXXX`: the same JSON value, nothing a terminal would act on.
  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let text = String(decoding: try encoder.encode(self), as: UTF8.self)
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      // C0 is left to JSONEncoder: inside strings it is escaped, outside it is layout.
      if scalar.value >= 0x7F, TerminalUnsafe.contains(scalar) {
        var digits: [UInt8] = []
        Hex.appendDigits(of: scalar.value, count: 4, to: &digits)
        out += "\\u" + String(decoding: digits, as: UTF8.self)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Human-readable summary; file names are escaped for the terminal.
  var text: String {
    let percent = Self.format(ratio * 100, digits: 3)
    let comparison = changed ? ">" : "≤"
    var lines = [
      changed ? "changed" : "unchanged",
      "  base        \(SafeText.escaped(base.path)) (\(base.width)x\(base.height))",
      "  head        \(SafeText.escaped(head.path)) (\(head.width)x\(head.height))",
      "  canvas      \(canvasWidth)x\(canvasHeight) = \(canvasPixels) px",
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
    var text = String(format: "%.\(digits)f", value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}

/// `snaprev diff`'s exit codes (documented in its --help and in the README).
enum DiffExit {
  /// The images match: ratio ≤ diff threshold.
  static let unchanged: Int32 = 0
  /// The images differ: ratio > diff threshold.
  static let changed: Int32 = 1
  /// An input is missing, unreadable, not a valid PNG or over the pixel limit.
  static let badInput: Int32 = 2
  /// --output or --mask could not be written.
  static let cannotWrite: Int32 = 3
  /// Usage error (unknown option, bad value): ArgumentParser's validation exit code.
  static let usage: Int32 = 64
}
