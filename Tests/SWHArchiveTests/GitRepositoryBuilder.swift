import Foundation
import ProcessSpawn
import SWHTestSupport
import TestSupport

/// Builds throwaway git repositories with fixed identities and dates, and runs the
/// `swh identify` oracle from the setup script's venv.
struct GitRepositoryBuilder {
  let directory: URL

  static let environment: [String: String] = {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
    environment["GIT_AUTHOR_NAME"] = "Ada"
    environment["GIT_AUTHOR_EMAIL"] = "ada@example.org"
    environment["GIT_COMMITTER_NAME"] = "Ada"
    environment["GIT_COMMITTER_EMAIL"] = "ada@example.org"
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["LC_ALL"] = "C"
    return environment
  }()

  /// A new empty repository (`bare` for a bare one) in a fresh temporary directory.
  static func make(bare: Bool = false) throws -> GitRepositoryBuilder {
    let directory = URL(fileURLWithPath: try TemporaryDirectory.create("git"))
    let repository = GitRepositoryBuilder(directory: directory)
    try repository.git(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []))
    return repository
  }

  func remove() {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Runs git in the repository; throws with git's message when it fails.
  @discardableResult
  func git(_ arguments: [String], date: Int = 1_700_000_000, stdin: String? = nil) throws -> String {
    var environment = Self.environment
    environment["GIT_AUTHOR_DATE"] = "@\(date) +0100"
    environment["GIT_COMMITTER_DATE"] = "@\(date) +0100"
    let result = try Spawn.run(
      try Installed.path("git"), ["-C", directory.path] + arguments, environment: environment,
      stdin: stdin.map { .bytes(Array($0.utf8)) } ?? .null)
    guard result.status == 0 else {
      throw TestDataError("git \(arguments.joined(separator: " ")) failed: \(result.stderrText)")
    }
    return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Commits a file change; returns the commit id.
  @discardableResult
  func commit(_ message: String, date: Int = 1_700_000_000) throws -> String {
    let file = directory.appendingPathComponent("file.txt")
    try Data((message + "\n").utf8).write(to: file)
    try git(["add", "file.txt"])
    try git(["commit", "-q", "-m", message], date: date)
    return try git(["rev-parse", "HEAD"])
  }

  /// Writes a ref file directly (names git's command line cannot express).
  func writeLooseRef(_ name: [UInt8], contents: String) throws {
    let gitDirectory = try git(["rev-parse", "--path-format=absolute", "--git-common-dir"])
    let path = Array(gitDirectory.utf8) + [UInt8(ascii: "/")] + name
    let parent = path[..<(path.lastIndex(of: UInt8(ascii: "/")) ?? path.endIndex)]
    try RawPath.makeDirectories(Array(parent))
    try RawPath.writeFile(path, Array(contents.utf8))
  }

  /// `swh identify --type snapshot` from the venv scripts/setup makes.
  static func oracle(_ directory: URL) throws -> String {
    let swh = Fixtures.packageRoot.appendingPathComponent(".venv-swh/bin/swh")
    guard FileManager.default.isExecutableFile(atPath: swh.path) else {
      throw TestDataError(
        "the swh.model[cli] oracle is missing at \(swh.path): run scripts/setup (it installs swh.model into .venv-swh)")
    }
    let result = try Spawn.run(swh.path, ["identify", "--type", "snapshot", directory.path], environment: environment)
    guard result.status == 0, let swhid = result.stdoutText.split(separator: "\t").first else {
      throw TestDataError("swh identify failed: \(result.stderrText)")
    }
    return String(swhid)
  }
}

/// Files at byte paths (names need not be UTF-8), which Foundation's String paths cannot name.
enum RawPath {
  /// mkdir -p on a raw byte path (names need not be UTF-8).
  static func makeDirectories(_ path: [UInt8]) throws {
    var current = [UInt8]()
    for component in path.split(separator: UInt8(ascii: "/")) {
      current += [UInt8(ascii: "/")] + component
      _ = (current + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) }
      }
    }
  }

  static func writeFile(_ path: [UInt8], _ contents: [UInt8]) throws {
    let fd = (path + [0]).withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    }
    guard fd >= 0 else { throw TestDataError("cannot write \(String(decoding: path, as: UTF8.self))") }
    defer { close(fd) }
    _ = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
  }
}
