import Foundation
import ProcessSpawn
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Reviewing over SSH with plain OpenSSH: a real sshd on 127.0.0.1 with its own config
/// and host key, a shared account whose authorized_keys line forces
/// `snaprev review --reviewer alice`, and an ssh client typing in tmux. The approval
/// must be attributed to alice, whatever the client asks to run.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct SSHReviewTests {
  @Test func approvalOverSSHIsAttributedToTheKeysReviewer() throws {
    let server = try SSHServer.start()
    defer { server.stop() }
    let store = try ReviewE2E.demoStore()
    try server.authorize(command: "\(SnaprevBinary.path) review --store \(store) --reviewer alice")

    let tmux = try Tmux(
      width: 110, height: 32, command: server.sshCommand(), environment: ["TERM": "xterm-256color"])
    // The forced command names no build, so the reviewer starts with the build list.
    var screen = try tmux.waitFor(all: ["pick a build", "#2 NEEDS APPROVAL"], timeout: 20)
    #expect(screen.contains("you: alice"))
    #expect(screen.contains("#2 NEEDS APPROVAL"))
    try tmux.send("Enter")
    screen = try tmux.waitFor("Login  iPad Air")
    try tmux.send("x")
    try tmux.waitFor("reviewed 1/7")
    try tmux.send("a")
    screen = try tmux.waitFor("Approve build #2?")
    #expect(screen.contains("as alice"))
    try tmux.send("y")
    try tmux.waitFor("APPROVED by alice")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0", timeout: 15)

    let details = try ReviewE2E.show("2", store: store)
    #expect(details["approval_status"] as? String == "approved")
    #expect(ReviewE2E.approverNames(details) == ["alice"])
    let identified = ((details["approvers"] as? [[String: Any]]) ?? []).compactMap { $0["identified_by"] as? String }
    #expect(identified == ["reviewer_flag"])
    #expect(server.log().contains("Accepted publickey"))
  }

  @Test func theClientCannotChooseAnotherReviewerOrCommand() throws {
    let server = try SSHServer.start()
    defer { server.stop() }
    let store = try ReviewE2E.demoStore()
    try server.authorize(command: "\(SnaprevBinary.path) review --store \(store) --reviewer alice")
    let tmux = try Tmux(
      width: 110, height: 32,
      command: server.sshCommand(remote: "snaprev review --reviewer mallory; touch /tmp/snaprev-ssh-escaped"),
      environment: ["TERM": "xterm-256color"])
    let screen = try tmux.waitFor("pick a build", timeout: 20)
    #expect(screen.contains("you: alice") && !screen.contains("mallory"))
    try tmux.send("q")
    try tmux.waitFor("EXIT=0", timeout: 15)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/snaprev-ssh-escaped"))
  }

  @Test func withoutAPtyTheReviewerExplains() throws {
    let server = try SSHServer.start()
    defer { server.stop() }
    let store = try ReviewE2E.demoStore()
    try server.authorize(command: "\(SnaprevBinary.path) review --store \(store) --reviewer alice")
    let result = try Spawn.run("/bin/sh", ["-c", server.sshCommand(tty: false)])
    #expect(result.status == 1)
    #expect(result.outputText.contains("must be a terminal (over SSH use `ssh -t`)"))
  }
}

/// A throwaway OpenSSH server on 127.0.0.1 (Debian's openssh-server, from scripts/setup).
final class SSHServer {
  let directory: String
  let port: Int
  let user: String
  private let daemon: Spawn.Child
  private var exited = false

  static let sshd = "/usr/sbin/sshd"

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  static func start() throws -> SSHServer {
    guard FileManager.default.isExecutableFile(atPath: sshd) else {
      throw Failure(description: "\(sshd) is missing: install openssh-server (scripts/setup does) to run the SSH test")
    }
    // sshd's privilege separation directory.
    do {
      try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
    } catch {
      throw Failure(description: "cannot create /run/sshd, which sshd needs (run the tests as root): \(error)")
    }
    let directory = try TemporaryDirectory.create("sshd")
    chmod(directory, 0o700)
    for key in ["host_key", "user_key"] {
      let made = try Spawn.run(
        try Installed.path("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-C", key, "-f", "\(directory)/\(key)"])
      guard made.status == 0 else { throw Failure(description: "ssh-keygen failed: \(made.outputText)") }
    }
    let port = try LocalPort.free()
    let user = currentUser()
    let config = """
      ListenAddress 127.0.0.1:\(port)
      HostKey \(directory)/host_key
      PidFile \(directory)/sshd.pid
      AuthorizedKeysFile \(directory)/authorized_keys
      UsePAM no
      StrictModes no
      PubkeyAuthentication yes
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      PermitRootLogin prohibit-password
      AllowUsers \(user)
      LogLevel VERBOSE

      """
    try config.write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
    try "".write(toFile: "\(directory)/authorized_keys", atomically: true, encoding: .utf8)
    let check = try Spawn.run(sshd, ["-t", "-f", "\(directory)/sshd_config"])
    guard check.status == 0 else { throw Failure(description: "sshd rejected its test config: \(check.outputText)") }

    let child = try Spawn.start(
      sshd, ["-D", "-e", "-f", "\(directory)/sshd_config"], stdout: .append("\(directory)/sshd.log"),
      stderr: .toStandardOutput)
    let server = SSHServer(directory: directory, port: port, user: user, daemon: child)
    let deadline = Date().addingTimeInterval(10)
    while !canConnect(port: port) {
      let died = child.hasExited
      if died { server.exited = true }
      guard !died, Date() < deadline else {
        server.stop()
        throw Failure(description: "sshd did not start on 127.0.0.1:\(port); its log:\n\(server.log())")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return server
  }

  private init(directory: String, port: Int, user: String, daemon: Spawn.Child) {
    self.directory = directory
    self.port = port
    self.user = user
    self.daemon = daemon
  }

  /// One authorized_keys line per reviewer, as the README documents.
  func authorize(command: String) throws {
    let key = try String(contentsOfFile: "\(directory)/user_key.pub", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let escaped = command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    try "restrict,pty,command=\"\(escaped)\" \(key)\n"
      .write(toFile: "\(directory)/authorized_keys", atomically: true, encoding: .utf8)
  }

  func sshCommand(remote: String? = nil, tty: Bool = true) -> String {
    var parts = [
      "ssh", tty ? "-tt" : "-T", "-p", String(port), "-i", "\(directory)/user_key",
      "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
      "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-F", "/dev/null", "\(user)@127.0.0.1",
    ].map(Tmux.quote)
    if let remote { parts.append(Tmux.quote(remote)) }
    return parts.joined(separator: " ")
  }

  func log() -> String { (try? String(contentsOfFile: "\(directory)/sshd.log", encoding: .utf8)) ?? "" }

  /// Stops the sshd this test started (by its pid) and reaps it.
  func stop() {
    guard !exited else { return }
    if daemon.hasExited {
      exited = true
      return
    }
    daemon.send(SIGTERM)
    _ = try? daemon.wait()
    exited = true
  }

  static func currentUser() -> String {
    if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return ProcessInfo.processInfo.environment["USER"] ?? "root"
  }

  static func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }
}
