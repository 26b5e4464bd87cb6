import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A session's output when the client does not read it: the server stops reading the
/// child's terminal or pipes (its memory stays bounded and the child waits), goes on when
/// the client reads again, and a client dropped meanwhile ends the session and frees its
/// slot. The sessions run a stand-in for snaprev beside a hard link of snaprev-serve (the
/// server runs the snaprev beside it) that floods its output with 32 MiB. The reviewer is
/// "flooder": the other suites find their reviewers' children by name (`pgrep`) and must
/// not find these.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SSHSessionOutputTests {
  static let flood = 32 << 20

  /// snaprev-serve linked into a fresh directory with the flooding stand-in beside it.
  final class FloodingServer {
    let directory: TemporaryDirectory
    var server: String { directory.sub("snaprev-serve") }
    /// Created by the stand-in once all its output has been written (read by someone).
    var flooded: String { directory.sub("flooded") }
    /// The stand-in's pid, written when it starts.
    var pidFile: String { directory.sub("pid") }

    init() throws {
      directory = try TemporaryDirectory("ssh-flood")
      try FileManager.default.linkItem(atPath: SSHFixture.serverBinary, toPath: server)
      let script = """
        #!/bin/sh
        # snaprev's stand-in: "status" answers, "list" and "review" print \(SSHSessionOutputTests.flood) bytes of x.
        here=$(dirname "$0")
        echo $$ > "$here/pid"
        case "$1" in
          status) echo serving ;;
          *) head -c \(SSHSessionOutputTests.flood) /dev/zero | tr '\\0' x && touch "$here/flooded" && echo && echo end ;;
        esac
        """
      try script.write(toFile: directory.sub("snaprev"), atomically: true, encoding: .utf8)
      chmod(directory.sub("snaprev"), 0o755)
    }

    var childPID: pid_t? {
      (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
  }

  /// An ssh client whose standard output is a pipe this test reads only when it wants to.
  final class StalledClient {
    let child: Spawn.Child
    let output: Int32

    init(_ fixture: SSHFixture, key: String, tty: Bool, command: [String]) throws {
      var ends: [Int32] = [-1, -1]
      guard pipe(&ends) == 0 else { throw SSHTestFailure("pipe failed") }
      _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
      defer { close(ends[1]) }
      let arguments = fixture.sshArguments(key: key, tty: tty) + command
      child = try Spawn.start(
        try Installed.path("ssh"), arguments, environment: SnaprevBinary.cleanEnvironment,
        stdout: .descriptor(ends[1]), stderr: .discard)
      output = ends[0]
    }

    deinit {
      child.send(SIGKILL)
      _ = try? child.wait()
      close(output)
    }

    /// Reads everything until the client closes its output (at most `seconds`): how many
    /// bytes, and the last 16.
    func readToEnd(seconds: Double) -> (count: Int, tail: [UInt8], closed: Bool) {
      var total = 0
      var tail = [UInt8]()
      var buffer = [UInt8](repeating: 0, count: 65536)
      let deadline = Date().addingTimeInterval(seconds)
      while Date() < deadline {
        var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 200) > 0 else { continue }
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count <= 0 { return (total, tail, true) }
        total += count
        tail = Array((tail + buffer[max(0, count - 16)..<count]).suffix(16))
      }
      return (total, tail, false)
    }
  }

  @Test(arguments: [false, true])
  func aClientThatStopsReadingStopsTheChildNotTheServersMemory(tty: Bool) throws {
    let flooding = try FloodingServer()
    let fixture = try SSHFixture(reviewers: [("flooder", "flooder")], server: flooding.server)
    let before = try #require(fixture.serverResidentKB)
    let client = try StalledClient(fixture, key: "flooder", tty: tty, command: tty ? ["review", "2"] : ["list"])
    // Unread, the flood cannot all leave the server: the stand-in never gets to its end,
    // and the server holds no more than the channel's window and a few buffers.
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline && !FileManager.default.fileExists(atPath: flooding.flooded) {
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(flooding.childPID != nil, "the stand-in did not start: \(fixture.serverLog)")
    #expect(!FileManager.default.fileExists(atPath: flooding.flooded), "all 32 MiB left with no one reading")
    let during = try #require(fixture.serverResidentKB)
    #expect(during - before < 16 * 1024, "resident memory grew from \(before) kB to \(during) kB")

    // Read again, every byte arrives and the session ends as the child did.
    let read = client.readToEnd(seconds: 60)
    // The terminal turns the stand-in's newlines into CR LF.
    let end = tty ? "\r\nend\r\n" : "\nend\n"
    #expect(read.closed)
    #expect(read.count == Self.flood + end.utf8.count)
    #expect(String(decoding: read.tail, as: UTF8.self) == String(repeating: "x", count: 16 - end.utf8.count) + end)
    #expect(try client.child.wait().status == 0)
    #expect(FileManager.default.fileExists(atPath: flooding.flooded))
  }

  @Test(arguments: [false, true])
  func aClientDroppedWithOutputPendingEndsItsSessionAndFreesItsSlot(tty: Bool) throws {
    let flooding = try FloodingServer()
    let fixture = try SSHFixture(
      reviewers: [("flooder", "flooder")], extraArguments: ["--ssh-max-sessions", "1"], server: flooding.server)
    let client = try StalledClient(fixture, key: "flooder", tty: tty, command: tty ? ["review", "2"] : ["list"])
    var deadline = Date().addingTimeInterval(10)
    while Date() < deadline && flooding.childPID == nil { Thread.sleep(forTimeInterval: 0.05) }
    let pid = try #require(flooding.childPID, "the stand-in did not start: \(fixture.serverLog)")
    client.child.send(SIGKILL)
    _ = try client.child.wait()

    // The server notices, hangs the child up and frees the one slot.
    deadline = Date().addingTimeInterval(10)
    while Date() < deadline && (kill(pid, 0) == 0 || !fixture.serverLog.contains("session ended, client gone")) {
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(kill(pid, 0) != 0, "the dropped session's child (pid \(pid)) still runs")
    #expect(fixture.serverLog.contains("session ended, client gone"), "\(fixture.serverLog)")
    #expect(!FileManager.default.fileExists(atPath: flooding.flooded))
    let next = try fixture.ssh(key: "flooder", ["status", "2"])
    #expect(next.status == 0, "\(next.outputText)")
    #expect(next.stdoutText == "serving\n")
    #expect(fixture.serverIsRunning)
  }
}
