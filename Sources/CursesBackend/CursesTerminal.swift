import CursesShim
import TerminalCanvas
import TerminalGraphics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the terminal could not be used.
public struct TerminalError: Error, CustomStringConvertible, Equatable {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// What the terminal reported while we waited.
public enum TerminalEvent: Equatable, Sendable {
  case key(Key)
  /// A click or wheel notch (only while mouse reports are on: `enableMouse`).
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)
  /// SIGTERM, SIGHUP, SIGINT or SIGQUIT arrived.
  case terminated(signal: Int32)
  /// The terminal went away (hang-up, or input that keeps failing).
  case lost
}

/// How colours are sent to the terminal.
public enum ColorOutput: Sendable, Equatable {
  /// 24-bit: a direct-colour terminfo entry, colour numbers are packed RGB.
  case direct
  /// The xterm 256-colour palette.
  case palette256
  /// The 8 basic colours.
  case basic
  /// No colour: bold, reverse, underline and dim only.
  case none

  /// The colour mode the canvas is painted for.
  public var paintMode: ColorMode {
    switch self {
    case .direct: return .trueColor
    case .palette256, .basic: return .palette256
    case .none: return .monochrome
    }
  }
}

/// A canvas on a real terminal through ncursesw. It only starts and restores the
/// terminal, reads keys (and resizes), and copies canvases out; ncurses itself works
/// out what changed on the screen (wnoutrefresh + doupdate, never a clear per frame).
/// Use it from one thread only.
public final class CursesTerminal {
  public private(set) var colorOutput: ColorOutput = .none
  /// Terminal type used, e.g. `xterm-direct` when 24-bit colour was switched on.
  public private(set) var terminalType: String
  private var previous: Canvas?
  private var pairs: [PairKey: Int32] = [:]
  private var nextPair: Int32 = 1
  private var maxPairs: Int32 = 0
  private var consecutiveErrors = 0
  /// Whether mouse reports are on (`enableMouse`): keys are then passed through `SGRMouse`.
  public private(set) var mouse = false
  /// The start of a mouse report whose rest had not arrived at the end of the last read.
  private var pendingKeys: [Key] = []
  private let wakeRead: Int32
  /// Write end of the wake pipe: writing a byte makes `waitForEvents` return.
  public let wakeDescriptor: Int32
  /// The colours roles get: chosen for the terminal's background (`--theme`).
  public var palette: Palette = .dark
  /// The images on the screen when a graphics path is in use (nil: block characters only).
  public var graphics: GraphicsScreen?

  private struct PairKey: Hashable {
    let foreground: Int32
    let background: Int32
  }

