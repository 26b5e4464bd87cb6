#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Spawn {
  /// A terminal's size in character cells.
  public struct TerminalSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
      self.columns = columns
      self.rows = rows
    }
  }

  /// A child on a new pseudo-terminal, and the master side that is the caller's to read,
  /// write, resize and close.
  public struct OnTerminal {
    public let child: Child
    /// The pseudo-terminal's master (O_CLOEXEC). Closing it hangs the terminal up: the
    /// child's session gets SIGHUP, as when a terminal window closes.
    public let master: Int32
    /// The slave, open here too when asked for (`holdingSlave`), else -1; the caller's to
    /// close. While it is open the master never reads as hung up, whatever the child does.
    public let slave: Int32
  }

  /// Starts `executable` as the leader of a new session whose controlling terminal is a
  /// fresh pseudo-terminal of `size`: standard input, output and error are its slave, so the
  /// child sees a terminal exactly as in a terminal window (`isatty`, job control, SIGWINCH).
  /// Only the master stays open here; when the child and everything it started have ended,
  /// reading the master fails with EIO.
  public static func startOnTerminal(
    _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
    size: TerminalSize, holdingSlave: Bool = false
  ) throws(SpawnError) -> OnTerminal {
    let (master, slave) = try openPseudoTerminal(for: executable)
    var keep = false
    var held: Int32 = -1
    defer {
      if !keep {
        close(master)
        if held >= 0 { close(held) }
      }
    }
    if holdingSlave {
      held = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC)
      guard held >= 0 else { throw SpawnError(executable: executable, operation: "open the terminal of", code: errno) }
    }
    resize(master: master, to: size)
    let started = monotonicSeconds()
    let pid = try Launch(
      executable: executable, arguments: arguments, environment: environment, directory: directory,
      stdin: .terminal(slave), stdout: .descriptor(0), stderr: .descriptor(0)
    ).spawn()
    keep = true
    return OnTerminal(
      child: Child(pid: pid, executable: executable, started: started, captures: [-1, -1]), master: master, slave: held)
  }

  /// A new pseudo-terminal: its master (close-on-exec, not this process's controlling
  /// terminal) and the path of its slave. `executable` names the program it is for in errors.
  public static func openPseudoTerminal(for executable: String) throws(SpawnError) -> (master: Int32, slave: String) {
    guard let pty = PseudoTerminalCalls.shared else {
      throw SpawnError(executable: executable, operation: "open a pseudo-terminal for", code: ENOSYS)
    }
    let master = pty.open(O_RDWR | O_NOCTTY)
    guard master >= 0 else { throw SpawnError(executable: executable, operation: "open a pseudo-terminal for", code: errno) }
    _ = fcntl(master, F_SETFD, FD_CLOEXEC)
    var name = [CChar](repeating: 0, count: 128)
    guard pty.grant(master) == 0, pty.unlock(master) == 0, pty.name(master, &name, name.count) == 0 else {
      let code = errno
      close(master)
      throw SpawnError(executable: executable, operation: "unlock a pseudo-terminal for", code: code)
    }
    return (master, String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
  }

  /// Sets the terminal size of the pseudo-terminal `master`; the child's session gets
  /// SIGWINCH. Sizes are clamped to what the kernel's 16-bit fields hold.
  public static func resize(master: Int32, to size: TerminalSize) {
    var window = winsize(
      ws_row: UInt16(clamping: max(size.rows, 1)), ws_col: UInt16(clamping: max(size.columns, 1)), ws_xpixel: 0,
      ws_ypixel: 0)
    _ = withUnsafeMutablePointer(to: &window) { ioctl(master, UInt(TIOCSWINSZ), $0) }
  }
}

/// posix_openpt, grantpt, unlockpt and ptsname_r: <stdlib.h> declares them only under
/// _XOPEN_SOURCE, which Glibc's Swift module is not built with, so they are looked up by
/// name once (as `Launch` does glibc's newer spawn actions).
struct PseudoTerminalCalls: Sendable {
  typealias Open = @convention(c) (Int32) -> Int32
  typealias OnMaster = @convention(c) (Int32) -> Int32
  typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32

  let open: Open
  let grant: OnMaster
  let unlock: OnMaster
  let name: Name

  static let shared: PseudoTerminalCalls? = {
    guard let open = Launch.libcSymbol("posix_openpt"), let grant = Launch.libcSymbol("grantpt"),
      let unlock = Launch.libcSymbol("unlockpt"), let name = Launch.libcSymbol("ptsname_r")
    else { return nil }
    return PseudoTerminalCalls(
      open: unsafeBitCast(open, to: Open.self), grant: unsafeBitCast(grant, to: OnMaster.self),
      unlock: unsafeBitCast(unlock, to: OnMaster.self), name: unsafeBitCast(name, to: Name.self))
  }()
}
