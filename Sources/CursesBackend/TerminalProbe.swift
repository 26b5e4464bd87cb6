import CursesShim
import TerminalCanvas
import TerminalGraphics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Asking the terminal what it can draw, before curses takes it: the one effect behind
/// `GraphicsDetection` (which builds the query, parses the replies and chooses).
public enum TerminalProbe {
  /// What the probe found: the graphics path, and the palette for the terminal's background.
  public struct Findings: Sendable, Equatable {
    public var graphics: GraphicsMode
    public var palette: Palette
  }

  /// Detects the graphics path for `request` and the palette for `theme`. `blocks` with a
  /// fixed theme asks nothing. Otherwise one query (OSC 11 when the theme is `auto`, the
  /// graphics queries unless blocks, DA1 last) is written to the terminal in raw mode and
  /// replies are read until DA1's arrives or `GraphicsDetection.timeoutMilliseconds` pass;
  /// the cell size comes from `CSI 16 t`, else TIOCGWINSZ's pixel fields. Not a terminal
  /// (a pipe, a test): blocks, and the dark palette unless one was asked for.
  public static func detect(
    _ request: GraphicsRequest, theme: ThemeRequest = .dark, environment: [String: String]
  ) -> Findings {
    let askGraphics = request != .blocks
    let askBackground = theme == .auto
    guard askGraphics || askBackground else {
      let graphics = GraphicsDetection.choose(.blocks, environment: environment, replies: TerminalReplies(), windowCell: nil)
      return Findings(graphics: graphics, palette: theme.palette(background: nil))
    }
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      return Findings(
        graphics: GraphicsMode(path: .blocks, cell: nil, tmux: false, reason: "not a terminal"),
        palette: theme.palette(background: nil))
    }
    let tmux = environment["TMUX"].map { !$0.isEmpty } ?? false
    let query = GraphicsDetection.query(tmux: tmux, graphics: askGraphics, background: askBackground)
    let replies = GraphicsDetection.parse(ask(query, timeoutMilliseconds: GraphicsDetection.timeoutMilliseconds))
    let graphics = GraphicsDetection.choose(request, environment: environment, replies: replies, windowCell: windowCell())
    return Findings(graphics: graphics, palette: theme.palette(background: replies.background))
  }

  /// The cell size from the window's pixel size over its cells, when the terminal fills in
  /// TIOCGWINSZ's pixel fields (kitty, foot, WezTerm, xterm do; many others leave 0).
  public static func windowCell() -> CellPixels? {
    var rows: Int32 = 0
    var columns: Int32 = 0
    var width: Int32 = 0
    var height: Int32 = 0
    guard cursesshim_window_size(STDOUT_FILENO, &rows, &columns, &width, &height) == 0, rows > 0, columns > 0,
      width >= columns, height >= rows
    else { return nil }
    return CellPixels(width: Int(width / columns), height: Int(height / rows))
  }

  /// Writes `query` and returns what the terminal sent back until the replies are complete
  /// (DA1 seen) or the timeout passed. The terminal's modes are restored before returning;
  /// after a timeout, input still pending is discarded so a late reply is not read as keys.
  static func ask(_ query: [UInt8], timeoutMilliseconds: Int32) -> [UInt8] {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return [] }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 0
      cc[Int(VTIME)] = 0
    }
    guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return [] }
    defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    guard writeAll(STDOUT_FILENO, query) else { return [] }
    var replies: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1024)
    let deadline = monotonicMilliseconds() + Int64(timeoutMilliseconds)
    // Bounded: at most 64 reads (a reply is well under 1 KB) and the deadline.
    for _ in 0..<64 {
      let remaining = deadline - monotonicMilliseconds()
      guard remaining > 0 else { break }
      var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, Int32(remaining))
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { break }
      let count = read(STDIN_FILENO, &buffer, buffer.count)
      guard count > 0 else { break }
      replies += buffer[0..<count]
      if GraphicsDetection.parse(replies).complete { return replies }
    }
    _ = tcflush(STDIN_FILENO, TCIFLUSH)
    return replies
  }

  /// Writes every byte of `bytes` to `descriptor`, retrying short writes and interruptions
  /// (an image is megabytes over a slow link). False when the terminal is gone.
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
      guard let base = buffer.baseAddress else { return true }
      var offset = 0
      var stalls = 0
      while offset < buffer.count {
        let written = write(descriptor, base + offset, buffer.count - offset)
        if written > 0 {
          offset += written
          stalls = 0
        } else if written < 0, errno == EINTR || errno == EAGAIN, stalls < 1000 {
          // Non-blocking output that is full: wait for room, at most 1000 times 10 ms.
          stalls += 1
          var descriptorPoll = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
          _ = poll(&descriptorPoll, 1, 10)
        } else {
          return false
        }
      }
      return true
    }
  }

  static func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
  }
}