  /// Starts curses. `preferred` is the colour mode the environment asks for
  /// (`ColorMode.detect`); the terminal may support less.
  public init(preferred: ColorMode, environment: [String: String]) throws(TerminalError) {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { throw TerminalError("cannot create a pipe: errno \(errno)") }
    for fd in fds {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
    wakeRead = fds[0]
    wakeDescriptor = fds[1]
    let term = environment["TERM"] ?? ""
    terminalType = term
    var message = [CChar](repeating: 0, count: 256)
    var started = false
    if preferred == .trueColor, let direct = Self.directVariant(of: term, environment: environment) {
      if cursesshim_start(direct, &message, message.count) == 0 {
        started = true
        terminalType = direct
      }
    }
    if !started {
      if cursesshim_start(nil, &message, message.count) == 0 {
        started = true
      } else if !term.isEmpty {
        // A terminal the server has no terminfo entry for (kitty, alacritty, … over SSH)
        // still speaks xterm: fall back to it rather than refuse.
        var fallbackMessage = [CChar](repeating: 0, count: 256)
        for fallback in ["xterm-256color", "xterm"] where cursesshim_start(fallback, &fallbackMessage, fallbackMessage.count) == 0 {
          started = true
          terminalType = fallback
          break
        }
      }
      guard started else {
        close(wakeRead)
        close(wakeDescriptor)
        throw TerminalError(Self.string(message))
      }
    }
    _ = cursesshim_install_signals(wakeDescriptor)
    colorOutput = Self.output(preferred: preferred)
    maxPairs = Int32(cursesshim_color_pairs())
  }

  deinit {
    stop()
    close(wakeRead)
    close(wakeDescriptor)
  }

  /// Gives the terminal back (endwin), deleting our images first so nothing is left on the
  /// screen or in the terminal's memory. Safe to call more than once.
  public func stop() {
    if cursesshim_is_started() != 0, let update = graphics?.clear() { apply(update) }
    cursesshim_stop()
  }

  /// Asks the terminal for SGR mouse reports (clicks and the wheel); `stop` turns them off.
  public func enableMouse() {
    cursesshim_set_mouse(1, SGRMouse.enable, SGRMouse.disable)
    mouse = true
  }

  public var size: (width: Int, height: Int) {
    var rows: Int32 = 0
    var columns: Int32 = 0
    cursesshim_size(&rows, &columns)
    return (Int(columns), Int(rows))
  }

  private static func output(preferred: ColorMode) -> ColorOutput {
    guard preferred != .monochrome, cursesshim_has_colors() != 0 else { return .none }
    let colors = cursesshim_colors()
    if preferred == .trueColor, cursesshim_has_rgb() != 0 || colors >= 0x100_0000 { return .direct }
    if colors >= 256 { return .palette256 }
    if colors >= 8 { return .basic }
    return .none
  }

  /// The `*-direct` terminfo entry for `term`, if one is installed (ncurses-term ships
  /// xterm-direct, tmux-direct, ...). ncurses only does 24-bit colour through such an
  /// entry, whose colour numbers are packed RGB values.
  static func directVariant(of term: String, environment: [String: String]) -> String? {
    guard !term.isEmpty, !term.hasSuffix("-direct") else { return nil }
    let family = term.split(separator: "-").first.map(String.init) ?? term
    var candidates = ["\(family)-direct"]
    if family != "xterm" { candidates.append("xterm-direct") }
    var directories: [String] = []
    if let dir = environment["TERMINFO"] { directories.append(dir) }
    if let home = environment["HOME"] { directories.append(home + "/.terminfo") }
    if let dirs = environment["TERMINFO_DIRS"] {
      directories += dirs.split(separator: ":").map(String.init)
    }
    directories += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]
    for candidate in candidates {
      guard let first = candidate.first else { continue }
      for directory in directories {
        let letter = "\(directory)/\(first)/\(candidate)"
        // macOS names the directories by the letter's hex code.
        let hex = "\(directory)/\(String(first.asciiValue ?? 0, radix: 16))/\(candidate)"
        if access(letter, R_OK) == 0 || access(hex, R_OK) == 0 { return candidate }
      }
    }
    return nil
  }

