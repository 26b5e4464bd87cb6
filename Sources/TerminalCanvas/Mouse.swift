/// A mouse event in cell coordinates (0-based), independent of the terminal library.
public struct MouseEvent: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// Button 0 (left), 1 (middle) or 2 (right) went down.
    case press(button: Int)
    case release
    /// One notch of the wheel; `up` is away from the user (content moves down).
    case wheel(up: Bool)
  }

  public var kind: Kind
  public var x: Int
  public var y: Int

  public init(_ kind: Kind, x: Int, y: Int) {
    self.kind = kind
    self.x = x
    self.y = y
  }
}

/// What the terminal sent: a key, or a mouse report.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  case mouse(MouseEvent)
}

/// xterm's SGR mouse reports (mode 1006): `ESC [ < b ; x ; y M` (press, wheel) or `… m`
/// (release), with 1-based decimal coordinates. SGR rather than the X10 encoding because
/// X10 puts each coordinate in one byte and cannot report beyond column 223.
public enum SGRMouse {
  /// Turns on button and wheel reports (1000) in the SGR encoding (1006).
  public static let enable = "\u{1B}[?1000h\u{1B}[?1006h"
  public static let disable = "\u{1B}[?1006l\u{1B}[?1000l"

  /// Splits keys read from the terminal into keys and mouse reports. A report cut off at
  /// the end of `keys` comes back in `pending` (its bytes were not all read yet); anything
  /// that starts like a report but is not one stays keys, so Esc and `[` still work.
  public static func decode(_ keys: [Key]) -> (events: [InputEvent], pending: [Key]) {
    var events: [InputEvent] = []
    var index = 0
    while index < keys.count {
      guard keys[index] == .escape else {
        events.append(.key(keys[index]))
        index += 1
        continue
      }
      switch report(in: keys, at: index) {
      case .complete(let event, let length):
        if let event { events.append(.mouse(event)) }
        index += length
      case .incomplete:
        return (events, Array(keys[index...]))
      case .notAReport:
        events.append(.key(.escape))
        index += 1
      }
    }
    return (events, [])
  }

  private enum Scan {
    /// A whole report; `event` is nil for reports the reviewer ignores (motion, extra buttons).
    case complete(MouseEvent?, length: Int)
    case incomplete
    case notAReport
  }

  /// Reports are short: `ESC [ < 65 ; 1234 ; 567 M` is 16 keys; a longer run of digits is not one.
  private static let longestReport = 24

  private static func report(in keys: [Key], at start: Int) -> Scan {
    let prefix: [Key] = [.escape, .character("["), .character("<")]
    var numbers: [Int] = [0]
    var digits = 0
    var index = start
    while index < keys.count {
      let offset = index - start
      if offset >= longestReport { return .notAReport }
      let key = keys[index]
      if offset < prefix.count {
        guard key == prefix[offset] else { return .notAReport }
      } else if case .character(let c) = key, let digit = c.wholeNumberValue, c.isASCII {
        guard digits < 6 else { return .notAReport }
        numbers[numbers.count - 1] = numbers[numbers.count - 1] * 10 + digit
        digits += 1
      } else if key == .character(";"), digits > 0, numbers.count < 3 {
        numbers.append(0)
        digits = 0
      } else if key == .character("M") || key == .character("m"), digits > 0, numbers.count == 3 {
        return .complete(event(code: numbers[0], x: numbers[1], y: numbers[2], release: key == .character("m")),
          length: offset + 1)
      } else {
        return .notAReport
      }
      index += 1
    }
    return .incomplete
  }

  /// The button code's low two bits are the button, 32 is motion, 64 the wheel; 4/8/16
  /// are Shift/Meta/Ctrl, which the reviewer does not distinguish.
  private static func event(code: Int, x: Int, y: Int, release: Bool) -> MouseEvent? {
    guard x >= 1, y >= 1, code & 32 == 0 else { return nil }
    let button = code & 3
    if code & 64 != 0 {
      guard !release, button < 2 else { return nil }
      return MouseEvent(.wheel(up: button == 0), x: x - 1, y: y - 1)
    }
    guard code & 128 == 0 else { return nil }
    if release { return MouseEvent(.release, x: x - 1, y: y - 1) }
    guard button < 3 else { return nil }
    return MouseEvent(.press(button: button), x: x - 1, y: y - 1)
  }
}
