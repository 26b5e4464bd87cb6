import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `Spawn.start` and the working directory, input and output choices both ways share.
@Suite struct ChildTests {
  @Test func aBackgroundChildRunsUntilSignalledAndReportsTheSignal() throws {
    let child = try Spawn.start("/bin/sleep", ["30"])
    #expect(child.pid > 0)
    #expect(!child.hasExited)
    #expect(try child.wait(timeout: 0.2) == nil)
    child.send(SIGTERM)
    let finished = try #require(try child.wait(timeout: 10))
    #expect(finished.termination == .signaled(SIGTERM))
    #expect(finished.termination.signal == SIGTERM)
    #expect(finished.status == 128 + SIGTERM)
    #expect(child.hasExited)
    // Waiting again gives the same answer; signalling a reaped child does nothing.
    child.send(SIGKILL)
    #expect(try child.wait().termination == .signaled(SIGTERM))
  }

  @Test func aBackgroundChildCapturesMoreThanAPipeHoldsWithoutBeingDrained() throws {
    // 1 MB on each output, 16 pipe buffers: it finishes only if nothing has to read meanwhile.
    let child = try Spawn.start("/bin/sh", ["-c", "head -c 1000000 /dev/zero; head -c 1000000 /dev/zero >&2; exit 4"])
    let finished = try #require(try child.wait(timeout: 30))
    #expect(finished.termination == .exited(4))
    #expect(finished.stdout == [UInt8](repeating: 0, count: 1_000_000))
    #expect(finished.stderr.count == 1_000_000)
  }

  @Test func aDroppedChildIsKilledAndReaped() throws {
    var pid: pid_t = 0
    do {
      let child = try Spawn.start("/bin/sleep", ["30"])
      pid = child.pid
    }
    // Reaped: the pid is no longer our child (a zombie would still answer waitpid).
    var status: Int32 = 0
    #expect(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD)
  }

  @Test func theWorkingDirectoryIsTheOneAsked() throws {
    let directory = try TemporaryDirectory("spawn")
    let real = try #require(realpath(directory.path, nil))
    defer { free(real) }
    let ran = try Spawn.run("/bin/pwd", ["-P"], directory: directory.path)
    #expect(ran.stdoutText == String(cString: real) + "\n")
    let started = try Spawn.start("/bin/pwd", ["-P"], directory: directory.path).wait()
    #expect(started.stdoutText == ran.stdoutText)
  }

  @Test func aMissingWorkingDirectoryIsNamedInTheError() throws {
    let error = #expect(throws: SpawnError.self) { try Spawn.run("/bin/true", [], directory: "/nonexistent/here") }
    #expect(error?.directory == "/nonexistent/here")
    #expect(error?.code == ENOENT)
    #expect(error?.description == "cannot spawn /bin/true in /nonexistent/here: No such file or directory")
  }

  @Test func standardInputFromADescriptorTheCallerKeeps() throws {
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    let child = try Spawn.start("/bin/cat", [], stdin: .descriptor(ends[0]))
    close(ends[0])
    let text = Array("through the pipe\n".utf8)
    #expect(text.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) } == text.count)
    #expect(try child.wait(timeout: 0.2) == nil, "cat ended before its input did")
    close(ends[1])
    let finished = try #require(try child.wait(timeout: 10))
    #expect(finished.status == 0)
    #expect(finished.stdout == text)

    let file = try #require(fopen("/etc/hostname", "r"))
    defer { fclose(file) }
    let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "/etc/hostname")))
    #expect(try Spawn.run("/bin/cat", [], stdin: .descriptor(fileno(file))).stdout == expected)
  }

  @Test func standardInputBytesAndNullForABackgroundChild() throws {
    let input = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    #expect(try Spawn.start("/bin/cat", [], stdin: .bytes(input)).wait().stdout == input)
    #expect(try Spawn.start("/bin/cat", []).wait().stdout.isEmpty)
    #expect(try Spawn.run("/bin/cat", [], stdin: .null).stdout.isEmpty)
  }

  @Test func appendedOutputKeepsWhatWasThere() throws {
    let directory = try TemporaryDirectory("spawn")
    let log = directory.sub("child.log")
    _ = try Spawn.run("/bin/sh", ["-c", "echo first"], stdout: .append(log))
    _ = try Spawn.start("/bin/sh", ["-c", "echo second; echo third >&2"], stdout: .append(log), stderr: .append(log)).wait()
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "first\nsecond\nthird\n")
    // `.file` truncates instead.
    _ = try Spawn.run("/bin/sh", ["-c", "echo only"], stdout: .file(log))
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "only\n")
  }

  @Test func mergedStandardErrorInterleavesInOrder() throws {
    let script = "echo one; echo two >&2; echo three; echo four >&2"
    let ran = try Spawn.run("/bin/sh", ["-c", script], stderr: .toStandardOutput)
    #expect(ran.stdoutText == "one\ntwo\nthree\nfour\n")
    #expect(ran.stderr.isEmpty)
    let started = try Spawn.start("/bin/sh", ["-c", script], stderr: .toStandardOutput).wait()
    #expect(started.stdoutText == "one\ntwo\nthree\nfour\n")
    #expect(started.outputText == "one\ntwo\nthree\nfour\n")
    #expect(throws: SpawnError.self) { try Spawn.run("/bin/true", [], stdout: .toStandardOutput) }
  }

  @Test func outputToADescriptorTheCallerKeeps() throws {
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    let finished = try Spawn.run("/bin/sh", ["-c", "printf out; printf err >&2"], stdout: .descriptor(ends[1]))
    close(ends[1])
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
    close(ends[0])
    #expect(Array(buffer[0..<max(count, 0)]) == Array("out".utf8))
    #expect(finished.stdout.isEmpty)
    #expect(finished.stderrText == "err")
  }

  @Test func onlyTheStandardDescriptorsReachTheChild() throws {
    // A descriptor without close-on-exec, as a pty master or a bare pipe() has.
    var ends: [Int32] = [-1, -1]
    try #require(pipe(&ends) == 0)
    defer { close(ends[0]); close(ends[1]) }
    let script = "ls /proc/self/fd"
    let ran = try Spawn.run("/bin/sh", ["-c", script], stdin: .null)
    let started = try Spawn.start("/bin/sh", ["-c", script]).wait()
    for listing in [ran.stdoutText, started.stdoutText] {
      // 0-2 and the descriptor ls opens to list the directory.
      let descriptors = listing.split(separator: "\n").compactMap { Int32($0) }
      #expect(!descriptors.contains(ends[0]) && !descriptors.contains(ends[1]), "\(listing)")
      #expect(descriptors.filter { $0 > 2 }.count <= 1, "\(listing)")
    }
  }

  @Test func aBackgroundChildStartsWithACleanSignalState() throws {
    var blocked = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGUSR1)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    let finished = try Spawn.start("/bin/sh", ["-c", "grep -E '^SigBlk' /proc/self/status"]).wait()
    #expect(finished.stdoutText == "SigBlk:\t0000000000000000\n")
  }
}
