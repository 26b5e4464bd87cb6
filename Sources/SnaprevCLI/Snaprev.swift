import SnaprevBench
import ArgumentParser
import SnaprevCommandLine

/// The `snaprev` command: subcommands are registered here, one file each.
public struct Snaprev: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "snaprev",
    abstract: "Review visual snapshot changes in the terminal.",
    version: SnaprevVersion.current,
    subcommands: [DiffCommand.self, BenchCommand.self, ReviewCommand.self, BrowseCommand.self, BrowseBenchCommand.self, DemoCommand.self,
      ArchiveCommand.self, ImportCommand.self, BranchesCommand.self, ArchiveBenchCommand.self,
      UploadCommand.self, ShowCommand.self, StatusCommand.self, ListCommand.self, ApproveCommand.self,
      ApproveUndoCommand.self, RequestChangesCommand.self, ImageCommand.self, StoreRulesCommand.self, ReviewBenchCommand.self,
      StoreBenchCommand.self, GraphicsBenchCommand.self, ServeCommand.self, TokenCommand.self, GCCommand.self]
  )

  public init() {}

  /// Parses, runs, and reports failures in the one error format (`CommandOutput`): usage
  /// errors, `--help` and `--version` are ArgumentParser's; an error a command throws
  /// without reporting it itself (a store error, say) becomes `snaprev <command>: <message>`
  /// and exit 1, instead of ArgumentParser's `Error: <message>`.
  public static func main() {
    var command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      exit(withError: error)
    }
    do {
      try command.run()
    } catch {
      // ExitCode, CleanExit, help and usage errors: ArgumentParser prints (or not) and exits.
      guard !(error is ExitCode), exitCode(for: error) == .failure else { exit(withError: error) }
      let name = commandPath(to: type(of: command)) ?? "snaprev"
      exit(withError: CommandOutput.fail(name, message(for: error), ExitStatus(1, "error")))
    }
  }

  /// "token create" for `TokenCommand.Create`: the names from the root down to `target`.
  static func commandPath(to target: any ParsableCommand.Type, from root: any ParsableCommand.Type = Snaprev.self) -> String? {
    for sub in root.configuration.subcommands {
      let name = sub._commandName
      if sub == target { return name }
      if let rest = commandPath(to: target, from: sub) { return name + " " + rest }
    }
    return nil
  }
}
