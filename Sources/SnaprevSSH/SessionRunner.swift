import Foundation
import NIOCore
import NIOSSH
import ProcessSpawn
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// What the event loop hands a running session: keystrokes, window sizes, a hang-up, the end
/// of the terminal's output channel (TerminalOutput). The session's thread sleeps in `poll`
/// and a byte on the wake pipe rouses it. Keystrokes go
/// straight to the terminal from the event loop when nothing is queued before them (a
/// non-blocking write under the lock the thread closes the terminal under): a hop to the
/// session's thread per key was 0.2-0.4 ms of the embedded server's keystroke latency
/// (scripts/bench-ssh-latency, docs/PERFORMANCE.md "Over SSH").
final class SessionIO: Sendable {
  struct State {
    /// Keystrokes the terminal did not take yet, in order.
    var input: [UInt8] = []
    var size: Spawn.TerminalSize?
    var hungUp = false
    /// The terminal's master while the session thread has it open; -1 otherwise.
    var terminal: Int32 = -1
    /// When the client last sent input (monotonic seconds): the idle timeout counts from it.
    var lastInput = SessionRunner.now()
    /// The pipe channel reading the terminal on the event loop (TerminalOutput), while it runs.
    var output: Channel?
    var outputEnded = false

    /// Writes what is queued, as far as the terminal takes it now.
    mutating func flush() {
      guard terminal >= 0, !input.isEmpty else { return }
      let written = input.withUnsafeBytes { write(terminal, $0.baseAddress, $0.count) }
      if written > 0 { input.removeFirst(written) }
    }
  }

  /// Keystrokes waiting for the child past this are dropped: a person types far less
  /// between two reads of the reviewer's loop, and a client flooding the channel cannot
  /// grow the server's memory.
  static let inputLimit = 1 << 20

  private let state = Mutex(State())
  /// The last output written to the channel (from either thread): the channel's writes
  /// complete in order, so when it has, all have. Closing the channel fails writes still
  /// waiting for the client's window, which lost the last 3 MB of a 32 MiB `list` read by a
  /// client that had paused (SSHSessionOutputTests), so `SessionRunner.finish` waits for it
  /// first.
  private let lastWrite = Mutex<EventLoopFuture<Void>?>(nil)
  /// The wake pipe: read end first. Both non-blocking and close-on-exec.
  let wake: (read: Int32, write: Int32)

  init() {
    var ends: [Int32] = [-1, -1]
    if pipe(&ends) == 0 {
      for fd in ends {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      }
    }
    wake = (ends[0], ends[1])
  }

  deinit {
    close(wake.read)
    close(wake.write)
  }

  func input(_ bytes: [UInt8]) {
    let queued = state.withLock { state -> Bool in
      state.lastInput = SessionRunner.now()
      if state.input.count + bytes.count <= Self.inputLimit { state.input += bytes }
      state.flush()
      return !state.input.isEmpty
    }
    if queued { poke() }
  }

  func resize(_ size: Spawn.TerminalSize) {
    state.withLock { $0.size = size }
    poke()
  }

  func hangUp() {
    state.withLock { $0.hungUp = true }
    poke()
  }

  /// The terminal the event loop may write keystrokes to; -1 when it is about to close.
  func setTerminal(_ fd: Int32) {
    state.withLock {
      $0.terminal = fd
      $0.flush()
    }
  }

  /// Writes queued keystrokes; whether some are still waiting for the terminal.
  func flushInput() -> Bool {
    state.withLock {
      $0.flush()
      return !$0.input.isEmpty
    }
  }

  var lastInput: Double { state.withLock { $0.lastInput } }

  func wrote(_ future: EventLoopFuture<Void>) {
    lastWrite.withLock { $0 = future }
  }

  var lastWritten: EventLoopFuture<Void>? { lastWrite.withLock { $0 } }

  func setOutput(_ channel: Channel?) {
    state.withLock { $0.output = channel }
  }

  /// The SSH channel is writable again: the terminal's output may be read again.
  func resumeOutput() {
    state.withLock { $0.output }?.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
  }

  /// The pipe channel closed: the session's thread reads the terminal from now on.
  func outputEnded() {
    state.withLock { $0.outputEnded = true }
    poke()
  }

  /// The window size, hang-up and end of the output channel since the last call (the size and
  /// the end are reported once).
  func take() -> (size: Spawn.TerminalSize?, hungUp: Bool, outputEnded: Bool) {
    var byte = [UInt8](repeating: 0, count: 64)
    while read(wake.read, &byte, byte.count) > 0 {}
    return state.withLock { current in
      defer {
        current.size = nil
        current.outputEnded = false
      }
      return (current.size, current.hungUp, current.outputEnded)
    }
  }

