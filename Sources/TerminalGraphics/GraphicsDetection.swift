import TerminalCanvas

/// Which way images reach the terminal.
public enum GraphicsProtocol: String, Sendable, Equatable, CaseIterable {
  case kitty, sixel, iterm2, blocks
}

/// What `--graphics` / `SNAPREV_GRAPHICS` ask for: detection, or one path forced.
public enum GraphicsRequest: String, Sendable, Equatable, CaseIterable {
  case auto, kitty, sixel, iterm2, blocks
}

/// The size of one character cell in screen pixels.
public struct CellPixels: Sendable, Equatable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
}

/// The graphics path a session uses, and why (shown by `--graphics` errors and the docs).
public struct GraphicsMode: Sendable, Equatable {
  public var path: GraphicsProtocol
  /// The cell size images are laid out with (nil in block mode).
  public var cell: CellPixels?
  /// Inside tmux: kitty and iTerm2 sequences go through its passthrough.
  public var tmux: Bool
  /// One line on how the path was chosen.
  public var reason: String

  public init(path: GraphicsProtocol, cell: CellPixels?, tmux: Bool, reason: String) {
    self.path = path
    self.cell = cell
    self.tmux = tmux
    self.reason = reason
  }

  public static let blocks = GraphicsMode(path: .blocks, cell: nil, tmux: false, reason: "block characters")
}

/// What the terminal answered to `GraphicsDetection.query`, parsed.
public struct TerminalReplies: Sendable, Equatable {
  /// The kitty query was answered `OK`.
  public var kittyOK = false
  /// The kitty query was answered with an error (the protocol is known but refused).
  public var kittyError: String?
  /// DA1's attributes (`CSI ? 62;4;22 c` gives [62, 4, 22]); nil when DA1 never came.
  public var deviceAttributes: [Int]?
  /// From `CSI 6 ; height ; width t` (the reply to `CSI 16 t`).
  public var cell: CellPixels?
  /// The background colour from the OSC 11 reply, when asked and answered.
  public var background: Color?

  public init(kittyOK: Bool = false, kittyError: String? = nil, deviceAttributes: [Int]? = nil, cell: CellPixels? = nil) {
    self.kittyOK = kittyOK
    self.kittyError = kittyError
    self.deviceAttributes = deviceAttributes
    self.cell = cell
  }

  /// DA1 attribute 4: sixel graphics.
  public var sixel: Bool { deviceAttributes?.contains(4) ?? false }
  /// Every terminal answers DA1, and answers in order: once it is in, nothing else will come.
  public var complete: Bool { deviceAttributes != nil }
}

/// Asking the terminal what it can draw, as pure functions: the bytes to send, the parser
/// for what comes back, and the choice. The effect (raw mode, write, read with a timeout)
/// is `TerminalProbe` in CursesBackend.
public enum GraphicsDetection {
  /// The image id of the kitty query (any id works; a fixed one is recognised in the reply).
  public static let queryID: UInt32 = 31
  /// How long to wait for the replies. A terminal answers DA1 within a round trip; 100 ms
  /// covers a local terminal and a typical SSH link, and is what a user waits at most when
  /// nothing answers (then: block characters).
  public static let timeoutMilliseconds: Int32 = 100

  /// The kitty query (through tmux's passthrough inside tmux, so the outer terminal sees it),
  /// `CSI 16 t` (cell size in pixels) and DA1 (`CSI c`) last: terminals answer in order, so
  /// DA1's reply marks the end.
  /// With `background`, OSC 11 (the background colour, for `--theme auto`) goes first;
  /// without `graphics` (`--graphics blocks`) only it and DA1 are asked.
  public static func query(tmux: Bool, graphics: Bool = true, background: Bool = false) -> [UInt8] {
    var bytes = background ? Array(backgroundQuery.utf8) : []
    if graphics {
      let kitty = KittyGraphics.query(id: queryID)
      bytes += (tmux ? TmuxPassthrough.wrap(kitty) : kitty) + Array("\u{1B}[16t".utf8)
    }
    return bytes + Array("\u{1B}[c".utf8)
  }

