#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a piece of screen text means. Colours are chosen per role by the theme, so a
/// monochrome terminal still tells roles apart (bold, reverse, underline).
public enum Role: UInt8, Sendable, CaseIterable {
  case normal, dim, title, header, selection, selectionInactive, status, footer, key
  case changed, added, removed, renamed, errored, skipped, unchanged
  case warning, success, match, border, overlay, image

  /// One letter per role, for readable style goldens in tests.
  public var code: Character {
    switch self {
    case .normal: return "."
    case .dim: return "d"
    case .title: return "T"
    case .header: return "H"
    case .selection: return "S"
    case .selectionInactive: return "s"
    case .status: return "B"
    case .footer: return "F"
    case .key: return "K"
    case .changed: return "c"
    case .added: return "a"
    case .removed: return "r"
    case .renamed: return "n"
    case .errored: return "e"
    case .skipped: return "k"
    case .unchanged: return "u"
    case .warning: return "W"
    case .success: return "O"
    case .match: return "M"
    case .border: return "|"
    case .overlay: return "V"
    case .image: return "#"
    }
  }
}

/// A cell's look: its role, plus explicit colours for pixels (heatmaps, screenshots),
/// which override the role's colours when the terminal has colour.
public struct Style: Sendable, Hashable {
  public var role: Role
  public var foreground: Color?
  public var background: Color?

  public init(_ role: Role = .normal, foreground: Color? = nil, background: Color? = nil) {
    self.role = role
    self.foreground = foreground
    self.background = background
  }

  public static let normal = Style()
}

/// How many colours the terminal can show.
public enum ColorMode: String, Sendable, CaseIterable {
  case trueColor = "24bit"
  case palette256 = "256"
  case monochrome = "none"

  /// `NO_COLOR` (any non-empty value) or `TERM=dumb` → monochrome; `COLORTERM` of
  /// `truecolor`/`24bit` → 24-bit; otherwise the 256-colour palette.
  public static func detect(environment: [String: String]) -> ColorMode {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    if environment["TERM"] == "dumb" { return .monochrome }
    let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
    if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
    return .palette256
  }
}

/// Resolved attributes of a cell for one colour mode.
public struct Attributes: Sendable, Hashable {
  public var foreground: Color?
  public var background: Color?
  public var bold = false
  public var reverse = false
  public var underline = false
  public var dim = false

  public init(
    foreground: Color? = nil, background: Color? = nil, bold: Bool = false, reverse: Bool = false,
    underline: Bool = false, dim: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }
}

/// Which terminal background the colours are chosen for. Roles drawn on the terminal's own
/// background (titles, accents, dim text) need dark colours on a light one: white bold
/// titles and yellow warnings vanish on white. Roles with a background of their own (bars,
/// the selection, boxes) read the same on either and are shared.
public enum Palette: String, Sendable, CaseIterable {
  case dark, light

  /// The palette for a background colour the terminal reported (OSC 11): light when its
  /// relative luminance (WCAG) is above 0.4, the middle of the grays, measured: xterm's
  /// default white is 1.0, Solarized Light's base3 0.91, Solarized Dark's base03 0.02.
  public static func forBackground(_ background: Color?) -> Palette {
    guard let background else { return .dark }
    return background.relativeLuminance > 0.4 ? .light : .dark
  }
}

/// `--theme`: a palette, or `auto` to ask the terminal for its background colour.
public enum ThemeRequest: String, Sendable, CaseIterable {
  case auto, dark, light

  /// The palette for this request; `auto` uses `background` (nil: the terminal did not say,
  /// so dark, the common default and what snaprev drew before it asked).
  public func palette(background: Color?) -> Palette {
    switch self {
    case .dark: return .dark
    case .light: return .light
    case .auto: return Palette.forBackground(background)
    }
  }
}

extension Color {
  /// WCAG 2 relative luminance, 0 (black) to 1 (white).
  public var relativeLuminance: Double {
    func linear(_ channel: UInt8) -> Double {
      let c = Double(channel) / 255
      return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
  }

  /// WCAG 2 contrast ratio between two colours, 1 to 21.
  public func contrast(with other: Color) -> Double {
    let a = relativeLuminance
    let b = other.relativeLuminance
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
  }
}

/// Role → attributes, for colour and for monochrome terminals (ncdu's `off` theme).
public enum Theme {
  public static func attributes(for style: Style, mode: ColorMode, palette: Palette = .dark) -> Attributes {
    if mode == .monochrome { return monochrome(style.role) }
    // Text on a background of its own (the status bar's accents, `onStatus`) sits on the
    // dark bars of either palette, so it keeps the dark palette's colours.
    let light = palette == .light && style.background == nil
    var attributes = light ? coloredOnLight(style.role) : colored(style.role)
    if let foreground = style.foreground { attributes.foreground = foreground }
    if let background = style.background { attributes.background = background }
    return attributes
  }

