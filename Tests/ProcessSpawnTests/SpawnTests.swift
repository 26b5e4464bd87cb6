import Foundation
import ProcessSpawn
import Testing

@Suite struct SpawnTests {
  static let environment = ProcessInfo.processInfo.environment

  static func shell(_ script: String, stdin: [UInt8] = []) throws -> Spawn.Finished {
    try Spawn.run("/bin/sh", ["-c", script], stdin: .bytes(stdin))
  }

  @Test func capturesBothOutputsAndTheExitStatus() throws {
    let finished = try Self.shell("printf out; printf err >&2; exit 3")
    #expect(finished.stdout == Array("out".utf8))
    #expect(finished.stderr == Array("err".utf8))
    #expect(finished.termination == .exited(3))
    #expect(finished.status == 3)
  }

  @Test func feedsAndDrainsMegabytesWithoutDeadlock() throws {
    // Larger than any pipe buffer in both directions at once: cat blocks writing its
    // output unless the parent reads while it writes.
    let input = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let finished = try Spawn.run("/bin/cat", [], stdin: .bytes(input))
    #expect(finished.status == 0)
    #expect(finished.stdout == input)
  }

  @Test func aChildThatIgnoresItsInputDoesNotKillTheParent() throws {
    let finished = try Spawn.run("/bin/true", [], stdin: .bytes([UInt8](repeating: 0x41, count: 2_000_000)))
    #expect(finished.termination == .exited(0))
  }

  @Test func aSignalIsReportedAsSuch() throws {
    let finished = try Self.shell("kill -9 $$")
    #expect(finished.termination == .signaled(9))
    #expect(finished.status == 137)
  }

  @Test func outputsGoToFilesOrNowhere() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let finished = try Spawn.run("/bin/sh", ["-c", "echo to-file; echo gone >&2"], stdout: .file(path), stderr: .discard)
    #expect(finished.stdout.isEmpty && finished.stderr.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "to-file\n")
  }

  @Test func environmentAndSignalMaskAreTheChildsOwn() throws {
    let finished = try Spawn.run(
      "/bin/sh", ["-c", "echo \"$ONLY\"; grep -E '^SigBlk' /proc/self/status"], environment: ["ONLY": "this"])
    let lines = String(decoding: finished.stdout, as: UTF8.self).split(separator: "\n")
    #expect(lines.first == "this")
    #expect(lines.last == "SigBlk:\t0000000000000000")
  }

  @Test func locateFindsProgramsOnPathAndReportsMissingOnes() throws {
    #expect(Spawn.locate("sh", environment: ["PATH": "/nonexistent:/bin"]) == "/bin/sh")
    #expect(Spawn.locate("no-such-program-here", environment: ["PATH": "/bin"]) == nil)
    #expect(throws: SpawnError.self) { try Spawn.run("/nonexistent/program", []) }
  }
}
