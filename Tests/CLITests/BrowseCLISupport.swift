import Foundation
import SWHArchive

#if canImport(Glibc)
  import Glibc
#endif
import SnapshotStore
import Testing
import TestSupport

@testable import SnaprevCLI

/// Stores for the browser's end-to-end tests: the demo's two builds, plus a snapshot whose
/// branches point at their head_sha values.
enum BrowseE2E {
  static let baseCommit = ObjectID(hex: DemoBuild.baseSHA)
  static let headCommit = ObjectID(hex: DemoBuild.headSHA)
  static let otherCommit = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")
  static let evilName = Array("refs/heads/evil\u{1B}[2J\u{1B}[31mred".utf8)

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// The snapshot linking the demo builds: `main` → build #1, `feature/trail-profiles` →
  /// build #2, with an alias, a dangling branch, a pull request and a hostile name.
  static func linkedList() throws -> (BranchList, [TargetInfo]) {
    guard let base = baseCommit, let head = headCommit, let other = otherCommit else { throw Failure("bad demo sha") }
    var builder = SnapshotBuilder()
    builder.add(name: Array("HEAD".utf8), target: .alias(Array("refs/heads/main".utf8)))
    builder.add(name: Array("refs/heads/main".utf8), target: .object(.revision, base))
    builder.add(name: Array("refs/heads/feature/trail-profiles".utf8), target: .object(.revision, head))
    builder.add(name: Array("refs/heads/gone".utf8), target: .dangling)
    builder.add(name: Array("refs/pull/42/head".utf8), target: .object(.revision, head))
    builder.add(name: evilName, target: .object(.revision, other))
    let infos = [
      TargetInfo(id: base, kind: .revision, title: Array("Trailmix 2.3".utf8), date: 1_700_000_000),
      TargetInfo(id: head, kind: .revision, title: Array("Trail profiles".utf8), date: 1_700_086_400),
    ]
    return (try builder.build(), infos)
  }

  /// The demo's base (#1) and head (#2) builds, uploaded in process.
  static func demoStore() throws -> String {
    let store = try ArchiveCLI.temporaryDirectory("browse-store") + "/store"
    let demo = Fixtures.packageRoot.appendingPathComponent("Resources/demo/review").path
    let head = try DemoBuild.upload(from: demo, into: SnapshotStore(root: store))
    guard head == "2" else { throw Failure("the demo head build is #\(head), expected #2") }
    return store
  }

  /// A demo store (builds #1 and #2) with the linked snapshot archived in it.
  static func linkedStore() throws -> (store: String, snapshot: ObjectID) {
    let store = try demoStore()
    let (list, infos) = try linkedList()
    let visit = ArchiveVisit(
      snapshot: list.id, origin: "https://example.org/trailmix/ios.git", date: 1_700_100_000, source: .git,
      location: "/src/trailmix/.git")
    try ArchiveStore(storeRoot: store).save(list, targets: infos, visit: visit)
    return (store, list.id)
  }

  /// A store holding only the 1391-branch snapshot cabcc7d7…, imported by the real binary.
  static func importedStore() throws -> String {
    let directory = try ArchiveCLI.temporaryDirectory("browse")
    let store = directory + "/store"
    let pages = try ArchiveCLI.pageFiles(in: directory)
    let result = try ArchiveCLI.run(["import"] + pages + ["--origin", "https://github.com/SoftwareHeritage/swh-web-client"], store: store)
    guard result.status == 0 else { throw Failure("snaprev import failed (\(result.status)): \(result.stderr)") }
    return store
  }
}

/// A private tmux server running one command in a window of a fixed size: type with
/// `send`, read the screen with `capture` (tig's test style on the real binary).
///
/// tmux runs through posix_spawn and waitpid, with a clean signal mask and its output in a
/// file: Foundation's `Process` sometimes missed the exit of the tmux client that forks
/// the server (a zombie, and `waitUntilExit` waiting forever).
final class BrowseTmux {
  let socket = "snaprev-browse-\(UUID().uuidString.prefix(8))"

  init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
    let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(Self.quote($0.value));" }
    // The shell stays after the command ends so its exit status and messages can be read.
    let script = exports.joined(separator: " ") + " \(command); echo \"EXIT=$?\"; sleep 600"
    try tmux(["new-session", "-d", "-s", "t", "-x", String(width), "-y", String(height), "sh", "-c", script])
  }

  deinit { _ = try? tmux(["kill-server"]) }

  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  struct SpawnError: Error, CustomStringConvertible {
    let description: String
  }

  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("browse-tmux-\(UUID().uuidString)").path
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let command = ["/usr/bin/env", "tmux", "-L", socket, "-f", "/dev/null"] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "TMUX")
    let argv = command.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw SpawnError(description: "cannot run tmux: \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
  }

  /// Keys as tmux names them ("j", "Enter", "Escape", "Tab", "C-c").
  func send(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

  /// Literal text, one key press per character.
  func type(_ text: String) throws { try tmux(["send-keys", "-t", "t", "-l", text]) }

  func capture(escapes: Bool = false) throws -> String {
    try tmux(["capture-pane", "-p", "-t", "t"] + (escapes ? ["-e"] : []))
  }

  func resize(width: Int, height: Int) throws {
    try tmux(["resize-window", "-t", "t", "-x", String(width), "-y", String(height)])
  }

  func value(_ format: String) throws -> String {
    try tmux(["display-message", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Waits until the screen contains `text`; records an issue showing the screen if not.
  @discardableResult
  func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try waitFor(all: [text], timeout: timeout, sourceLocation: sourceLocation)
  }

  /// Waits until the screen contains every one of `texts` at once (a frame can be caught
  /// half drawn, so a screen is checked only when all of it has arrived).
  @discardableResult
  func waitFor(all texts: [String], timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    while Date() < deadline {
      screen = try capture()
      if texts.allSatisfy({ screen.contains($0) }) { return screen }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let missing = texts.filter { !screen.contains($0) }.map { "“\($0)”" }.joined(separator: ", ")
    Issue.record("timed out waiting for \(missing); the screen was:\n\(screen)", sourceLocation: sourceLocation)
    return screen
  }
}
