import ArgumentParser
import FoundationEssentials
import TerminalCanvas

extension ThemeRequest: ExpressibleByArgument {}

/// `--theme dark|light|auto`, shared by `review` and `browse` (through `SessionOptions`):
/// the colours for the terminal's background, which `auto` asks the terminal for (OSC 11,
/// in the same probe and timeout as the graphics query).
struct ThemeOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Colours for a dark or light terminal background (default: $SNAPREV_THEME, else auto: ask the terminal).",
      valueName: "theme"))
  var theme: ThemeRequest?

  func validate() throws {
    _ = try Self.resolve(flag: theme, environment: ProcessInfo.processInfo.environment)
  }

  /// The flag, else `$SNAPREV_THEME` (also how `demo`, which has no flag, is told), else auto.
  /// A value the variable cannot hold is a usage error naming it.
  static func resolve(flag: ThemeRequest?, environment: [String: String]) throws -> ThemeRequest {
    try EnvironmentChoice.resolve(flag: flag, variable: "SNAPREV_THEME", default: .auto, environment: environment)
  }
}