  private static func string(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: Input

  /// Waits up to `timeoutMilliseconds` for input, a signal or a wake-up, and returns
  /// what arrived (possibly nothing: a wake-up from another thread).
  public func waitForEvents(timeoutMilliseconds: Int32) -> [TerminalEvent] {
    var events: [TerminalEvent] = []
    // A mouse report cut off at the last read: its rest is due within a round trip, so wait
    // at most 50 ms for it before its characters count as typed keys.
    let ready = cursesshim_wait(wakeRead, pendingKeys.isEmpty ? timeoutMilliseconds : min(timeoutMilliseconds, 50))
    if ready > 0, ready & 2 != 0 { drainWakePipe() }
    var winch: Int32 = 0
    let signal = cursesshim_take_signal(&winch)
    if signal != 0 { return [.terminated(signal: signal)] }
    if ready < 0 || (ready > 0 && ready & 4 != 0) { return [.lost] }
    var readAny = false
    var keys: [Key] = []
    // Drain everything typed so far; one frame is drawn for the whole batch.
    for _ in 0..<512 {
      var special: Int32 = 0
      var character: UInt32 = 0
      guard cursesshim_read_key(&special, &character) == 1 else { break }
      readAny = true
      if special == Int32(CURSESSHIM_KEY_RESIZE) {
        let now = size
        events.append(.resize(width: now.width, height: now.height))
      } else if let key = Self.key(special: special, character: character) {
        keys.append(key)
      }
    }
    events = inputEvents(keys) + events
    if ready > 0, ready & 1 != 0, !readAny {
      // Readable but nothing read: EOF or EIO on a lost tty. ncdu gives up after 100.
      consecutiveErrors += 1
      if consecutiveErrors >= 100 { return [.lost] }
    } else if readAny {
      consecutiveErrors = 0
    }
    if winch != 0, !events.contains(where: { if case .resize = $0 { return true } else { return false } }) {
      // ncurses normally reports KEY_RESIZE itself; this covers a resize it has not yet seen.
      let now = size
      if previous.map({ $0.width != now.width || $0.height != now.height }) ?? false {
        events.append(.resize(width: now.width, height: now.height))
      }
    }
    return events
  }

  /// `keys` as events: with the mouse on, SGR reports become mouse events. A report cut off
  /// at the end waits for the next read, unless nothing new came (then it was typed keys).
  private func inputEvents(_ keys: [Key]) -> [TerminalEvent] {
    guard mouse else { return keys.map { .key($0) } }
    let carried = pendingKeys
    let decoded = SGRMouse.decode(carried + keys)
    // A lone Esc at the end is the Esc key: ncurses already waited ESCDELAY for more.
    pendingKeys = decoded.pending == [.escape] ? [] : decoded.pending
    var events: [TerminalEvent] = decoded.events.map {
      switch $0 {
      case .key(let key): return .key(key)
      case .mouse(let event): return .mouse(event)
      }
    }
    if decoded.pending == [.escape] { events.append(.key(.escape)) }
    if keys.isEmpty, !pendingKeys.isEmpty {
      events += pendingKeys.map { .key($0) }
      pendingKeys = []
    }
    return events
  }

  private func drainWakePipe() {
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(wakeRead, &buffer, buffer.count) > 0 {}
  }

  static func key(special: Int32, character: UInt32) -> Key? {
    switch Int(special) {
    case Int(CURSESSHIM_KEY_NONE):
      switch character {
      case 27: return .escape
      case 9: return .tab
      case 10, 13: return .enter
      case 8, 127: return .backspace
      case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + character))))
      default:
        guard let scalar = Unicode.Scalar(character) else { return nil }
        return .character(Character(scalar))
      }
    case Int(CURSESSHIM_KEY_UP): return .up
    case Int(CURSESSHIM_KEY_DOWN): return .down
    case Int(CURSESSHIM_KEY_LEFT): return .left
    case Int(CURSESSHIM_KEY_RIGHT): return .right
    case Int(CURSESSHIM_KEY_HOME): return .home
    case Int(CURSESSHIM_KEY_END): return .end
    case Int(CURSESSHIM_KEY_PAGE_UP): return .pageUp
    case Int(CURSESSHIM_KEY_PAGE_DOWN): return .pageDown
    case Int(CURSESSHIM_KEY_ENTER): return .enter
    case Int(CURSESSHIM_KEY_BACKSPACE): return .backspace
    case Int(CURSESSHIM_KEY_DELETE): return .delete
    case Int(CURSESSHIM_KEY_BACK_TAB): return .backTab
    case let code where code > Int(CURSESSHIM_KEY_F0): return .function(code - Int(CURSESSHIM_KEY_F0))
    default: return nil
    }
  }

  // MARK: Output

  /// Puts `canvas` on the screen. Only cells that differ from the last frame are
  /// handed to ncurses, which in turn sends only what changed on the screen.
  public func draw(_ canvas: Canvas) {
    var full = previous.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
    // The cells to hand to ncurses, found once for both passes below.
    var changed = Self.changedCells(canvas, since: full ? nil : previous)
    if colorOutput != .none {
      // Allocate this frame's colour pairs first; if the table would overflow, start
      // a fresh table and repaint everything with it. Only cells that changed can need a new
      // pair: an unchanged one was drawn with a pair still in the table (it is only reset
      // here, with a full repaint). Looking up every cell's pair on every frame was a tenth
      // of the reviewer's time per keystroke (docs/PERFORMANCE.md, "Reviewer").
      var needed: Set<PairKey> = []
      for index in changed {
        let key = pairKey(Theme.attributes(for: canvas.cells[index].style, mode: colorOutput.paintMode, palette: palette))
        if pairs[key] == nil, key != PairKey(foreground: -1, background: -1) { needed.insert(key) }
      }
      if !needed.isEmpty, Int(nextPair) + needed.count >= Int(maxPairs) {
        cursesshim_reset_pairs()
        pairs = [:]
        nextPair = 1
        full = true
        changed = Self.changedCells(canvas, since: nil)
      }
    }
    if full {
      cursesshim_force_repaint()
      // A full repaint clears the screen, and kitty drops its placements on a clear: forget
      // (and delete) them all, so `place` sends them again after this frame.
      if let update = graphics?.forget() { apply(update) }
    }
    var scalars = [UInt32](repeating: 0, count: 8)
    for index in changed {
      let cell = canvas.cells[index]
      let (y, x) = index.quotientAndRemainder(dividingBy: canvas.width)
      let attributes = Theme.attributes(for: cell.style, mode: colorOutput.paintMode, palette: palette)
      var flags: UInt32 = 0
      if attributes.bold { flags |= UInt32(CURSESSHIM_BOLD) }
      if attributes.reverse { flags |= UInt32(CURSESSHIM_REVERSE) }
      if attributes.underline { flags |= UInt32(CURSESSHIM_UNDERLINE) }
      if attributes.dim { flags |= UInt32(CURSESSHIM_DIM) }
      let pair = colorOutput == .none ? 0 : pairNumber(pairKey(attributes))
      var count: Int32 = 0
      for scalar in cell.text.unicodeScalars.prefix(scalars.count) {
        scalars[Int(count)] = scalar.value
        count += 1
      }
      if count == 0 {
        scalars[0] = 32
        count = 1
      }
      _ = cursesshim_put(Int32(y), Int32(x), scalars, count, flags, pair)
    }
    cursesshim_flush()
    previous = canvas
  }

  /// The indices (row-major) of `canvas`'s cells that differ from `previous` (a frame of the
  /// same size), or of all of them without one; never the second half of a wide character,
  /// which its first half draws.
  private static func changedCells(_ canvas: Canvas, since previous: Canvas?) -> [Int] {
    canvas.cells.indices.filter { index in
      let cell = canvas.cells[index]
      return !cell.isContinuation && previous?.cells[index] != cell
    }
  }

  /// Forgets the last frame so the next draw repaints everything (after a resize). Images
  /// are deleted (kitty) or left to the full repaint to erase, and sent again after it.
  public func invalidate() {
    previous = nil
    if let update = graphics?.forget() { apply(update) }
  }

  /// Shows `placements` after the frame `draw` put on the screen: only what changed is sent
  /// (`GraphicsScreen.update`). Call it after every `draw`.
  public func place(_ placements: [GraphicsPlacement]) {
    guard let update = graphics?.update(to: placements) else { return }
    apply(update)
  }

  /// Repaints the cells old sixel/iTerm2 images covered (text over them is what erases
  /// them), then writes the image sequences after ncurses' own output.
  private func apply(_ update: GraphicsScreen.Update) {
    guard !update.isEmpty else { return }
    if !update.repaint.isEmpty {
      for rect in update.repaint { cursesshim_redraw_lines(Int32(rect.y), Int32(rect.height)) }
      cursesshim_flush()
    }
    if !update.bytes.isEmpty { _ = TerminalProbe.writeAll(STDOUT_FILENO, update.bytes) }
  }

  private func pairKey(_ attributes: Attributes) -> PairKey {
    PairKey(foreground: color(attributes.foreground), background: color(attributes.background))
  }

  private func color(_ rgb: Color?) -> Int32 {
    guard let rgb else { return -1 }
    switch colorOutput {
    case .direct: return Int32(rgb.r) << 16 | Int32(rgb.g) << 8 | Int32(rgb.b)
    case .palette256: return Int32(XTerm256.index(of: rgb))
    case .basic:
      // Nearest of the 8 basic colours by channel thresholds (bit 0 red, 1 green, 2 blue).
      return (rgb.r > 127 ? 1 : 0) | (rgb.g > 127 ? 2 : 0) | (rgb.b > 127 ? 4 : 0)
    case .none: return -1
    }
  }

  private func pairNumber(_ key: PairKey) -> Int32 {
    if key.foreground == -1, key.background == -1 { return 0 }
    if let pair = pairs[key] { return pair }
    guard nextPair < maxPairs else { return 0 }
    let pair = nextPair
    nextPair += 1
    _ = cursesshim_init_pair(pair, key.foreground, key.background)
    pairs[key] = pair
    return pair
  }
}