  private func poke() {
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)
  }
}

/// Runs one session's `snaprev` child from its own thread: on a pseudo-terminal for the
/// reviewer, on pipes for the non-interactive commands. The reviewer's screen is read on the
/// event loop while the child runs (TerminalOutput); everything else is copied here: the
/// pipes' output, the terminal's last output after the child ends, keystrokes the terminal
/// could not take at once (waiting when the client reads slowly, so memory stays bounded).
/// It applies window changes, ends an idle session, and when the child ends sends its exit
/// status and closes the channel. When the client goes first, the child is hung up (SIGHUP,
/// then SIGKILL after 3 s). A thread per session for these: starting, waiting for and
/// killing a child block, and 64 sessions are 64 mostly sleeping threads.
struct SessionRunner {
  struct Launch: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    /// The terminal's size; nil runs on pipes.
    var size: Spawn.TerminalSize?
    var idleTimeout: Double
  }

  let io: SessionIO
  let channel: Channel
  let launch: Launch

  /// Runs the session to its end; returns how it ended, for the log.
  func run() -> String {
    var outputs: [(fd: Int32, type: SSHChannelData.DataType)] = []
    var terminal: Int32 = -1
    var slave: Int32 = -1
    let child: Spawn.Child
    do {
      if let size = launch.size {
        let started = try Spawn.startOnTerminal(
          launch.executable, launch.arguments, environment: launch.environment, size: size, holdingSlave: true)
        child = started.child
        terminal = started.master
        slave = started.slave
        _ = fcntl(terminal, F_SETFL, fcntl(terminal, F_GETFL) | O_NONBLOCK)
        outputs = [(terminal, .channel)]
      } else {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { throw SpawnError(executable: launch.executable, operation: "create a pipe for", code: errno) }
        guard pipe(&err) == 0 else {
          let code = errno
          for fd in out { close(fd) }
          throw SpawnError(executable: launch.executable, operation: "create a pipe for", code: code)
        }
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer {
          close(out[1])
          close(err[1])
        }
        do {
          child = try Spawn.start(
            launch.executable, launch.arguments, environment: launch.environment, stdin: .null,
            stdout: .descriptor(out[1]), stderr: .descriptor(err[1]))
        } catch {
          close(out[0])
          close(err[0])
          throw error
        }
        outputs = [(out[0], .channel), (err[0], .stdErr)]
      }
    } catch {
      send(Array("snaprev: \(error)\r\n".utf8), .stdErr)
      finish(status: 1)
      return "could not start: \(error)"
    }

    var ending: Ending? = nil
    if terminal >= 0 {
      ending = readOnEventLoop(terminal: terminal, child: child)
      // The pipe channel is closed: the terminal may hang up now. What the child wrote last,
      // and anything a process it started still writes, is read below until it does.
      close(slave)
    }
    if ending == nil || ending == .finished {
      ending = pump(outputs: &outputs, terminal: terminal)
    }
    for output in outputs { close(output.fd) }
    switch ending ?? .finished {
    case .finished:
      let finished = try? child.wait()
      let status = finished?.status ?? 1
      if terminal >= 0, let signal = finished?.termination.signal {
        // The reviewer died without restoring the client's screen: leave the alternate
        // screen, reset colours and show the cursor, then say what happened.
        send(Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\nsnaprev: the session ended by signal \(signal)\r\n".utf8), .channel)
      }
      finish(status: Int(status))
      return "exit status \(status)"
    case .idle:
      let message = "\r\nsnaprev: no input for \(Int(launch.idleTimeout)) s; the session is closed\r\n"
      hangUp(child)
      send(Array(message.utf8), terminal >= 0 ? .channel : .stdErr)
      finish(status: 1)
      return "idle"
    case .hungUp:
      hangUp(child)
      return "client gone"
    }
  }

  enum Ending {
    case finished
    case idle
    case hungUp
  }

  /// The terminal's output read on the event loop (TerminalOutput) while this thread sleeps
  /// until the child ends, the client hangs up or is idle too long; it still applies window
  /// changes and writes keystrokes the terminal could not take at once. Returns nil when the
  /// event loop could not take the terminal (then `pump` reads it here, as for pipes) and
  /// `.finished` when the child has ended or the pipe channel closed; the pipe channel is
  /// closed on return.
  private func readOnEventLoop(terminal: Int32, child: Spawn.Child) -> Ending? {
    guard let output = try? TerminalOutput.start(master: terminal, session: channel, io: io).wait() else { return nil }
    io.setOutput(output)
    let exit = child.exitDescriptor()
    defer {
      io.setOutput(nil)
      _ = try? output.close().wait()
      if let exit { close(exit) }
    }
    var none: [(fd: Int32, type: SSHChannelData.DataType)] = []
    return pump(outputs: &none, terminal: terminal, until: (child, exit))
  }

  /// Copies output and input until the outputs close (the child and all it started have
  /// ended), the client hangs up, or no input arrived for the idle timeout. Closed outputs
  /// are removed from `outputs` as they close.
  ///
  /// With `until`, the terminal is read elsewhere (TerminalOutput) and `outputs` is empty:
  /// it returns `.finished` when the child has ended (its exit descriptor is readable, or,
  /// without one, looked for every 100 ms) or the output channel has closed.
  private func pump(
    outputs: inout [(fd: Int32, type: SSHChannelData.DataType)], terminal: Int32,
    until end: (child: Spawn.Child, exit: Int32?)? = nil
  ) -> Ending {
    // The terminal is the event loop's to write keystrokes to until it closes, below or
    // after the return (`run`): every way out of here takes it back first.
    io.setTerminal(terminal)
    defer { io.setTerminal(-1) }
    var waiting = false
    var buffer = [UInt8](repeating: 0, count: 32768)
    while true {
      let remaining = io.lastInput + launch.idleTimeout - Self.now()
      if remaining <= 0 { return .idle }
      var fds = [pollfd(fd: io.wake.read, events: Int16(POLLIN), revents: 0)]
      for output in outputs {
        var events = Int16(POLLIN)
        if output.fd == terminal && waiting { events |= Int16(POLLOUT) }
        fds.append(pollfd(fd: output.fd, events: events, revents: 0))
      }
      if waiting && !outputs.contains(where: { $0.fd == terminal }) {
        fds.append(pollfd(fd: terminal, events: Int16(POLLOUT), revents: 0))
      }
      if let exit = end?.exit { fds.append(pollfd(fd: exit, events: Int16(POLLIN), revents: 0)) }
      let limit = end != nil && end?.exit == nil ? 0.1 : 60
      let ready = poll(&fds, nfds_t(fds.count), Int32((min(remaining, limit) * 1000).rounded(.up)))
      if ready < 0 && errno != EINTR { return .hungUp }
      if fds[0].revents != 0 {
        let (size, hungUp, outputEnded) = io.take()
        if hungUp { return .hungUp }
        if let size, terminal >= 0 { Spawn.resize(master: terminal, to: size) }
        if outputEnded && end != nil { return .finished }
        waiting = io.flushInput()
      }
      if let end, end.exit.map({ exit in fds.contains { $0.fd == exit && $0.revents != 0 } }) ?? end.child.hasExited {
        return .finished
      }
      var closed = [Int32]()
      for entry in fds.dropFirst() where entry.revents != 0 {
        // A write the terminal could not take (its input queue full) waits for POLLOUT.
        if entry.revents & Int16(POLLOUT) != 0 { waiting = io.flushInput() }
        // Only outputs are read: with `until`, the terminal is the event loop's to read.
        guard entry.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, outputs.contains(where: { $0.fd == entry.fd })
        else { continue }
        let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
        if count > 0 {
          let type = outputs.first { $0.fd == entry.fd }?.type ?? .channel
          send(Array(buffer[0..<count]), type)
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
          // EOF, or EIO from a terminal master whose slave side has no one left.
          closed.append(entry.fd)
        }
      }
      if closed.contains(terminal) { io.setTerminal(-1) }
      for fd in closed { close(fd) }
      outputs.removeAll { closed.contains($0.fd) }
      if outputs.isEmpty && end == nil { return .finished }
    }
  }

  /// Sends bytes to the client; waits while the channel's buffers are full, so a client that
  /// stops reading stops the session's output instead of growing memory.
  private func send(_ bytes: [UInt8], _ type: SSHChannelData.DataType) {
    let written = channel.writeAndFlush(SSHChannelData(type: type, data: .byteBuffer(ByteBuffer(bytes: bytes))))
    io.wrote(written)
    if !channel.isWritable { _ = try? written.wait() }
  }

  /// Every byte sent, then the exit status, then the channel's close (EOF first, as OpenSSH
  /// does). A client that is gone fails the pending write at once; one that only reads
  /// slowly is waited for, as the child's output was.
  private func finish(status: Int) {
    let channel = self.channel
    if let pending = io.lastWritten { _ = try? pending.wait() }
    channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: status))
      .whenComplete { _ in channel.close(promise: nil) }
  }

  /// SIGHUP as a closed terminal would send, SIGKILL if it has not ended in 3 s; reaped.
  private func hangUp(_ child: Spawn.Child) {
    child.send(SIGHUP)
    if (try? child.wait(timeout: 3)) == nil {
      child.send(SIGKILL)
      _ = try? child.wait()
    }
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
