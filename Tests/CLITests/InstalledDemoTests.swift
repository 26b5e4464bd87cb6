import Foundation
import ProcessSpawn
import TestSupport
import Testing

/// `snaprev demo` from an installed layout (what scripts/install makes: PREFIX/bin/snaprev
/// and PREFIX/share/snaprev/demo), run from a directory that is not the checkout.
@Suite(.serialized)
struct InstalledDemoTests {
  /// PREFIX/bin/snaprev, a copy of the built binary; with `withData`, PREFIX/share/snaprev/demo too.
  static func install(withData: Bool) throws -> String {
    let prefix = try TemporaryDirectory.create("install")
    let manager = FileManager.default
    try manager.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
    try manager.copyItem(atPath: SnaprevBinary.path, toPath: prefix + "/bin/snaprev")
    if withData {
      try manager.createDirectory(atPath: prefix + "/share/snaprev", withIntermediateDirectories: true)
      try manager.copyItem(
        atPath: Fixtures.packageRoot.appendingPathComponent("Resources/demo").path, toPath: prefix + "/share/snaprev/demo")
    }
    return prefix
  }

  static func run(_ binary: String, _ arguments: [String]) throws -> Spawn.Finished {
    try Spawn.run(binary, arguments, environment: SnaprevBinary.cleanEnvironment, directory: "/tmp")
  }

  @Test func installedDemoBuildsItsStoreFromAnyDirectory() throws {
    let prefix = try Self.install(withData: true)
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let run = try Self.run(prefix + "/bin/snaprev", ["demo", "--no-review", "--store", prefix + "/store"])
    #expect(run.status == 0, "\(run.stderrText)")
    #expect(run.stdoutText == "store: \(prefix)/store\nhead: 2\n")
    let status = try SnaprevBinary.run(["status", "2", "--store", prefix + "/store"])
    #expect(status.stdoutText.contains("changed 3 · added 1 · removed 1 · renamed 1"))
  }

  @Test func missingDemoDataIsAnErrorNotAUsageError() throws {
    let prefix = try Self.install(withData: false)
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let run = try Self.run(prefix + "/bin/snaprev", ["demo", "--no-review", "--store", prefix + "/store"])
    #expect(run.status == 1)
    #expect(run.stderrText.hasPrefix("snaprev demo: cannot find the demo builds"))
    #expect(run.stderrText.contains(prefix + "/share/snaprev/demo/review"))
    #expect(!FileManager.default.fileExists(atPath: prefix + "/store"))
  }
}
