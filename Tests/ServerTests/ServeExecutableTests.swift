import Foundation
import ProcessSpawn
import TestSupport
import Testing

/// `snaprev serve` execs `snaprev-serve`: the server stack stays out of the binary every other
/// command loads, and `serve` finds the server beside it or where scripts/install puts it.
struct ServeExecutableTests {
  static var serverBinary: String { SnaprevBinary.url.deletingLastPathComponent().appendingPathComponent("snaprev-serve").path }

  /// Whether `binary` holds `text` (grep -a: the module names the Swift metadata records).
  static func contains(_ binary: String, _ text: String) throws -> Bool {
    let run = try Harness.run("/usr/bin/grep", ["-c", "-a", "-F", text, binary])
    #expect(run.status == 0 || run.status == 1, "grep failed: \(run.stderrText)")
    return run.status == 0
  }

  @Test func theServerStackIsInSnaprevServeOnly() throws {
    for module in ["HummingbirdCore", "NIOPosix", "NIOSSL", "NIOSSH", "MultipartKit"] {
      #expect(try Self.contains(Self.serverBinary, module), "snaprev-serve lacks \(module)?")
      #expect(try !Self.contains(SnaprevBinary.path, module), "snaprev links \(module)")
    }
  }

  /// A directory with `bin/snaprev` (a hard link to the built binary, so that it resolves to
  /// itself) and nothing else yet.
  static func installTree() throws -> String {
    let prefix = try Harness.temporaryDirectory("install")
    try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
    try FileManager.default.linkItem(atPath: SnaprevBinary.path, toPath: prefix + "/bin/snaprev")
    return prefix
  }

  @Test func serveWithoutTheServerExecutableSaysWhereItLooked() throws {
    let prefix = try Self.installTree()
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let run = try Harness.run(prefix + "/bin/snaprev", ["serve", "--listen", "127.0.0.1:0", "--store", prefix + "/store"])
    #expect(run.status == 1)
    #expect(run.stderrText.hasPrefix("snaprev serve: cannot find the server executable snaprev-serve (looked for \(prefix)/bin/snaprev-serve, \(prefix)/bin/../libexec/snaprev/snaprev-serve)"), "\(run.stderrText)")
  }

  @Test func serveFindsTheServerInLibexecAndPassesEveryArgument() throws {
    let prefix = try Self.installTree()
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    try FileManager.default.createDirectory(atPath: prefix + "/libexec/snaprev", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: prefix + "/libexec/snaprev/snaprev-serve", withDestinationPath: Self.serverBinary)
    // The server itself reads the TLS files: its message proves the exec, and that the
    // arguments after `serve` arrived whole.
    let missing = prefix + "/no such cert.pem"
    let run = try Harness.run(
      prefix + "/bin/snaprev",
      ["serve", "--listen", "127.0.0.1:0", "--store", prefix + "/store", "--tls-cert", missing, "--tls-key", missing])
    #expect(run.status == 1)
    #expect(run.stderrText.contains("--tls-cert \(missing): cannot read the file: No such file or directory"), "\(run.stderrText)")
  }
}
