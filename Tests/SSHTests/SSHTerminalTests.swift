import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The reviewer over the embedded server, typed into the real OpenSSH client in tmux: the
/// same screens and keys as a local terminal, the size and window changes passed through,
/// marks and approvals recorded under the key's name and fingerprint.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SSHTerminalTests {
  @Test func reviewMarkApproveAndResizeOverSSH() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let tmux = try Tmux(
      width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice"),
      environment: ["TERM": "xterm-256color"])
    defer { tmux.close() }
    // No command: the build list.
    var screen = try tmux.waitFor(all: ["pick a build", "#2 NEEDS APPROVAL"], timeout: 20)
    #expect(screen.contains("you: alice"))
    try tmux.send("Enter")
    try tmux.waitFor("Login  iPad Air")
    try tmux.send("j")
    try tmux.send("x")
    try tmux.waitFor("reviewed 1/7")

    // The window change reaches the reviewer: too small, then a wider layout.
    try tmux.resize(width: 50, height: 12)
    // Both lines: over SSH a frame can arrive in more than one read.
    screen = try tmux.waitFor(all: ["Terminal too small", "50×12, needs 60×15"], timeout: 20)
    #expect(screen.contains("50×12, needs 60×15"))
    try tmux.resize(width: 140, height: 40)
    screen = try tmux.waitFor("reviewed 1/7")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    // The list pane is 38% of the width: the separator at column 53 of 140 columns.
    #expect(lines.count >= 40 && lines[1].count > 53 && lines[1][53] == "│", "\(screen)")

    try tmux.send("a")
    screen = try tmux.waitFor("Approve build #2?")
    #expect(screen.contains("as alice"))
    try tmux.send("y")
    try tmux.waitFor("APPROVED by alice")
    try tmux.send("q")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0", timeout: 15)

    let key = try fixture.fingerprint("alice")
    let reviewer = try fixture.approvalRecords("2").last?["reviewer"] as? [String: Any]
    #expect(reviewer?["name"] as? String == "alice")
    #expect(reviewer?["identified_by"] as? String == "ssh_key")
    #expect(reviewer?["key_fingerprint"] as? String == key)
    let marks = try String(contentsOfFile: fixture.store + "/artifacts/2/reviews/alice.json", encoding: .utf8)
    #expect(marks.contains("\"reviewer\""))
  }

  @Test func twoReviewersAtOnceEachMarkUnderTheirOwnName() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice"), ("bob", "Bob B")])
    let alice = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    defer { alice.close() }
    let bob = try Tmux(width: 100, height: 30, command: try fixture.sshCommandLine(key: "bob", ["review", "2"]))
    defer { bob.close() }
    try alice.waitFor("you: alice")
    try bob.waitFor("you: Bob B")
    try alice.send("x")
    try bob.send("j")
    try bob.send("j")
    try bob.send("x")
    try alice.waitFor("reviewed 1/7")
    try bob.waitFor("reviewed 1/7")
    try alice.send("q")
    try bob.send("q")
    try alice.waitFor("EXIT=0")
    try bob.waitFor("EXIT=0")
    let reviews = fixture.store + "/artifacts/2/reviews/"
    let aliceMarks = try String(contentsOfFile: reviews + "alice.json", encoding: .utf8)
    let bobMarks = try String(contentsOfFile: reviews + "Bob%20B.json", encoding: .utf8)
    #expect(aliceMarks.contains("\"alice\""))
    #expect(bobMarks.contains("\"Bob B\""))
    #expect(aliceMarks != bobMarks.replacingOccurrences(of: "Bob B", with: "alice"), "both marked the same image")
  }

  @Test func aKilledClientLeavesTheServerServingOthers() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice"), ("bob", "bob")])
    let doomed = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    try doomed.waitFor("you: alice")
    let sessionPID = try reviewerPID(reviewer: "alice")
    // The client dies without a word: its session's child is hung up and reaped.
    let clientPID = try doomed.value("#{pane_pid}")
    _ = try Spawn.run("/usr/bin/pkill", ["-KILL", "-P", clientPID])
    doomed.close()
    let deadline = Date().addingTimeInterval(10)
    while kill(sessionPID, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(kill(sessionPID, 0) != 0, "the dropped session's reviewer (pid \(sessionPID)) still runs")

    let other = try fixture.ssh(key: "bob", ["status", "2"])
    #expect(other.status == 2, "\(other.outputText)")
    let bob = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "bob", ["review", "2"]))
    defer { bob.close() }
    try bob.waitFor("you: bob")
    try bob.send("q")
    try bob.waitFor("EXIT=0")
    #expect(fixture.serverIsRunning)
  }

  @Test func aCrashedSessionIsCleanedUpAndTheOthersGoOn() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice"), ("bob", "bob")])
    let bob = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "bob", ["review", "2"]))
    defer { bob.close() }
    try bob.waitFor("you: bob")
    let alice = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    defer { alice.close() }
    try alice.waitFor("you: alice")
    // Alice's reviewer crashes: her client's screen is restored and told, her exit status is
    // the signal's, and Bob's session does not notice.
    kill(try reviewerPID(reviewer: "alice"), SIGSEGV)
    let screen = try alice.waitFor("EXIT=139")
    #expect(screen.contains("snaprev: the session ended by signal 11"), "\(screen)")
    #expect(try alice.value("#{alternate_on}") == "0")
    try bob.send("x")
    try bob.waitFor("reviewed 1/7")
    try bob.send("q")
    try bob.waitFor("EXIT=0")
  }

  @Test func sigtermEndsTheServerAndItsSessions() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let tmux = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    defer { tmux.close() }
    try tmux.waitFor("you: alice")
    let sessionPID = try reviewerPID(reviewer: "alice")
    #expect(fixture.stop() == .exited(0))
    let deadline = Date().addingTimeInterval(10)
    while kill(sessionPID, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(kill(sessionPID, 0) != 0, "the session's reviewer (pid \(sessionPID)) outlived the server")
    try tmux.waitFor("EXIT=")
  }

  @Test func anIdleSessionEndsWithAMessage() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--ssh-idle-timeout", "2"])
    let tmux = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    defer { tmux.close() }
    // Not "you: alice" first: on a loaded machine the 2 s can pass before tmux shows it.
    // The message itself is the server's, sent only for a session that ran.
    let screen = try tmux.waitFor("no input for 2 s; the session is closed", timeout: 15)
    #expect(screen.contains("EXIT="), "\(screen)")
  }

  /// The login timeout is for connections that never authenticate: a reviewer's session
  /// goes on past it (it closed every session 30 s after login, which the 600-keystroke
  /// latency bench found).
  @Test func aLoggedInSessionOutlivesTheLoginTimeout() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--ssh-login-timeout", "2"])
    let tmux = try Tmux(
      width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]),
      environment: ["TERM": "xterm-256color"])
    defer { tmux.close() }
    try tmux.waitFor(all: ["you: alice", "reviewed 0/7"], timeout: 20)
    Thread.sleep(forTimeInterval: 4)
    try tmux.send("x")
    let screen = try tmux.waitFor("reviewed 1/7", timeout: 10)
    #expect(!screen.contains("EXIT="), "\(screen)")
  }

  @Test func theSessionLimitIsKept() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--ssh-max-sessions", "1"])
    let first = try Tmux(width: 110, height: 32, command: try fixture.sshCommandLine(key: "alice", ["review", "2"]))
    defer { first.close() }
    try first.waitFor("you: alice")
    let second = try fixture.ssh(key: "alice", ["list"])
    #expect(second.status == 1)
    #expect(second.stderrText.contains("maximum of 1 sessions"), "\(second.stderrText)")
    try first.send("q")
    try first.waitFor("EXIT=0")
    // The slot is free again once the first session has ended.
    var third = try fixture.ssh(key: "alice", ["list"])
    let deadline = Date().addingTimeInterval(5)
    while third.status != 0 && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.2)
      third = try fixture.ssh(key: "alice", ["list"])
    }
    #expect(third.status == 0, "\(third.outputText)")
  }

  /// The pid of the `snaprev review … --reviewer NAME` session child.
  func reviewerPID(reviewer: String) throws -> pid_t {
    let listed = try Spawn.run("/usr/bin/pgrep", ["-f", "snaprev review .*--reviewer \(reviewer) --reviewer-key "])
    guard let line = listed.stdoutText.split(separator: "\n").first, let pid = pid_t(line) else {
      throw SSHTestFailure("no reviewer process for \(reviewer): \(listed.outputText)")
    }
    return pid
  }
}
