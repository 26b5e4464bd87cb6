import TerminalCanvas

/// The frame both UIs draw around their screens: the reset before each frame, the one
/// minimum size, and the helpers for boxes over the screen.
public enum Chrome {
  /// Below this size only the "terminal too small" screen is drawn. 60 columns fit the
  /// reviewer's list beside a preview and the browser's name and target columns.
  public static let minimumWidth = 60
  public static let minimumHeight = 15

  /// Rows one wheel notch moves a list or the help by, in both UIs: three, as xterm and
  /// less scroll text per notch, so a flick of the wheel crosses a screenful of names.
  public static let wheelRows = 3

  public static func isTooSmall(width: Int, height: Int) -> Bool {
    width < minimumWidth || height < minimumHeight
  }

  /// Starts a frame of `width` x `height` (ratatui: "fully render the entire frame"): a new
  /// canvas when the size changed, else the old one cleared, so its storage is reused.
  public static func frame(_ canvas: inout Canvas, width: Int, height: Int) {
    if canvas.width != width || canvas.height != height {
      canvas = Canvas(width: width, height: height)
    } else {
      canvas.fill(canvas.bounds)
    }
  }

  /// A box centred on the canvas, at most `width` x `height`, leaving a 1-cell margin.
  public static func centeredBox(width: Int, height: Int, in canvas: Canvas) -> Rect {
    let w = min(width, canvas.width - 2)
    let h = min(height, canvas.height - 2)
    return Rect(x: (canvas.width - w) / 2, y: (canvas.height - h) / 2, width: w, height: h)
  }
}

/// ncdu's "terminal too small" screen, centred and clipped to whatever size there is.
public struct TooSmallScreen: Sendable {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  public func draw(into canvas: inout Canvas) {
    let lines: [(String, Role)] = [
      ("Terminal too small", .warning),
      ("\(width)×\(height), needs \(Chrome.minimumWidth)×\(Chrome.minimumHeight)", .normal),
      ("q quits", .dim),
    ]
    let top = max(0, (height - lines.count) / 2)
    for (offset, (text, role)) in lines.enumerated() {
      let x = max(0, (width - DisplayWidth.of(text)) / 2)
      canvas.put(text, x: x, y: top + offset, style: Style(role))
    }
  }
}

/// A one-line note shown in the footer until the next key.
public struct StatusMessage: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case info, success, warning, error }
  public var text: String
  public var kind: Kind

  public init(_ text: String, _ kind: Kind = .info) {
    self.text = text
    self.kind = kind
  }

  /// The role the footer draws the message in.
  public var role: Role {
    switch kind {
    case .info: return .footer
    case .success: return .success
    case .warning: return .warning
    case .error: return .errored
    }
  }
}

/// The bottom line: the current message, else key hints (generated from a keymap).
public struct Footer: Sendable {
  public var message: StatusMessage?
  public var hints: [(keys: String, text: String)]
  /// Hints kept at the right end whatever the width (lazygit keeps its help key there);
  /// the others give way from the end.
  public var pinned: [(keys: String, text: String)] = []

  public init(message: StatusMessage?, hints: [(keys: String, text: String)]) {
    self.message = message
    self.hints = hints
  }

  /// The footer for a keymap's active contexts: the message, else that chain's hints for
  /// the commands `available` allows. Hints whose text is in `pinned` (e.g. "help",
  /// "quit") are kept at the right end.
  public init<Command, Context>(
    message: StatusMessage?, keymap: Keymap<Command, Context>, contexts: [Context],
    available: (Command) -> Bool = { _ in true }, pinned: Set<String> = []
  ) {
    let all = message == nil ? keymap.hints(in: contexts, available: available).map { (keys: $0.keys, text: $0.text) } : []
    self.init(message: message, hints: all.filter { !pinned.contains($0.text) })
    self.pinned = all.filter { pinned.contains($0.text) }
  }

  public func draw(y: Int, width: Int, into canvas: inout Canvas) {
    if let message {
      canvas.putPadded(" " + message.text, x: 0, y: y, width: width, style: Style(message.role))
      return
    }
    let pinnedWidth = pinned.reduce(0) { $0 + DisplayWidth.of($1.keys) + DisplayWidth.of($1.text) + 3 }
    let left = pinnedWidth > 0 && pinnedWidth < width ? width - pinnedWidth : width
    canvas.putHints(hints, x: 0, y: y, width: left)
    if left < width { canvas.putHints(pinned, x: left - 1, y: y, width: width - left + 1) }
  }
}

/// What a screen shows while its data loads, or why there is nothing: a title bar, the
/// text word-wrapped below it, and the footer.
public struct LoadingScreen: Sendable {
  public var title: String
  public var text: String
  public var role: Role
  public var footer: Footer

  public init(title: String, text: String, role: Role, footer: Footer) {
    self.title = title
    self.text = text
    self.role = role
    self.footer = footer
  }

  public func draw(width: Int, height: Int, into canvas: inout Canvas) {
    canvas.putPadded(" " + title, x: 0, y: 0, width: width, style: Style(.status))
    for (offset, line) in TextLayout.wrap(text, width: max(1, width - 4)).enumerated() {
      canvas.put(line, x: 2, y: 2 + offset, style: Style(role))
    }
    footer.draw(y: height - 1, width: width, into: &canvas)
  }
}
