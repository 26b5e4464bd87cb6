import TextEscaping

/// A key press, independent of the terminal library that read it.
public enum Key: Hashable, Sendable {
  case character(Character)
  case up, down, left, right, home, end, pageUp, pageDown
  case enter, tab, backTab, escape, backspace, delete
  /// Ctrl plus a letter, given in lower case (`.control("c")` is Ctrl-C).
  case control(Character)
  case function(Int)

  /// How the key is written in footer hints and help screens.
  public var label: String {
    switch self {
    case .character(" "): return "Space"
    case .character(let c): return String(c)
    case .up: return "↑"
    case .down: return "↓"
    case .left: return "←"
    case .right: return "→"
    case .home: return "Home"
    case .end: return "End"
    case .pageUp: return "PgUp"
    case .pageDown: return "PgDn"
    case .enter: return "Enter"
    case .tab: return "Tab"
    case .backTab: return "S-Tab"
    case .escape: return "Esc"
    case .backspace: return "Bksp"
    case .delete: return "Del"
    case .control(let c): return "Ctrl-" + String(c).uppercased()
    case .function(let n): return "F\(n)"
    }
  }

  /// The text a key types into an input field, if it is a printable character.
  public var typedText: String? {
    guard case .character(let c) = self else { return nil }
    guard !c.unicodeScalars.contains(where: { TerminalUnsafe.contains($0) }) else { return nil }
    return String(c)
  }
}
