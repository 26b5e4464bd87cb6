import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A demo store (builds 1 and 2), reviewers' keys made with ssh-keygen, and `snaprev-serve
/// --ssh-listen` on 127.0.0.1 on a free port; the real OpenSSH client talks to it.
final class SSHFixture {
  let directory: TemporaryDirectory
  let store: String
  let authorizedKeys: String
  let log: String
  private(set) var port = 0
  private var server: Spawn.Child?

  static var serverBinary: String {
    SnaprevBinary.url.deletingLastPathComponent().appendingPathComponent("snaprev-serve").path
  }
  static var demoBuilds: String { Fixtures.packageRoot.appendingPathComponent("Resources/demo/review").path }

  /// `reviewers`: key file names and the names (comments) they go under in authorized_keys.
  /// `server`: the snaprev-serve to run (default: the one built beside the tests).
  init(reviewers: [(file: String, name: String)], extraArguments: [String] = [], server: String = SSHFixture.serverBinary) throws {
    directory = try TemporaryDirectory("ssh")
    store = directory.sub("store")
    authorizedKeys = directory.sub("authorized_keys")
    log = directory.sub("server.log")
    let demo = try SnaprevBinary.run(["demo", "--no-review", "--store", store, "--from", Self.demoBuilds])
    guard demo.status == 0 else { throw SSHTestFailure("snaprev demo failed: \(demo.outputText)") }
    var lines = [String]()
    for reviewer in reviewers { lines.append(try makeKey(reviewer.file, comment: reviewer.name)) }
    try (lines.joined(separator: "\n") + "\n").write(toFile: authorizedKeys, atomically: true, encoding: .utf8)
    try start(extraArguments, server: server)
  }

  deinit { stop() }

  /// Makes an Ed25519 key pair `file` (in the fixture's directory); returns its public line.
  @discardableResult
  func makeKey(_ file: String, comment: String) throws -> String {
    let path = directory.sub(file)
    let made = try Spawn.run(try Installed.path("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path])
    guard made.status == 0 else { throw SSHTestFailure("ssh-keygen failed: \(made.outputText)") }
    return try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// `SHA256:…` of key `file`, as ssh-keygen prints it.
  func fingerprint(_ file: String) throws -> String {
    let listed = try Spawn.run(try Installed.path("ssh-keygen"), ["-l", "-f", directory.sub(file) + ".pub"])
    let words = listed.stdoutText.split(separator: " ")
    guard listed.status == 0, words.count > 1 else { throw SSHTestFailure("ssh-keygen -l failed: \(listed.outputText)") }
    return String(words[1])
  }

  private func start(_ extraArguments: [String], server executable: String) throws {
    let portFile = directory.sub("port")
    server = try Spawn.start(
      executable,
      ["--ssh-listen", "127.0.0.1:0", "--authorized-keys", authorizedKeys, "--store", store, "--ssh-port-file", portFile]
        + extraArguments,
      environment: SnaprevBinary.cleanEnvironment, stdout: .append(log), stderr: .append(log))
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        port = bound
        return
      }
      if server?.hasExited == true { break }
      Thread.sleep(forTimeInterval: 0.05)
    }
    throw SSHTestFailure("the server did not start: \(serverLog)")
  }

  var serverLog: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

  var serverIsRunning: Bool { server?.hasExited == false }

  /// Its resident memory in kB (VmRSS), nil once it has gone.
  var serverResidentKB: Int? {
    guard let pid = server?.pid, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
    return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
  }

  /// SIGTERM, then SIGKILL after 10 s; how the server ended (nil: it was already stopped).
  @discardableResult
  func stop() -> Spawn.Termination? {
    guard let server else { return nil }
    self.server = nil
    server.send(SIGTERM)
    if let finished = try? server.wait(timeout: 10) { return finished.termination }
    server.send(SIGKILL)
    return (try? server.wait())?.termination
  }

  /// The ssh client's arguments for key `file`: no config, no agent, no known_hosts, no prompts.
  func sshArguments(key file: String, tty: Bool = false, extra: [String] = []) -> [String] {
    [
      "-F", "/dev/null", "-p", String(port), "-i", directory.sub(file), "-o", "IdentitiesOnly=yes",
      "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
      "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
    ] + (tty ? ["-tt"] : ["-T"]) + extra + ["reviewer@127.0.0.1"]
  }

  /// Runs `ssh … COMMAND` and waits (at most `timeout` seconds).
  func ssh(key: String, _ command: [String], extra: [String] = [], timeout: Double = 60) throws -> Spawn.Finished {
    let child = try Spawn.start(
      try Installed.path("ssh"), sshArguments(key: key, extra: extra) + command,
      environment: SnaprevBinary.cleanEnvironment)
    if let finished = try child.wait(timeout: timeout) { return finished }
    child.send(SIGKILL)
    throw SSHTestFailure("ssh \(command) did not finish in \(timeout) s")
  }

  /// The ssh command line for a shell (tmux runs it).
  func sshCommandLine(key: String, _ command: [String] = []) throws -> String {
    ([try Installed.path("ssh")] + sshArguments(key: key, tty: true) + command).map(Tmux.quote).joined(separator: " ")
  }

  /// `snaprev show ID` of the store, as JSON.
  func details(_ id: String) throws -> [String: Any] {
    let shown = try SnaprevBinary.run(["show", id, "--store", store])
    guard shown.status == 0, let object = try JSONSerialization.jsonObject(with: Data(shown.stdout)) as? [String: Any] else {
      throw SSHTestFailure("snaprev show failed: \(shown.outputText)")
    }
    return object
  }

  /// The approvals file's records, as JSON.
  func approvalRecords(_ id: String) throws -> [[String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: store + "/artifacts/\(id)/approvals.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return (object?["records"] as? [[String: Any]]) ?? []
  }
}

struct SSHTestFailure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
