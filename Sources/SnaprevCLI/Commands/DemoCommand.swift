import DemoContent
import ArgumentParser
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import FoundationEssentials
import SnapshotStore
import SnaprevShell
import SnaprevCommandLine

/// `snaprev demo`: builds a store from the bundled demo builds and opens the reviewer.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Open the reviewer on a demo store built from the bundled Trailmix builds.",
    discussion: """
      Uploads Resources/demo/review/base (main) and then the selective head build \
      (feature/trail-profiles, PR #42) into a new store (a temporary directory unless \
      --store is given), and opens `snaprev review` on the head build. Every category \
      appears: changed, added, removed, renamed, errored, skipped and unchanged images, \
      in two groups. With --store pointing at an existing store, nothing is uploaded and \
      the review resumes where it was left.

      --generate DIR redraws the demo images and sidecars into DIR (how \
      Resources/demo/review was made).
      """)

  @Option(name: .long, help: "The store to build (default: a new temporary directory).")
  var store: String?

  @Option(name: .long, help: "The demo builds (default: Resources/demo/review of this checkout).")
  var from: String?

  @Option(name: .long, help: "Redraw the demo images into this directory and exit.")
  var generate: String?

  @Flag(name: .customLong("no-review"), help: "Build the store, print its path and the head id, do not open the reviewer.")
  var noReview = false

  @OptionGroup var reviewerOptions: ReviewerOptions

  func run() throws {
    if let generate {
      try DemoBuild.generate(into: generate)
      print("Demo builds written to \(generate)")
      return
    }
    let environment = ProcessInfo.processInfo.environment
    guard let source = from ?? Self.locateResources() else {
      // Missing data is not a usage error: exit 1 like every other failure, not 64.
      throw CommandOutput.fail(
        "demo",
        "cannot find the demo builds (looked for \(Self.candidates().joined(separator: ", ")); reinstall with scripts/install or pass --from DIR",
        TerminalSessionExit.failed)
    }
    let root: String
    if let store {
      root = store
    } else {
      let template = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-demo-XXXXXX").path
      var buffer = Array(template.utf8CString)
      guard mkdtemp(&buffer) != nil else { throw ValidationError("cannot create a temporary directory") }
      let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
      root = String(decoding: bytes, as: UTF8.self) + "/store"
    }
    let snapshotStore = SnapshotStore(root: root)
    let headID: String
    if snapshotStore.exists, let newest = try snapshotStore.summaries().last {
      headID = newest.id
      CommandOutput.note("demo", "reusing the store at \(root)")
    } else {
      headID = try DemoBuild.upload(from: source, into: snapshotStore)
    }
    if noReview {
      print("store: \(root)")
      print("head: \(headID)")
      return
    }
    let reviewer = reviewerOptions.resolve(environment: environment)
    // No --graphics here (demo's options stay few): $SNAPREV_GRAPHICS, else auto.
    let graphics = try GraphicsOptions.resolve(flag: nil, environment: environment)
    let theme = try ThemeOptions.resolve(flag: nil, environment: environment)
    try TerminalSessionExit.run("demo") { () throws(TerminalSession.Failure) in
      try ReviewSession.run(
        store: snapshotStore, reviewer: reviewer, artifactID: headID, cacheBytes: 256 << 20, environment: environment,
        graphics: graphics, theme: theme)
    }
    print("The demo store is at \(root); open it again with: snaprev review --store \(root)")
  }

  /// Where the demo builds are looked for, in order: beside an installed binary
  /// (BIN/../share/snaprev/demo/review, where scripts/install puts them), then the checkout
  /// a development binary was built in (.build/release/snaprev, .build/<triple>/release/snaprev),
  /// then the working directory. Found relative to the executable, so any directory works.
  static func candidates() -> [String] {
    var candidates = [String]()
    if let path = InstallLayout.executableDirectory {
      let directory = URL(fileURLWithPath: path)
      candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/snaprev/demo/review").path)
      var ancestor = directory
      for _ in 0..<4 {
        ancestor = ancestor.deletingLastPathComponent()
        candidates.append(ancestor.appendingPathComponent("Resources/demo/review").path)
      }
    }
    candidates.append(FileManager.default.currentDirectoryPath + "/Resources/demo/review")
    return candidates
  }

  static func locateResources() -> String? {
    candidates().first { FileManager.default.fileExists(atPath: $0 + "/base") }
  }
}
