import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Clients that do not follow the protocol: each is refused or dropped, the server keeps
/// serving the well-behaved ones, and its memory stays bounded.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SSHHostileTests {
  static let clientBanner = Array("SSH-2.0-hostile_0.1\r\n".utf8)
  static var python: String { Fixtures.packageRoot.appendingPathComponent(".venv-server/bin/python3").path }
  static var script: String { Fixtures.packageRoot.appendingPathComponent("Tests/SSHTests/hostile_client.py").path }

  /// The server's version line: proof it accepted and spoke first.
  static func readBanner(_ client: Socket) -> String {
    let (bytes, _) = client.read(for: 10) { $0.contains(0x0A) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// A well-behaved client still gets its answer.
  static func expectServing(_ fixture: SSHFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let run = try fixture.ssh(key: "alice", ["status", "2"])
    #expect(run.status == 2, "\(run.outputText)", sourceLocation: sourceLocation)
  }

  @Test func garbageAfterTheBannerIsDropped() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let client = try Socket(port: fixture.port)
    defer { client.close() }
    #expect(Self.readBanner(client).hasPrefix("SSH-2.0-"))
    var generator = SystemRandomNumberGenerator()
    try? client.send(Self.clientBanner + (0..<65536).map { _ in UInt8.random(in: 0...255, using: &generator) })
    #expect(client.read(for: 10).closed, "the server kept a connection that sent garbage")
    try Self.expectServing(fixture)
  }

  @Test func aHugePacketLengthIsDroppedWithoutAllocating() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    let before = fixture.serverResidentKB ?? 0
    for length: UInt32 in [0xFFFF_FFF0, 0x7FFF_FFFF, 0x0100_0000] {
      let client = try Socket(port: fixture.port)
      defer { client.close() }
      _ = Self.readBanner(client)
      let header = [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF), 4]
      try? client.send(Self.clientBanner + header + [UInt8](repeating: 0x41, count: 4096))
      #expect(client.read(for: 10).closed, "length \(length) kept the connection open")
    }
    let after = fixture.serverResidentKB ?? Int.max
    #expect(after - before < 64 * 1024, "resident memory grew from \(before) kB to \(after) kB")
    try Self.expectServing(fixture)
  }

  @Test func passwordsAndHugeUserNamesAreRefused() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")])
    try fixture.makeKey("mallory", comment: "mallory")
    for (mode, extra) in [("password", [String]()), ("longuser", [fixture.directory.sub("mallory")])] {
      let child = try Spawn.start(Self.python, [Self.script, mode, String(fixture.port)] + extra)
      guard let run = try child.wait(timeout: 60) else {
        Issue.record("paramiko \(mode) did not finish")
        continue
      }
      #expect(run.status == 0, "\(run.outputText)")
      #expect(run.stdoutText.hasPrefix("refused: "), "\(mode): \(run.outputText)")
    }
    #expect(fixture.serverLog.contains("refused a password"), "\(fixture.serverLog)")
    #expect(fixture.serverLog.contains("refused an unknown key"), "\(fixture.serverLog)")
    try Self.expectServing(fixture)
  }

  @Test func repeatedFailuresBlockTheAddressForAMinute() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--failed-auth-limit", "3"])
    try fixture.makeKey("mallory", comment: "mallory")
    for _ in 0..<3 {
      #expect(try fixture.ssh(key: "mallory", ["list"]).status == 255)
    }
    // Now even a listed key from that address is turned away, without saying why.
    let blocked = try fixture.ssh(key: "alice", ["list"])
    #expect(blocked.status == 255, "\(blocked.outputText)")
    #expect(blocked.stdout.isEmpty)
  }

  @Test func halfOpenConnectionsAreDroppedAfterTheLoginTimeout() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--ssh-login-timeout", "2"])
    var clients = [Socket]()
    defer { for client in clients { client.close() } }
    for index in 0..<50 {
      let client = try Socket(port: fixture.port)
      // Half a banner, a whole one and nothing more, or nothing at all.
      switch index % 3 {
      case 0: try client.send(Array("SSH-2.0-hal".utf8))
      case 1: try client.send(Self.clientBanner)
      default: break
      }
      clients.append(client)
    }
    try Self.expectServing(fixture)
    let started = Date()
    for client in clients {
      let closed = client.read(for: max(0.1, 10 - Date().timeIntervalSince(started))) { _ in false }.closed
      #expect(closed, "a silent connection was kept past the login timeout")
    }
    #expect(Date().timeIntervalSince(started) < 10)
  }

  @Test func twoHundredConnectionsAtOnce() throws {
    let fixture = try SSHFixture(reviewers: [("alice", "alice")], extraArguments: ["--ssh-login-timeout", "5"])
    let before = fixture.serverResidentKB ?? 0
    var clients = [Socket]()
    defer { for client in clients { client.close() } }
    for _ in 0..<200 { clients.append(try Socket(port: fixture.port)) }
    for client in clients { try client.send(Self.clientBanner) }
    var greeted = 0
    for client in clients where Self.readBanner(client).hasPrefix("SSH-2.0-") { greeted += 1 }
    #expect(greeted == 200)
    try Self.expectServing(fixture)
    let during = fixture.serverResidentKB ?? Int.max
    #expect(during - before < 64 * 1024, "200 connections took \(during - before) kB")
    for client in clients { client.close() }
    clients.removeAll()
    try Self.expectServing(fixture)
    #expect(fixture.serverIsRunning)
  }
}
