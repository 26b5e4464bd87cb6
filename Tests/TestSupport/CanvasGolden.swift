import Foundation
import TerminalCanvas
import Testing

/// Canvas goldens: the text of the screen, then one role letter per cell. Regenerate
/// with SNAPREV_UPDATE_GOLDENS=1 (and read every changed file before committing).
public struct CanvasGolden: Sendable {
  public let directory: URL

  /// `directory` is usually the `Goldens` folder beside the calling test file.
  public init(directory: URL) {
    self.directory = directory
  }

  public static func serialize(_ canvas: Canvas) -> String {
    "# \(canvas.width)x\(canvas.height) text\n" + canvas.text + "\n# roles\n" + canvas.roleLines.joined(separator: "\n") + "\n"
  }

  public func check(_ canvas: Canvas, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try check(text: Self.serialize(canvas), name, sourceLocation: sourceLocation)
  }

  /// Compares any text with the golden `name` (a screen as the terminal receives it, say).
  public func check(text actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = directory.appendingPathComponent("\(name).txt")
    if ProcessInfo.processInfo.environment["SNAPREV_UPDATE_GOLDENS"] == "1" {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
      let want = line < e.count ? String(e[line]) : "<end>"
      let got = line < a.count ? String(a[line]) : "<end>"
      Issue.record(
        "golden \(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(SNAPREV_UPDATE_GOLDENS=1 regenerates)",
        sourceLocation: sourceLocation)
    }
  }
}
