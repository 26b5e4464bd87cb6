import Foundation
import ProcessSpawn
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `Spawn.startOnTerminal`: the child leads a new session on a fresh pseudo-terminal of the
/// given size, which is its controlling terminal; a resize reaches it as SIGWINCH.
@Suite struct TerminalTests {
  /// Reads the master until `text` has arrived (or 10 s pass); everything read.
  static func read(_ master: Int32, until text: String) -> String {
    var out = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline && !String(decoding: out, as: UTF8.self).contains(text) {
      var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&entry, 1, 100) > 0 else { continue }
      let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
      if count <= 0 { break }
      out += buffer[0..<count]
    }
    return String(decoding: out, as: UTF8.self)
  }

  @Test func theChildHasAControllingTerminalOfTheGivenSize() throws {
    // /dev/tty opens only for a process with a controlling terminal; `ps -o sess` shows
    // the child leads its own session.
    let script = "stty size; echo tty=$(tty); echo ctty > /dev/tty && echo leader=$(ps -o sid= -p $$ | tr -d ' ')/$$"
    let started = try Spawn.startOnTerminal(
      "/bin/sh", ["-c", script], environment: ["PATH": "/usr/bin:/bin"], size: Spawn.TerminalSize(columns: 101, rows: 33))
    defer { close(started.master) }
    let output = Self.read(started.master, until: "leader=")
    _ = Self.read(started.master, until: "\n")
    #expect(output.contains("33 101"), "\(output)")
    #expect(output.contains("tty=/dev/pts/"), "\(output)")
    #expect(output.contains("ctty"), "\(output)")
    let leader = output.components(separatedBy: "leader=").last?.split(whereSeparator: \.isNewline).first ?? ""
    let ids = leader.split(separator: "/")
    #expect(ids.count == 2 && ids[0] == ids[1], "not a session leader: \(output.debugDescription)")
    #expect(try started.child.wait().status == 0)
  }

  @Test func aResizeReachesTheChild() throws {
    let script = "trap 'stty size; exit 0' WINCH; echo ready; while :; do sleep 0.05; done"
    let started = try Spawn.startOnTerminal(
      "/bin/sh", ["-c", script], environment: ["PATH": "/usr/bin:/bin"], size: Spawn.TerminalSize(columns: 80, rows: 24))
    defer { close(started.master) }
    #expect(Self.read(started.master, until: "ready").contains("ready"))
    Spawn.resize(master: started.master, to: Spawn.TerminalSize(columns: 132, rows: 43))
    #expect(Self.read(started.master, until: "43 132").contains("43 132"))
    #expect(try started.child.wait(timeout: 10)?.status == 0)
  }

  /// What the SSH server's output channel relies on (TerminalOutput): while the slave is held
  /// here the master never reads as hung up, even after the child has ended (a read finds
  /// nothing, EAGAIN); the exit descriptor says when the child has ended; once the slave is
  /// let go, what the child wrote last is still read, then EIO.
  @Test func aHeldSlaveKeepsTheMasterFromHangingUpUntilLetGo() throws {
    let started = try Spawn.startOnTerminal(
      "/bin/sh", ["-c", "printf last-words; exit 3"], environment: ["PATH": "/usr/bin:/bin"],
      size: Spawn.TerminalSize(columns: 80, rows: 24), holdingSlave: true)
    defer { close(started.master) }
    #expect(started.slave >= 0)
    let exit = try #require(started.child.exitDescriptor(), "pidfd_open (glibc 2.36, Linux 5.3)")
    defer { close(exit) }
    var entry = pollfd(fd: exit, events: Int16(POLLIN), revents: 0)
    #expect(poll(&entry, 1, 10_000) == 1, "the exit descriptor is readable once the child has ended")
    #expect(try started.child.wait().status == 3)

    _ = fcntl(started.master, F_SETFL, fcntl(started.master, F_GETFL) | O_NONBLOCK)
    var master = pollfd(fd: started.master, events: Int16(POLLIN), revents: 0)
    _ = poll(&master, 1, 0)
    #expect(master.revents & Int16(POLLHUP) == 0, "no hang-up while the slave is held")

    close(started.slave)
    var out = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    var lastError: Int32 = 0
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      var ready = pollfd(fd: started.master, events: Int16(POLLIN), revents: 0)
      _ = poll(&ready, 1, 100)
      let count = buffer.withUnsafeMutableBytes { Glibc.read(started.master, $0.baseAddress, $0.count) }
      if count > 0 { out += buffer[0..<count] } else if count < 0 && errno != EAGAIN {
        lastError = errno
        break
      }
    }
    #expect(String(decoding: out, as: UTF8.self).contains("last-words"))
    #expect(lastError == EIO, "the master reports that no one has the slave open any more")
  }
}
