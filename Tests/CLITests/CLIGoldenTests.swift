import Foundation
import ProcessSpawn
import TestSupport
import Testing

/// Byte-for-byte goldens of the built binary: every command's `--help` (hidden bench commands
/// too) and the outputs scripts read (`show`, `list`, `status`, `branches`, `diff`). Taken
/// before the architecture refactoring, so that moving code cannot change what users see.
/// Regenerate with SNAPREV_UPDATE_GOLDENS=1 and read every changed file before committing.
@Suite(.serialized)
struct CLIGoldenTests {
  static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

  /// Every subcommand, hidden ones included; `snaprev --help` is checked separately.
  static let subcommands = [
    "diff", "bench", "review", "browse", "bench-browse", "demo", "archive", "import", "branches",
    "bench-archive", "upload", "show", "status", "list", "approve", "unapprove", "request-changes", "image", "store-rules",
    "review-bench", "bench-store", "bench-graphics", "serve", "token", "gc",
  ]

  /// Help wraps at $COLUMNS when stdout is not a terminal; fix it so the goldens do not
  /// depend on the machine.
  static let fixedWidth = ["COLUMNS": "80", "LINES": "24"]

  struct Case: CustomTestStringConvertible, Sendable {
    let golden: String
    let arguments: [String]
    let status: Int32
    var testDescription: String { golden }
  }

  /// Compares stdout with `Goldens/<name>` and reports the first differing line.
  static func check(_ run: Spawn.Finished, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try check(stdout: Data(run.stdout), stderr: run.stderrText, name, sourceLocation: sourceLocation)
  }

  static func check(stdout: Data, stderr: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = goldens.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["SNAPREV_UPDATE_GOLDENS"] == "1" {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try stdout.write(to: url)
      return
    }
    let expected = try Data(contentsOf: url)
    guard expected != stdout else { return }
    let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let got = String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let line = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
    Issue.record(
      """
      golden \(name) differs at line \(line + 1) (\(expected.count) bytes expected, \(stdout.count) written):
        expected: \(line < want.count ? String(want[line]) : "<end>")
        actual:   \(line < got.count ? String(got[line]) : "<end>")
      stderr: \(stderr)
      """,
      sourceLocation: sourceLocation)
  }

  // MARK: help

  @Test func rootHelp() throws {
    let run = try SnaprevBinary.run(["--help"], environment: Self.fixedWidth)
    #expect(run.status == 0)
    try Self.check(run, "help/snaprev.txt")
  }

  @Test func version() throws {
    let run = try SnaprevBinary.run(["--version"], environment: Self.fixedWidth)
    #expect(run.status == 0)
    try Self.check(run, "help/version.txt")
  }

  @Test(arguments: subcommands)
  func subcommandHelp(_ name: String) throws {
    let run = try SnaprevBinary.run([name, "--help"], environment: Self.fixedWidth)
    #expect(run.status == 0, "\(name) --help: \(run.stderrText)")
    try Self.check(run, "help/\(name).txt")
  }

  // MARK: the snapshot store

  /// A copy of `Goldens/store`: the demo's base and selective head builds (ids 1 and 2),
  /// and the head uploaded again as build 3 and approved by "alice". Committed rather than
  /// rebuilt because every record carries the time it was written. Made with:
  ///   snaprev demo --no-review --store S
  ///   snaprev upload Resources/demo/review/head --store S --app-id com.trailmix.app \
  ///     --head-sha 1111111111111111111111111111111111111111 --base-sha 3f2a9c1d… --head-ref feature/again --pr 43
  ///   snaprev approve 3 --store S --reviewer alice
  static func storeCopy() throws -> String {
    let root = try TemporaryDirectory.create("goldens")
    try FileManager.default.copyItem(atPath: goldens.appendingPathComponent("store").path, toPath: root + "/store")
    return root + "/store"
  }