  /// The light palette: the roles drawn on the terminal's background get colours with a
  /// contrast of at least 4.5 on white (WCAG AA for text, checked by ThemeTests); the
  /// roles with their own background are the dark palette's.
  private static func coloredOnLight(_ role: Role) -> Attributes {
    switch role {
    case .dim: return Attributes(foreground: Color(95, 95, 95))
    case .title: return Attributes(foreground: Color(0, 0, 0), bold: true)
    case .header: return Attributes(foreground: Color(0, 70, 160), bold: true)
    case .changed: return Attributes(foreground: Color(160, 80, 0))
    case .added: return Attributes(foreground: Color(0, 120, 0))
    case .removed: return Attributes(foreground: Color(190, 0, 0))
    case .renamed: return Attributes(foreground: Color(0, 70, 160))
    case .errored: return Attributes(foreground: Color(190, 0, 60), bold: true)
    case .skipped: return Attributes(foreground: Color(100, 100, 100))
    case .unchanged: return Attributes(foreground: Color(90, 90, 90))
    case .warning: return Attributes(foreground: Color(140, 80, 0), bold: true)
    case .success: return Attributes(foreground: Color(0, 120, 0), bold: true)
    case .border: return Attributes(foreground: Color(140, 140, 140))
    default: return colored(role)
    }
  }

  private static func colored(_ role: Role) -> Attributes {
    switch role {
    case .normal, .image: return Attributes()
    case .dim: return Attributes(foreground: Color(128, 128, 128))
    case .title: return Attributes(foreground: Color(255, 255, 255), bold: true)
    case .header: return Attributes(foreground: Color(135, 175, 255), bold: true)
    case .selection: return Attributes(foreground: Color(0, 0, 0), background: Color(135, 175, 255))
    case .selectionInactive: return Attributes(foreground: Color(0, 0, 0), background: Color(138, 138, 138))
    case .status: return Attributes(foreground: Color(255, 255, 255), background: Color(48, 48, 96))
    case .footer: return Attributes(foreground: Color(188, 188, 188), background: Color(38, 38, 38))
    case .key: return Attributes(foreground: Color(255, 215, 95), background: Color(38, 38, 38), bold: true)
    case .changed: return Attributes(foreground: Color(255, 175, 0))
    case .added: return Attributes(foreground: Color(95, 215, 95))
    case .removed: return Attributes(foreground: Color(255, 95, 95))
    case .renamed: return Attributes(foreground: Color(135, 175, 255))
    case .errored: return Attributes(foreground: Color(255, 0, 95), bold: true)
    case .skipped: return Attributes(foreground: Color(138, 138, 138))
    case .unchanged: return Attributes(foreground: Color(158, 158, 158))
    case .warning: return Attributes(foreground: Color(255, 215, 0), bold: true)
    case .success: return Attributes(foreground: Color(95, 255, 95), bold: true)
    case .match: return Attributes(foreground: Color(0, 0, 0), background: Color(255, 215, 0))
    case .border: return Attributes(foreground: Color(88, 88, 88))
    case .overlay: return Attributes(foreground: Color(255, 255, 255), background: Color(28, 28, 48))
    }
  }

  private static func monochrome(_ role: Role) -> Attributes {
    switch role {
    case .title, .header, .errored, .warning, .success, .key: return Attributes(bold: true)
    case .selection, .status, .match: return Attributes(reverse: true)
    case .selectionInactive: return Attributes(underline: true)
    case .dim, .skipped, .unchanged, .border: return Attributes(dim: true)
    default: return Attributes()
    }
  }
}

/// The nearest colour of the xterm 256-colour palette (6x6x6 cube or gray ramp).
public enum XTerm256 {
  private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  public static func index(of color: Color) -> UInt8 {
    let r = Int(color.r)
    let g = Int(color.g)
    let b = Int(color.b)
    let ri = nearestLevel(r)
    let gi = nearestLevel(g)
    let bi = nearestLevel(b)
    let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
    let cubeDistance = distance((r, g, b), cube)
    let average = (r + g + b) / 3
    let grayStep = max(0, min(23, (average - 8 + 5) / 10))
    let grayLevel = 8 + grayStep * 10
    let grayDistance = distance((r, g, b), (grayLevel, grayLevel, grayLevel))
    if grayDistance < cubeDistance { return UInt8(232 + grayStep) }
    return UInt8(16 + 36 * ri + 6 * gi + bi)
  }

  private static func nearestLevel(_ value: Int) -> Int {
    if value < 48 { return 0 }
    if value < 115 { return 1 }
    return min(5, (value - 35) / 40)
  }

  private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
    let dr = a.0 - b.0
    let dg = a.1 - b.1
    let db = a.2 - b.2
    return dr * dr + dg * dg + db * db
  }
}
