import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Starting the SSH server: the host key, the authorized_keys file read at start and again
/// when it changes, and the start refused with a message naming the file and line.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SSHStartTests {
  @Test func theGeneratedHostKeyIsPrivateAndItsFingerprintIsWhatSSHSees() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let keyFile = fixture.store + "/server/ssh_host_ed25519_key"
    var info = stat()
    #expect(stat(keyFile, &info) == 0)
    #expect(info.st_mode & 0o777 == 0o600)
    // ssh-keygen reads the file: it is OpenSSH's own format.
    let listed = try Spawn.run(try Installed.path("ssh-keygen"), ["-l", "-f", keyFile])
    let fingerprint = String(listed.stdoutText.split(separator: " ").dropFirst().first ?? "")
    #expect(fingerprint.hasPrefix("SHA256:"), "\(listed.outputText)")
    #expect(fixture.serverLog.contains("host key \(fingerprint)"))
    let printed = try Spawn.run(SSHFixture.serverBinary, ["--print-host-key", "--store", fixture.store])
    #expect(printed.status == 0)
    #expect(printed.stdoutText == "\(fingerprint) \(keyFile)\n")

    // The client, checking the host key strictly against that key, gets in.
    let publicKey = try Spawn.run(try Installed.path("ssh-keygen"), ["-y", "-f", keyFile]).stdoutText
    let knownHosts = fixture.directory.sub("known_hosts")
    try "[127.0.0.1]:\(fixture.port) \(publicKey)".write(toFile: knownHosts, atomically: true, encoding: .utf8)
    let strict = try fixture.ssh(
      key: "alice", ["list"], extra: ["-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(knownHosts)"])
    #expect(strict.status == 0, "\(strict.outputText)")

    // SIGTERM stops it cleanly; a restart keeps the key.
    #expect(fixture.stop() == .exited(0))
    #expect(fixture.serverLog.contains("ssh: stopped"))
    let again = try Spawn.run(SSHFixture.serverBinary, ["--print-host-key", "--store", fixture.store])
    #expect(again.stdoutText == printed.stdoutText)
  }

  @Test func aGivenHostKeyIsUsed() throws {
    let directory = try TemporaryDirectory("ssh-hostkey")
    let keyFile = directory.sub("host")
    _ = try Spawn.run(try Installed.path("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", keyFile])
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--host-key", keyFile])
    let listed = try Spawn.run(try Installed.path("ssh-keygen"), ["-l", "-f", keyFile])
    let fingerprint = String(listed.stdoutText.split(separator: " ").dropFirst().first ?? "")
    #expect(fixture.serverLog.contains("host key \(fingerprint)"), "\(fixture.serverLog)")
    #expect(!FileManager.default.fileExists(atPath: fixture.store + "/server/ssh_host_ed25519_key"))
  }

  @Test(arguments: [
    ("rsa", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB bob\n", "line 2: key type \"ssh-rsa\" is not supported"),
    ("nameless", "", "line 2: has no reviewer name"),
  ])
  func anUnusableKeyLineStopsTheStart(label: String, line: String, message: String) throws {
    let directory = try TemporaryDirectory("ssh-badkeys")
    let key = directory.sub("k")
    _ = try Spawn.run(try Installed.path("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", key])
    let good = try String(contentsOfFile: key + ".pub", encoding: .utf8)
    let publicLine = good.split(separator: " ").prefix(2).joined(separator: " ")
    let file = directory.sub("authorized_keys")
    try (good + (line.isEmpty ? publicLine + "\n" : line)).write(toFile: file, atomically: true, encoding: .utf8)
    let child = try Spawn.start(
      SSHFixture.serverBinary,
      ["--ssh-listen", "127.0.0.1:0", "--authorized-keys", file, "--store", directory.sub("store")])
    guard let run = try child.wait(timeout: 30) else {
      child.send(SIGKILL)
      Issue.record("the server started with an unusable line (\(label))")
      return
    }
    #expect(run.status == 1)
    #expect(run.stderrText.contains("snaprev serve: --authorized-keys \(file) \(message)"), "\(run.stderrText)")
  }

  @Test func aReviewerAddedToTheFileGetsInWithoutARestart() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let bobLine = try fixture.makeKey("bob", comment: "bob")
    #expect(try fixture.ssh(key: "bob", ["list"]).status == 255)
    let current = try String(contentsOfFile: fixture.authorizedKeys, encoding: .utf8)
    try (current + bobLine + "\n").write(toFile: fixture.authorizedKeys, atomically: true, encoding: .utf8)
    let bob = try fixture.ssh(key: "bob", ["list"])
    #expect(bob.status == 0, "\(bob.outputText)")
    // A broken edit keeps the keys read before, and the log says why.
    try (current + bobLine + "\nssh-ed25519 AAAA\n").write(toFile: fixture.authorizedKeys, atomically: true, encoding: .utf8)
    #expect(try fixture.ssh(key: "bob", ["list"]).status == 0)
    #expect(fixture.serverLog.contains("the keys read before stay in force"), "\(fixture.serverLog)")
  }

  /// scripts/install's layout: PREFIX/libexec/snaprev/snaprev-serve runs PREFIX/bin/snaprev
  /// for each session (hard links: they resolve to themselves, as installed copies do).
  @Test func anInstalledServerRunsSnaprevFromPrefixBin() throws {
    let prefix = try TemporaryDirectory("ssh-install")
    let files = FileManager.default
    try files.createDirectory(atPath: prefix.sub("bin"), withIntermediateDirectories: true)
    try files.createDirectory(atPath: prefix.sub("libexec/snaprev"), withIntermediateDirectories: true)
    let server = prefix.sub("libexec/snaprev/snaprev-serve")
    try files.linkItem(atPath: SSHFixture.serverBinary, toPath: server)
    // Without snaprev in PREFIX/bin the start is refused, naming what is missing.
    let refused = try Spawn.run(
      server, ["--ssh-listen", "127.0.0.1:0", "--authorized-keys", "/dev/null", "--store", prefix.sub("store")])
    #expect(refused.status == 1)
    #expect(refused.stderrText.contains("cannot find snaprev beside snaprev-serve"), "\(refused.stderrText)")
    try files.linkItem(atPath: SnaprevBinary.path, toPath: prefix.sub("bin/snaprev"))
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], server: server)
    #expect(try fixture.ssh(key: "alice", ["list"]).status == 0)
  }

  @Test func sshAndHTTPRunSideBySide() throws {
    let scratch = try TemporaryDirectory("ssh-http")
    let portFile = scratch.sub("http-port")
    let fixture = try SSHFixture(
      reviewers: [("alice", "alice")], extraArguments: ["--listen", "127.0.0.1:0", "--port-file", portFile])
    var httpPort: Int? = nil
    let deadline = Date().addingTimeInterval(20)
    while httpPort == nil && Date() < deadline {
      httpPort = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let port = try #require(httpPort)
    let client = try Socket(port: port)
    defer { client.close() }
    try client.send(Array("GET /api/0/ HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
    let answer = client.read(for: 5) { $0.count >= 9 }.bytes
    #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 "))
    #expect(try fixture.ssh(key: "alice", ["status", "2"]).status == 2)
  }
}
