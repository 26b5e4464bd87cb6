import DemoContent
import DiffCore

/// Draws the demo pair in Resources/demo/diff: a phone settings screen (status bar, title,
/// search field, grouped rows with icons, toggles, a badge, a tab bar) with DemoContent's
/// painter and font, and the same screen with a few small edits.
/// Our own drawing, so the demo carries no third-party pixels.
struct DemoScreen {
  static let width = 390
  static let height = 844

  /// `edited` retypes one label, flips one toggle and bumps the badge.
  static func render(edited: Bool) -> RGBAImage {
    var painter = DemoPainter(width: width, height: height, background: RGB(242, 242, 247))
    // Status bar.
    painter.text("9:41", x: 28, y: 17, scale: 2.2, color: RGB(0, 0, 0))
    painter.roundedRect(x: 330, y: 18, width: 28, height: 13, radius: 3.5, color: RGB(0, 0, 0))
    painter.roundedRect(x: 332, y: 20, width: 24, height: 9, radius: 2, color: RGB(242, 242, 247))
    painter.roundedRect(x: 333.5, y: 21.5, width: 17, height: 6, radius: 1.2, color: RGB(0, 0, 0))
    for bar in 0..<4 {
      let h = 4.0 + Double(bar) * 2.5
      painter.roundedRect(x: 290 + Double(bar) * 6, y: 31 - h, width: 4, height: h, radius: 1, color: RGB(0, 0, 0))
    }
    // Large title and search field.
    painter.text("SETTINGS", x: 20, y: 62, scale: 4.2, color: RGB(0, 0, 0))
    painter.roundedRect(x: 16, y: 110, width: 358, height: 38, radius: 10, color: RGB(227, 227, 232))
    painter.circle(cx: 36, cy: 128, radius: 6.5, color: RGB(142, 142, 147))
    painter.circle(cx: 36, cy: 128, radius: 4.5, color: RGB(227, 227, 232))
    painter.text("SEARCH", x: 52, y: 122, scale: 2, color: RGB(142, 142, 147))

    // Account card.
    painter.roundedRect(x: 16, y: 166, width: 358, height: 84, radius: 12, color: RGB(255, 255, 255))
    painter.circle(cx: 58, cy: 208, radius: 28, color: RGB(88, 86, 214))
    painter.text("AL", x: 44, y: 199, scale: 3, color: RGB(255, 255, 255))
    painter.text("ADA LOVELACE", x: 100, y: 190, scale: 2.6, color: RGB(0, 0, 0))
    painter.text("ACCOUNT, CLOUD & MEDIA", x: 100, y: 216, scale: 1.7, color: RGB(110, 110, 115))

    // Grouped rows: icon colour, label, accessory.
    let rows: [(RGB, String, Accessory)] = [
      (RGB(255, 149, 0), "AIRPLANE MODE", .toggle(on: false)),
      (RGB(0, 122, 255), "WI-FI", .value("HOME")),
      (RGB(0, 122, 255), "BLUETOOTH", .toggle(on: !edited)),
      (RGB(52, 199, 89), "MOBILE DATA", .chevron),
      (RGB(255, 59, 48), "NOTIFICATIONS", .badge(edited ? "4" : "3")),
      (RGB(255, 45, 85), "SOUNDS", .chevron),
      (RGB(88, 86, 214), "FOCUS", .chevron),
      (RGB(0, 122, 255), edited ? "DISPLAY & TEXT" : "DISPLAY", .chevron),
      (RGB(142, 142, 147), "GENERAL", .chevron),
      (RGB(52, 199, 89), "BATTERY", .value("87%")),
    ]
    var y = 272.0
    for group in [0..<4, 4..<7, 7..<10] {
      let top = y
      painter.roundedRect(
        x: 16, y: top, width: 358, height: Double(group.count) * 48, radius: 12, color: RGB(255, 255, 255))
      for index in group {
        let (color, label, accessory) = rows[index]
        painter.roundedRect(x: 30, y: y + 10, width: 29, height: 29, radius: 7, color: color)
        painter.roundedRect(x: 38, y: y + 18, width: 13, height: 13, radius: 3, color: RGB(255, 255, 255))
        painter.text(label, x: 74, y: y + 17, scale: 2.1, color: RGB(0, 0, 0))
        painter.draw(accessory, rowY: y)
        if index != group.upperBound - 1 {
          painter.rect(x: 74, y: y + 47.5, width: 300, height: 0.6, color: RGB(198, 198, 200))
        }
        y += 48
      }
      y += 24
    }

    // Tab bar.
    painter.rect(x: 0, y: 760, width: 390, height: 84, color: RGB(249, 249, 249))
    painter.rect(x: 0, y: 760, width: 390, height: 0.7, color: RGB(198, 198, 200))
    for tab in 0..<4 {
      let cx = 49 + Double(tab) * 97
      let tint = tab == 3 ? RGB(0, 122, 255) : RGB(153, 153, 153)
      painter.circle(cx: cx, cy: 784, radius: 11, color: tint)
      painter.circle(cx: cx, cy: 784, radius: 6, color: RGB(249, 249, 249))
      let label = ["HOME", "BROWSE", "LIBRARY", "SETTINGS"][tab]
      painter.text(label, x: cx - Double(label.count) * 3.3, y: 802, scale: 1.3, color: tint)
    }
    painter.roundedRect(x: 128, y: 830, width: 134, height: 5, radius: 2.5, color: RGB(0, 0, 0))
    return painter.image
  }

  enum Accessory {
    case toggle(on: Bool)
    case chevron
    case value(String)
    case badge(String)
  }
}

/// The rows' right-hand accessories, drawn with the demo painter.
extension DemoPainter {
  mutating func draw(_ accessory: DemoScreen.Accessory, rowY y: Double) {
    switch accessory {
    case .toggle(let on):
      let track = on ? RGB(52, 199, 89) : RGB(233, 233, 235)
      roundedRect(x: 307, y: y + 9, width: 51, height: 31, radius: 15.5, color: track)
      circle(cx: on ? 342.5 : 322.5, cy: y + 24.5, radius: 13.5, color: RGB(255, 255, 255))
    case .chevron:
      text(">", x: 346, y: y + 17, scale: 2, color: RGB(196, 196, 199))
    case .value(let value):
      text(value, x: 336 - Double(value.count) * 12, y: y + 17, scale: 2, color: RGB(138, 138, 142))
      text(">", x: 346, y: y + 17, scale: 2, color: RGB(196, 196, 199))
    case .badge(let value):
      circle(cx: 320, cy: y + 24, radius: 12, color: RGB(255, 59, 48))
      text(value, x: 315, y: y + 17.5, scale: 2, color: RGB(255, 255, 255))
      text(">", x: 346, y: y + 17, scale: 2, color: RGB(196, 196, 199))
    }
  }
}
