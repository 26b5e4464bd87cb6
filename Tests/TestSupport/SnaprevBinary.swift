import Foundation
import ProcessSpawn

/// The `snaprev` binary built alongside the tests, run as a child process.
public enum SnaprevBinary {
  /// Same build directory as the test bundle.
  public static var url: URL {
    let bundle = Bundle.main.bundleURL
    let candidates = [
      bundle.deletingLastPathComponent().appendingPathComponent("snaprev"),
      bundle.appendingPathComponent("snaprev"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  public static var path: String { url.path }

  /// The test runner's environment without its `SNAPREV_*` settings: a developer's
  /// SNAPREV_STORE or SNAPREV_REVIEWER must not change what a test sees. Tests that
  /// want one pass it in `environment`.
  public static var cleanEnvironment: [String: String] {
    ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SNAPREV_") }
  }

  /// Runs `snaprev arguments` and waits for it; `environment` is added to the clean one.
  public static func run(
    _ arguments: [String], environment: [String: String] = [:], directory: String? = nil, stdin: Spawn.Input = .null
  ) throws -> Spawn.Finished {
    try Spawn.run(
      path, arguments, environment: cleanEnvironment.merging(environment) { _, new in new }, directory: directory,
      stdin: stdin)
  }

  /// Starts `snaprev arguments` without waiting (for tests that run many at once, or
  /// give it a terminal).
  public static func start(
    _ arguments: [String], environment: [String: String] = [:], directory: String? = nil, stdin: Spawn.Input = .null,
    stdout: Spawn.Output = .capture, stderr: Spawn.Output = .capture
  ) throws -> Spawn.Child {
    try Spawn.start(
      path, arguments, environment: cleanEnvironment.merging(environment) { _, new in new }, directory: directory,
      stdin: stdin, stdout: stdout, stderr: stderr)
  }
}