  /// OSC 11 with `?`: "what is your background colour". xterm, kitty, foot, WezTerm, iTerm2,
  /// VTE and tmux answer `OSC 11 ; rgb:RRRR/GGGG/BBBB ST`; others ignore it (DA1 still ends
  /// the wait).
  public static let backgroundQuery = "\u{1B}]11;?\u{1B}\\"

  /// The colour in an OSC 11 reply body (`11;rgb:ffff/ffff/dddd`): 1 to 4 hex digits a
  /// channel, scaled to 8 bits (xterm's XParseColor rule); nil for anything else.
  static func backgroundColor(_ body: ArraySlice<UInt8>) -> Color? {
    let text = String(decoding: body, as: UTF8.self)
    guard text.hasPrefix("11;rgb:") else { return nil }
    let channels = text.dropFirst(7).split(separator: "/", omittingEmptySubsequences: false)
    guard channels.count == 3 else { return nil }
    var values: [UInt8] = []
    for channel in channels {
      // Hex digits only: `Int(_:radix:)` also takes a sign, and "-7" made a negative channel
      // (found by the terminal_input fuzz target).
      guard (1...4).contains(channel.count), channel.allSatisfy(\.isHexDigit), let value = Int(channel, radix: 16)
      else { return nil }
      let maximum = (1 << (4 * channel.count)) - 1
      values.append(UInt8((value * 255 + maximum / 2) / maximum))
    }
    return Color(values[0], values[1], values[2])
  }

  /// Parses everything read so far. Unknown sequences and stray bytes (a key typed during
  /// the query, line noise) are skipped; a truncated sequence at the end is left unparsed.
  public static func parse(_ bytes: [UInt8]) -> TerminalReplies {
    var replies = TerminalReplies()
    var i = 0
    while i < bytes.count {
      guard bytes[i] == 0x1B, i + 1 < bytes.count else {
        i += 1
        continue
      }
      switch bytes[i + 1] {
      case UInt8(ascii: "_"):
        // APC … ST: a kitty graphics reply is `G` keys `;` message.
        guard let end = stringEnd(bytes, from: i + 2) else { return replies }
        let body = Array(bytes[(i + 2)..<end.body])
        if body.first == UInt8(ascii: "G"), let semicolon = body.firstIndex(of: UInt8(ascii: ";")) {
          let keys = String(decoding: body[1..<semicolon], as: UTF8.self)
          let message = String(decoding: body[(semicolon + 1)...], as: UTF8.self)
          if keys.split(separator: ",").contains("i=\(queryID)") {
            if message == "OK" { replies.kittyOK = true } else { replies.kittyError = message }
          }
        }
        i = end.next
      case UInt8(ascii: "]"):
        // OSC … ST (or BEL): the background colour.
        guard let end = stringEnd(bytes, from: i + 2) else { return replies }
        if let color = backgroundColor(bytes[(i + 2)..<end.body]) { replies.background = color }
        i = end.next
      case UInt8(ascii: "["):
        // CSI: parameters and intermediates, then a final byte 0x40–0x7E.
        var j = i + 2
        while j < bytes.count, !(0x40...0x7E).contains(bytes[j]) { j += 1 }
        guard j < bytes.count else { return replies }
        let parameters = bytes[(i + 2)..<j]
        switch bytes[j] {
        case UInt8(ascii: "c") where parameters.first == UInt8(ascii: "?"):
          replies.deviceAttributes = numbers(parameters.dropFirst())
        case UInt8(ascii: "t"):
          let values = numbers(parameters)
          if values.count == 3, values[0] == 6, values[1] > 0, values[2] > 0 {
            replies.cell = CellPixels(width: values[2], height: values[1])
          }
        default: break
        }
        i = j + 1
      default:
        i += 1
      }
    }
    return replies
  }