  static let storeCases: [Case] = [
    Case(golden: "store-outputs/show-2.json", arguments: ["show", "2"], status: 0),
    Case(golden: "store-outputs/show-2-compact.json", arguments: ["show", "2", "--compact-metadata"], status: 0),
    Case(golden: "store-outputs/show-1.json", arguments: ["show", "1"], status: 0),
    Case(golden: "store-outputs/show-3.json", arguments: ["show", "3"], status: 0),
    Case(golden: "store-outputs/list.txt", arguments: ["list"], status: 0),
    Case(golden: "store-outputs/list.json", arguments: ["list", "--json"], status: 0),
    Case(golden: "store-outputs/status-1.txt", arguments: ["status", "1"], status: 0),
    Case(golden: "store-outputs/status-2.txt", arguments: ["status", "2"], status: 2),
    Case(golden: "store-outputs/status-3.txt", arguments: ["status", "3"], status: 0),
    Case(golden: "store-outputs/store-rules.txt", arguments: ["store-rules"], status: 0),
  ]

  @Test func storeOutputs() throws {
    let store = try Self.storeCopy()
    defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
    for item in Self.storeCases {
      let run = try SnaprevBinary.run(item.arguments + ["--store", store], environment: Self.fixedWidth)
      #expect(run.status == item.status, "\(item.arguments): \(run.stderrText)")
      try Self.check(run, item.golden)
    }
  }

  // MARK: the archive

  static let snapshot = "swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764"

  static let branchCases: [Case] = [
    Case(golden: "branches/page1.json", arguments: ["branches", snapshot], status: 0),
    Case(golden: "branches/page2.yaml", arguments: ["branches", snapshot, "--from", "refs/tags/v3.0-rc7", "--yaml"], status: 0),
    Case(
      golden: "branches/aliases-releases.json",
      arguments: ["branches", snapshot, "--target-types", "alias,release", "--count", "25"], status: 0),
    Case(
      golden: "branches/aliases-releases.yaml",
      arguments: ["branches", snapshot, "--target-types", "alias,release", "--count", "25", "--yaml"], status: 0),
    Case(golden: "branches/bad-count.json", arguments: ["branches", snapshot, "--count", "1001"], status: 2),
    Case(golden: "branches/not-found.yaml", arguments: ["branches", String(repeating: "0", count: 40), "--yaml"], status: 4),
  ]

  /// The archive is imported from the committed API pages (deterministic, no clock).
  @Test func branchesOutputs() throws {
    let root = try TemporaryDirectory.create("goldens-archive")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    let imported = try SnaprevBinary.run(["import"] + (try ArchiveCLI.pageFiles(in: root)) + ["--store", store])
    #expect(imported.status == 0, "import: \(imported.stderrText)")
    for item in Self.branchCases {
      let run = try SnaprevBinary.run(item.arguments + ["--store", store], environment: Self.fixedWidth)
      #expect(run.status == item.status, "\(item.arguments): \(run.stderrText)")
      try Self.check(run, item.golden)
    }
  }

  // MARK: diff

  static let diffCases: [Case] = [
    Case(golden: "diff/1a-1b.json", arguments: ["diff", "--json", "pixelmatch/1a.png", "pixelmatch/1b.png"], status: 1),
    Case(golden: "diff/1a-1b.txt", arguments: ["diff", "pixelmatch/1a.png", "pixelmatch/1b.png"], status: 1),
    Case(
      golden: "diff/bench-small.json",
      arguments: ["diff", "--json", "bench-screens/base.png", "bench-screens/small_change.png"], status: 1),
    Case(
      golden: "diff/bench-identical.json",
      arguments: ["diff", "--json", "bench-screens/base.png", "bench-screens/identical.png"], status: 0),
    Case(golden: "diff/1a-1a.txt", arguments: ["diff", "pixelmatch/1a.png", "pixelmatch/1a.png"], status: 0),
    Case(
      golden: "diff/6a-6b-options.json",
      arguments: ["diff", "--json", "--threshold", "0.05", "--include-aa", "--diff-threshold", "0.5",
                  "pixelmatch/6a.png", "pixelmatch/6b.png"],
      status: 0),
  ]

  /// Run in Tests/Fixtures with relative paths, as a user types them.
  @Test(arguments: diffCases)
  func diffOutput(_ item: Case) throws {
    let run = try DiffCommandTests.snaprev(item.arguments, environment: Self.fixedWidth)
    #expect(run.status == item.status, "\(item.arguments): \(run.stderrText)")
    try Self.check(stdout: Data(run.stdoutText.utf8), stderr: run.stderrText, item.golden)
  }
}
