import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The non-interactive commands over the real OpenSSH client, and everything else refused.
@Suite(.serialized)
struct SSHCommandTests {
  @Test func statusListAndApproveRunAsTheKeysReviewer() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "Alice Example")])
    let key = try fixture.fingerprint("alice")

    // `status` forwards snaprev's exit status: the demo head build needs approval (2).
    let local = try SnaprevBinary.run(["status", "2", "--store", fixture.store])
    let status = try fixture.ssh(key: "alice", ["status", "2"])
    #expect(local.status == 2)
    #expect(status.status == local.status, "\(status.outputText)")
    #expect(status.stdoutText == local.stdoutText)

    let list = try fixture.ssh(key: "alice", ["list"])
    #expect(list.status == 0, "\(list.outputText)")
    #expect(list.stdoutText == (try SnaprevBinary.run(["list", "--store", fixture.store])).stdoutText)

    let unknownBuild = try fixture.ssh(key: "alice", ["status", "99"])
    #expect(unknownBuild.status == 1)

    let approve = try fixture.ssh(key: "alice", ["approve", "2"])
    #expect(approve.status == 0, "\(approve.outputText)")
    #expect(approve.stdoutText == "Approved artifact 2 by Alice Example (Alice Example)\n")
    #expect(try fixture.ssh(key: "alice", ["status", "2"]).status == 0)

    // The store names the reviewer and the key, and says it came from SSH.
    let records = try fixture.approvalRecords("2")
    let reviewer = records.last?["reviewer"] as? [String: Any]
    #expect(reviewer?["name"] as? String == "Alice Example")
    #expect(reviewer?["identified_by"] as? String == "ssh_key")
    #expect(reviewer?["key_fingerprint"] as? String == key)
    let approvers = try fixture.details("2")["approvers"] as? [[String: Any]]
    #expect(approvers?.first?["identified_by"] as? String == "ssh_key")
    #expect(approvers?.first?["key_fingerprint"] as? String == key)
    #expect(fixture.serverLog.contains("Alice Example logged in (\(key))"))
  }

  @Test func twoReviewersAreEachAttributedToTheirOwnKey() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice"), ("bob", "bob")])
    let approve = try fixture.ssh(key: "bob", ["approve", "2"])
    #expect(approve.stdoutText == "Approved artifact 2 by bob (bob)\n", "\(approve.outputText)")
    let again = try fixture.ssh(key: "alice", ["approve", "2"])
    #expect(again.stdoutText == "Already approved\n", "\(again.outputText)")
    let reviewer = try fixture.approvalRecords("2").last?["reviewer"] as? [String: Any]
    #expect(reviewer?["name"] as? String == "bob")
    #expect(reviewer?["key_fingerprint"] as? String == (try fixture.fingerprint("bob")))
  }

  @Test func everythingButTheFourCommandsIsRefused() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    for command in [["bash"], ["sh", "-c", "id"], ["approve", "--force", "2"], ["status", "2;id"], ["list", "extra"], ["review", "2"]] {
      let run = try fixture.ssh(key: "alice", command)
      #expect(run.status != 0, "\(command) ran: \(run.outputText)")
      #expect(run.stdout.isEmpty, "\(command) printed \(run.stdoutText)")
      #expect(run.stderrText.contains("snaprev: "), "\(command): \(run.stderrText)")
    }
    let sftp = try fixture.ssh(key: "alice", ["sftp"], extra: ["-s"])
    #expect(sftp.status != 0)
    #expect(sftp.stderrText.contains("no subsystems"), "\(sftp.stderrText)")
    // Nothing was approved by any of it.
    let exists = FileManager.default.fileExists(atPath: fixture.store + "/artifacts/2/approvals.json")
    let records = exists ? try fixture.approvalRecords("2") : []
    #expect(records.allSatisfy { ($0["status"] as? String) != "approved" })
  }

  @Test func anUnknownKeyIsRefusedWithoutReason() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    try fixture.makeKey("mallory", comment: "mallory")
    let run = try fixture.ssh(key: "mallory", ["list"])
    #expect(run.status == 255)
    #expect(run.stderrText.contains("Permission denied (publickey)"), "\(run.stderrText)")
    #expect(run.stdout.isEmpty)
  }

  @Test func portForwardingIsRefused() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    // -R asks the server to listen: refused, and ExitOnForwardFailure makes that the exit.
    let remote = try fixture.ssh(
      key: "alice", [], extra: ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:22"], timeout: 30)
    #expect(remote.status == 255)
    #expect(remote.stderrText.contains("forwarding failed"), "\(remote.stderrText)")

    // -L opens a direct-tcpip channel per connection to the local port: each is refused.
    let localPort = try LocalPort.free()
    let forward = try Spawn.start(
      try Installed.path("ssh"),
      fixture.sshArguments(key: "alice", extra: ["-N", "-L", "127.0.0.1:\(localPort):127.0.0.1:\(fixture.port)"]),
      environment: SnaprevBinary.cleanEnvironment)
    defer {
      forward.send(SIGTERM)
      _ = try? forward.wait(timeout: 5)
    }
    var reply: [UInt8]? = nil
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      if let socket = try? Socket(port: localPort) {
        reply = socket.read(for: 2).bytes
        socket.close()
        break
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    // Through a working forward the server's own banner would come back.
    #expect(reply == [], "the forward carried \(reply.map { String(decoding: $0, as: UTF8.self) } ?? "nothing (never connected)")")
    #expect(fixture.serverLog.contains("refused a directTCPIP"), "\(fixture.serverLog)")
  }
}
