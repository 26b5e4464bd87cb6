import ArgumentParser
import FoundationEssentials
import SnapshotModel
import SnaprevCommandLine
import SnaprevShell
import TerminalCanvas

/// `--reviewer NAME`, shared by `review`, `browse` and `demo`.
struct ReviewerOptions: ParsableArguments {
  @Option(name: .long, help: "Who is reviewing (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  @Option(name: .long, help: ArgumentHelp(ReviewerKeyHelp.text, visibility: .hidden))
  var reviewerKey: String?

  /// `--reviewer`, else `$SNAPREV_REVIEWER`, else the OS account (`ReviewIdentity`).
  func resolve(environment: [String: String]) -> Reviewer {
    ReviewIdentity.resolve(flag: reviewer, key: reviewerKey, environment: environment)
  }
}

/// `--reviewer-key SHA256:…`: hidden, for `snaprev serve`'s SSH server, which starts each
/// session's `review` or `approve` with the authenticated key's name and fingerprint.
enum ReviewerKeyHelp {
  static let text = "The SSH key fingerprint that identified --reviewer (set by snaprev serve's SSH server)."
}

/// `--cache-mb N`, shared by `review` and `browse`: the decoded-image budget.
struct CacheOptions: ParsableArguments {
  @Option(name: .customLong("cache-mb"), help: "Memory for decoded images, in MB.")
  var cacheMB = 256

  func validate() throws {
    guard cacheMB >= 16 else { throw ValidationError("--cache-mb must be at least 16") }
  }

  var bytes: Int { cacheMB << 20 }
}

/// What `review` and `browse` both take: `--store`, `--reviewer`, `--cache-mb`, `--no-mouse`,
/// `--theme` (in this order in their `--help`).
struct SessionOptions: ParsableArguments {
  @OptionGroup var storeOptions: StoreOptions

  @OptionGroup var reviewerOptions: ReviewerOptions

  @OptionGroup var cacheOptions: CacheOptions

  @OptionGroup var mouseOptions: MouseOptions

  @OptionGroup var themeOptions: ThemeOptions

  /// What a session is opened with, resolved from these options and the environment.
  struct Resolved {
    let root: String
    let reviewer: Reviewer
    let cacheBytes: Int
    let mouse: Bool
    let theme: ThemeRequest
    let environment: [String: String]
  }

  /// Opens `session` with these options and ends `command` the way the session ended
  /// (`TerminalSessionExit.run`).
  func run(
    _ command: String, _ session: (Resolved) throws(TerminalSession.Failure) -> Int32
  ) throws(ExitCode) {
    let environment = ProcessInfo.processInfo.environment
    // `ThemeOptions.validate` has already refused a bad $SNAPREV_THEME as a usage error.
    let theme = (try? ThemeOptions.resolve(flag: themeOptions.theme, environment: environment)) ?? .auto
    let resolved = Resolved(
      root: storeOptions.root, reviewer: reviewerOptions.resolve(environment: environment),
      cacheBytes: cacheOptions.bytes, mouse: mouseOptions.enabled, theme: theme, environment: environment)
    try TerminalSessionExit.run(command) { () throws(TerminalSession.Failure) in try session(resolved) }
  }
}
