import ArgumentParser
import FoundationEssentials
import TerminalGraphics

extension GraphicsRequest: ExpressibleByArgument {}

/// `--graphics auto|kitty|sixel|iterm2|blocks`: how the reviewer draws images. One option
/// group, so every command with an image view takes it the same way.
struct GraphicsOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "How images are drawn (default: $SNAPREV_GRAPHICS, else auto: ask the terminal).",
      valueName: "path"))
  var graphics: GraphicsRequest?

  func validate() throws {
    _ = try Self.resolve(flag: graphics, environment: ProcessInfo.processInfo.environment)
  }

  /// `--graphics`, else `$SNAPREV_GRAPHICS`, else auto.
  func resolve(environment: [String: String]) throws -> GraphicsRequest {
    try Self.resolve(flag: graphics, environment: environment)
  }

  /// The flag, else the variable (also how `demo`, which has no flag, is told), else auto.
  /// A value the variable cannot hold is a usage error naming it.
  static func resolve(flag: GraphicsRequest?, environment: [String: String]) throws -> GraphicsRequest {
    try EnvironmentChoice.resolve(flag: flag, variable: "SNAPREV_GRAPHICS", default: .auto, environment: environment)
  }
}