  /// Where a string sequence whose body starts at `from` ends: the body is `from..<body`,
  /// and what follows starts at `next`, past the `ESC \` or BEL that ends it. (An earlier
  /// version returned one index for both terminators, and an empty body ended by BEL made
  /// an inverted range: the terminal_input fuzz target found the trap.)
  static func stringEnd(_ bytes: [UInt8], from: Int) -> (body: Int, next: Int)? {
    var j = from
    while j < bytes.count {
      if bytes[j] == 0x07 { return (j, j + 1) }
      if bytes[j] == 0x1B, j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "\\") { return (j, j + 2) }
      j += 1
    }
    return nil
  }

  /// `1;22;4` as numbers; an empty or non-numeric field reads as 0.
  static func numbers(_ bytes: ArraySlice<UInt8>) -> [Int] {
    bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { field in
      field.reduce(0) { value, byte in
        (48...57).contains(byte) ? min(value * 10 + Int(byte - 48), 1_000_000) : value
      }
    }
  }

  /// The cell size to assume when a path is forced and the terminal tells nothing (neither
  /// `CSI 16 t` nor the window's pixel size): a common 10x20 font.
  public static let assumedCell = CellPixels(width: 10, height: 20)

  /// Chooses the path. `auto`: kitty when its query was answered OK; else iTerm2 when
  /// `TERM_PROGRAM` (or `LC_TERMINAL`, which iTerm2 sends over SSH) names iTerm2 or WezTerm;
  /// else sixel when DA1 lists attribute 4; else blocks. A graphics path also needs the cell
  /// size (`CSI 16 t`, else the window's pixel size over its cells from TIOCGWINSZ); without
  /// one `auto` falls back to blocks. Never by `TERM` alone.
  public static func choose(
    _ request: GraphicsRequest, environment: [String: String], replies: TerminalReplies,
    windowCell: CellPixels?
  ) -> GraphicsMode {
    let tmux = environment["TMUX"].map { !$0.isEmpty } ?? false
    let cell = replies.cell ?? windowCell
    let program = environment["TERM_PROGRAM"] ?? ""
    let itermLike = program == "iTerm.app" || program == "WezTerm" || environment["LC_TERMINAL"] == "iTerm2"
    func mode(_ path: GraphicsProtocol, _ reason: String) -> GraphicsMode {
      GraphicsMode(path: path, cell: cell ?? assumedCell, tmux: tmux, reason: reason)
    }
    switch request {
    case .blocks: return GraphicsMode(path: .blocks, cell: nil, tmux: tmux, reason: "--graphics blocks")
    case .kitty: return mode(.kitty, "--graphics kitty")
    case .sixel: return mode(.sixel, "--graphics sixel")
    case .iterm2: return mode(.iterm2, "--graphics iterm2")
    case .auto: break
    }
    let path: GraphicsProtocol
    let reason: String
    if replies.kittyOK {
      (path, reason) = (.kitty, "the terminal answered the kitty graphics query")
    } else if itermLike {
      (path, reason) = (.iterm2, "TERM_PROGRAM/LC_TERMINAL names iTerm2 or WezTerm")
    } else if replies.sixel {
      (path, reason) = (.sixel, "the terminal's DA1 reply lists sixel (4)")
    } else {
      let why = replies.complete ? "the terminal reports no image protocol" : "the terminal did not answer in time"
      return GraphicsMode(path: .blocks, cell: nil, tmux: tmux, reason: why)
    }
    guard let cell else {
      return GraphicsMode(path: .blocks, cell: nil, tmux: tmux, reason: "\(path.rawValue) is supported but the cell size in pixels is unknown")
    }
    return GraphicsMode(path: path, cell: cell, tmux: tmux, reason: reason)
  }
}
