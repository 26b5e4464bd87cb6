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
}
