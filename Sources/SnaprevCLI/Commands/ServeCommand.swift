import ArgumentParser
import FoundationEssentials
import ProcessSpawn
import SnaprevCommandLine

/// `snaprev serve`: parses and checks the options here, then becomes `snaprev-serve` (the
/// server's own executable, `exec`ed with the same arguments: same pid, so a supervisor's
/// SIGTERM reaches the server). Keeping SwiftNIO, Hummingbird and BoringSSL out of this
/// binary is what lets every other command start in a few milliseconds (docs/PERFORMANCE.md,
/// "Start-up").
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: ServeOptions.abstract, discussion: ServeOptions.discussion)

  @OptionGroup var options: ServeOptions

  func run() throws {
    let candidates = Self.serverCandidates()
    guard let server = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
      throw CommandOutput.fail(
        "serve", "cannot find the server executable snaprev-serve (looked for " + candidates.joined(separator: ", ")
          + "); install both with scripts/install, or build it with `swift build --product snaprev-serve`",
        ServeExit.failed)
    }
    // `snaprev serve ARGS…`: the root command takes no options, so ARGS are everything
    // after the first "serve".
    let arguments = Array(CommandLine.arguments.dropFirst().drop(while: { $0 != "serve" }).dropFirst())
    do {
      try Spawn.replaceProcess(with: server, arguments: arguments)
    } catch {
      throw CommandOutput.fail("serve", error.description, ServeExit.failed)
    }
  }

  /// Beside this binary (a build directory, or PREFIX/bin), then PREFIX/libexec/snaprev,
  /// where scripts/install puts it.
  static func serverCandidates() -> [String] {
    guard let directory = InstallLayout.executableDirectory else { return [] }
    return [directory + "/snaprev-serve", directory + "/../libexec/snaprev/snaprev-serve"]
  }
}
