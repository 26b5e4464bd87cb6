import SnaprevBench
import ArgumentParser

/// The `snaprev` command: subcommands are registered here, one file each.
public struct Snaprev: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "snaprev",
    abstract: "Review visual snapshot changes in the terminal.",
    version: "0.1.0",
    subcommands: [DiffCommand.self, BenchCommand.self, ReviewCommand.self, BrowseCommand.self, BrowseBenchCommand.self, DemoCommand.self,
      ArchiveCommand.self, ImportCommand.self, BranchesCommand.self, ArchiveBenchCommand.self,
      UploadCommand.self, ShowCommand.self, StatusCommand.self, ListCommand.self, ApproveCommand.self,
      ApproveUndoCommand.self, ImageCommand.self, StoreRulesCommand.self, ReviewBenchCommand.self,
      StoreBenchCommand.self, ServeCommand.self, TokenCommand.self, GCCommand.self]
  )

  public init() {}
}
