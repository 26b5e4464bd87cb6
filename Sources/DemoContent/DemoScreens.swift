import DiffCore

/// The screens of "Trailmix", the small hiking app the demo store is built from, in a
/// base version (main) and a head version (a feature branch) for an iPhone-sized and an
/// iPad-sized canvas. Every pixel is drawn here.
enum DemoScreens {
  enum Device {
    case phone, tablet

    var size: (width: Int, height: Int) { self == .phone ? (390, 844) : (820, 1180) }
  }

  struct Palette {
    let background: RGB
    let card: RGB
    let text: RGB
    let secondary: RGB
    let separator: RGB

    static let light = Palette(
      background: RGB(242, 242, 247), card: RGB(255, 255, 255), text: RGB(0, 0, 0), secondary: RGB(110, 110, 115),
      separator: RGB(198, 198, 200))
    static let dark = Palette(
      background: RGB(0, 0, 0), card: RGB(28, 28, 30), text: RGB(255, 255, 255), secondary: RGB(152, 152, 157),
      separator: RGB(56, 56, 58))
  }

  static let green = RGB(52, 168, 83)
  static let blue = RGB(0, 122, 255)
  static let orange = RGB(255, 149, 0)
  static let red = RGB(255, 59, 48)
  static let purple = RGB(88, 86, 214)

  /// Status bar, large title, and the tab bar with `selectedTab` highlighted.
  private static func chrome(_ p: inout DemoPainter, title: String, palette: Palette, selectedTab: Int) {
    let w = Double(p.width)
    let h = Double(p.height)
    p.text("9:41", x: 28, y: 17, scale: 2.2, color: palette.text)
    p.roundedRect(x: w - 60, y: 18, width: 28, height: 13, radius: 3.5, color: palette.text)
    p.roundedRect(x: w - 58, y: 20, width: 24, height: 9, radius: 2, color: palette.background)
    p.roundedRect(x: w - 56.5, y: 21.5, width: 17, height: 6, radius: 1.2, color: palette.text)
    p.text(title, x: 20, y: 62, scale: 4.2, color: palette.text)
    p.rect(x: 0, y: h - 84, width: w, height: 84, color: palette.card)
    p.rect(x: 0, y: h - 84, width: w, height: 0.7, color: palette.separator)
    let labels = ["TRAILS", "MAP", "SAVED", "PROFILE"]
    for tab in 0..<4 {
      let cx = w / 8 + Double(tab) * w / 4
      let tint = tab == selectedTab ? green : RGB(153, 153, 153)
      p.circle(cx: cx, cy: h - 60, radius: 11, color: tint)
      p.circle(cx: cx, cy: h - 60, radius: 6, color: palette.card)
      p.text(labels[tab], x: cx - DemoPainter.textWidth(labels[tab], scale: 1.3) / 2, y: h - 42, scale: 1.3, color: tint)
    }
    p.roundedRect(x: w / 2 - 67, y: h - 14, width: 134, height: 5, radius: 2.5, color: palette.text)
  }

  /// Sign-in: logo, two fields, a button. Head: the button turns green and reads LOG IN.
  static func login(_ device: Device, head: Bool) -> RGBAImage {
    let (width, height) = device.size
    var p = DemoPainter(width: width, height: height, background: RGB(255, 255, 255))
    let w = Double(width)
    let scale = device == .phone ? 1.0 : 1.4
    let column = min(w - 48, 420)
    let left = (w - column) / 2
    p.circle(cx: w / 2, cy: 190 * scale, radius: 56 * scale, color: green)
    p.roundedRect(x: w / 2 - 30 * scale, y: 170 * scale, width: 60 * scale, height: 14 * scale, radius: 7 * scale, color: RGB(255, 255, 255))
    p.roundedRect(x: w / 2 - 18 * scale, y: 196 * scale, width: 36 * scale, height: 14 * scale, radius: 7 * scale, color: RGB(255, 255, 255))
    let name = "TRAILMIX"
    p.text(name, x: w / 2 - DemoPainter.textWidth(name, scale: 4) / 2, y: 270 * scale, scale: 4, color: RGB(0, 0, 0))
    let tagline = head ? "FIND YOUR NEXT TRAIL" : "FIND YOUR NEXT HIKE"
    p.text(tagline, x: w / 2 - DemoPainter.textWidth(tagline, scale: 1.8) / 2, y: 312 * scale, scale: 1.8, color: RGB(110, 110, 115))
    var y = 380 * scale
    for label in ["EMAIL", "PASSWORD"] {
      p.text(label, x: left, y: y, scale: 1.6, color: RGB(110, 110, 115))
      p.roundedRect(x: left, y: y + 16, width: column, height: 46, radius: 10, color: RGB(242, 242, 247))
      y += 92
    }
    p.text("ADA@EXAMPLE.COM", x: left + 14, y: 380 * scale + 32, scale: 2, color: RGB(0, 0, 0))
    for dot in 0..<8 { p.circle(cx: left + 20 + Double(dot) * 14, cy: 380 * scale + 131, radius: 4, color: RGB(0, 0, 0)) }
    let button = head ? "LOG IN" : "SIGN IN"
    p.roundedRect(x: left, y: y + 10, width: column, height: 50, radius: 12, color: head ? green : blue)
    p.text(button, x: w / 2 - DemoPainter.textWidth(button, scale: 2.4) / 2, y: y + 27, scale: 2.4, color: RGB(255, 255, 255))
    let forgot = "FORGOT PASSWORD?"
    p.text(forgot, x: w / 2 - DemoPainter.textWidth(forgot, scale: 1.7) / 2, y: y + 84, scale: 1.7, color: head ? green : blue)
    return p.image
  }

  /// The trail feed. Head: the second card's distance badge changes and the cards sit 2 px lower.
  static func home(head: Bool) -> RGBAImage {
    var p = DemoPainter(width: 390, height: 844, background: Palette.light.background)
    chrome(&p, title: "TRAILS", palette: .light, selectedTab: 0)
    let trails: [(String, String, RGB)] = [
      ("EAGLE RIDGE LOOP", "8.4 KM · 420 M", RGB(76, 140, 74)),
      ("LAKE VIEW TRAIL", head ? "5.9 KM · 180 M" : "5.1 KM · 180 M", RGB(64, 120, 190)),
      ("PINE FOREST WALK", "3.2 KM · 60 M", RGB(120, 96, 60)),
    ]
    var y = 116.0 + (head ? 2 : 0)
    for (name, facts, color) in trails {
      p.roundedRect(x: 16, y: y, width: 358, height: 196, radius: 14, color: Palette.light.card)
      p.roundedRect(x: 16, y: y, width: 358, height: 120, radius: 14, color: color)
      p.rect(x: 16, y: y + 100, width: 358, height: 20, color: color)
      // Mountains on the photo.
      for peak in 0..<3 {
        let cx = 80 + Double(peak) * 110
        for step in 0..<30 {
          let half = Double(step) * 1.8
          p.rect(x: cx - half, y: y + 50 + Double(step) * 2.3, width: half * 2, height: 2.4, color: RGB(255, 255, 255))
        }
      }
      p.text(name, x: 32, y: y + 136, scale: 2.3, color: Palette.light.text)
      p.text(facts, x: 32, y: y + 166, scale: 1.7, color: Palette.light.secondary)
      y += 212
    }
    return p.image
  }

  /// Settings rows; `dark` draws the dark theme. The same in base and head.
  static func settings(_ device: Device, dark: Bool) -> RGBAImage {
    let (width, height) = device.size
    let palette: Palette = dark ? .dark : .light
    var p = DemoPainter(width: width, height: height, background: palette.background)
    chrome(&p, title: "SETTINGS", palette: palette, selectedTab: 3)
    let w = Double(width)
    let rows: [(RGB, String, String)] = [
      (orange, "UNITS", "METRIC"), (blue, "OFFLINE MAPS", "2 REGIONS"), (green, "TRAIL ALERTS", "ON"),
      (red, "EMERGENCY CONTACT", "SET"), (purple, "APPEARANCE", dark ? "DARK" : "LIGHT"), (RGB(142, 142, 147), "ABOUT", ""),
    ]
    var y = 120.0
    for group in [0..<3, 3..<6] {
      p.roundedRect(x: 16, y: y, width: w - 32, height: Double(group.count) * 48, radius: 12, color: palette.card)
      for index in group {
        let (color, label, value) = rows[index]
        p.roundedRect(x: 30, y: y + 10, width: 29, height: 29, radius: 7, color: color)
        p.text(label, x: 74, y: y + 17, scale: 2.1, color: palette.text)
        p.text(value, x: w - 44 - DemoPainter.textWidth(value, scale: 1.9), y: y + 18, scale: 1.9, color: palette.secondary)
        if index != group.upperBound - 1 { p.rect(x: 74, y: y + 47.5, width: w - 90, height: 0.6, color: palette.separator) }
        y += 48
      }
      y += 28
    }
    return p.image
  }

  /// New in head: the hiker's profile with stats.
  static func profile() -> RGBAImage {
    var p = DemoPainter(width: 390, height: 844, background: Palette.light.background)
    chrome(&p, title: "PROFILE", palette: .light, selectedTab: 3)
    p.circle(cx: 195, cy: 180, radius: 52, color: purple)
    p.text("AL", x: 195 - DemoPainter.textWidth("AL", scale: 5) / 2, y: 163, scale: 5, color: RGB(255, 255, 255))
    p.text("ADA LOVELACE", x: 195 - DemoPainter.textWidth("ADA LOVELACE", scale: 2.6) / 2, y: 250, scale: 2.6, color: RGB(0, 0, 0))
    let stats = [("42", "HIKES"), ("318", "KM"), ("12", "PEAKS")]
    for (index, stat) in stats.enumerated() {
      let x = 16 + Double(index) * 122
      p.roundedRect(x: x, y: 300, width: 110, height: 90, radius: 12, color: RGB(255, 255, 255))
      p.text(stat.0, x: x + 55 - DemoPainter.textWidth(stat.0, scale: 3.4) / 2, y: 318, scale: 3.4, color: green)
      p.text(stat.1, x: x + 55 - DemoPainter.textWidth(stat.1, scale: 1.6) / 2, y: 356, scale: 1.6, color: Palette.light.secondary)
    }
    for (index, label) in ["EAGLE RIDGE LOOP", "LAKE VIEW TRAIL", "PINE FOREST WALK"].enumerated() {
      let y = 420 + Double(index) * 64
      p.roundedRect(x: 16, y: y, width: 358, height: 54, radius: 12, color: RGB(255, 255, 255))
      p.roundedRect(x: 28, y: y + 10, width: 34, height: 34, radius: 8, color: [RGB(76, 140, 74), RGB(64, 120, 190), RGB(120, 96, 60)][index])
      p.text(label, x: 76, y: y + 20, scale: 1.9, color: RGB(0, 0, 0))
    }
    return p.image
  }

  /// Onboarding step 3 (dropped from the head build).
  static func onboarding() -> RGBAImage {
    var p = DemoPainter(width: 390, height: 844, background: green)
    p.circle(cx: 195, cy: 300, radius: 110, color: RGB(255, 255, 255))
    p.circle(cx: 195, cy: 300, radius: 84, color: green)
    p.text("GO OFFLINE", x: 195 - DemoPainter.textWidth("GO OFFLINE", scale: 4) / 2, y: 470, scale: 4, color: RGB(255, 255, 255))
    p.text("SAVE MAPS FOR NO SIGNAL", x: 195 - DemoPainter.textWidth("SAVE MAPS FOR NO SIGNAL", scale: 1.8) / 2, y: 520, scale: 1.8, color: RGB(230, 255, 230))
    for dot in 0..<3 { p.circle(cx: 175 + Double(dot) * 20, cy: 700, radius: 5, color: dot == 2 ? RGB(255, 255, 255) : RGB(150, 210, 160)) }
    p.roundedRect(x: 24, y: 740, width: 342, height: 50, radius: 12, color: RGB(255, 255, 255))
    p.text("GET STARTED", x: 195 - DemoPainter.textWidth("GET STARTED", scale: 2.2) / 2, y: 758, scale: 2.2, color: green)
    return p.image
  }

  /// A topographic map (the same pixels in base as map.png and in head as explore_map.png).
  static func map() -> RGBAImage {
    var p = DemoPainter(width: 820, height: 1180, background: RGB(233, 238, 222))
    chrome(&p, title: "MAP", palette: .light, selectedTab: 1)
    for ring in 0..<9 {
      let r = 60 + Double(ring) * 38
      p.circle(cx: 420, cy: 560, radius: r + 1.5, color: RGB(170, 150, 110))
      p.circle(cx: 420, cy: 560, radius: r, color: ring % 2 == 0 ? RGB(233, 238, 222) : RGB(222, 230, 205))
    }
    p.roundedRect(x: 120, y: 900, width: 600, height: 10, radius: 5, color: RGB(64, 120, 190))
    for step in 0..<40 {
      p.circle(cx: 180 + Double(step) * 12, cy: 300 + Double(step * step) * 0.25, radius: 4, color: red)
    }
    return p.image
  }

  /// Search (only in the base: the selective head build did not upload it).
  static func search() -> RGBAImage {
    var p = DemoPainter(width: 820, height: 1180, background: Palette.light.background)
    chrome(&p, title: "SEARCH", palette: .light, selectedTab: 0)
    p.roundedRect(x: 16, y: 110, width: 788, height: 44, radius: 10, color: RGB(227, 227, 232))
    p.text("LAKES NEAR ME", x: 52, y: 125, scale: 2, color: RGB(142, 142, 147))
    for index in 0..<6 {
      let y = 180 + Double(index) * 74
      p.roundedRect(x: 16, y: y, width: 788, height: 64, radius: 12, color: RGB(255, 255, 255))
      p.text("RESULT \(index + 1)", x: 40, y: y + 24, scale: 2.2, color: RGB(0, 0, 0))
    }
    return p.image
  }

  /// A full-page capture of the terms: `height` rows of paragraphs, built from one tile.
  /// The head version is taller than the 40,000,000 pixel canvas limit allows.
  static func terms(height: Int) -> RGBAImage {
    let width = 390
    var tile = DemoPainter(width: width, height: 400, background: RGB(255, 255, 255))
    // Pixel-aligned shapes only: identical rows compress to almost nothing.
    tile.text("SECTION", x: 20, y: 24, scale: 3, color: RGB(0, 0, 0))
    for line in 0..<12 {
      let length = [330, 350, 310, 340, 200, 345, 320, 335, 280, 350, 300, 160][line]
      tile.rect(x: 20, y: 70 + Double(line) * 26, width: Double(length), height: 9, color: RGB(200, 200, 205))
    }
    var pixels = [UInt8]()
    pixels.reserveCapacity(width * height * 4)
    var produced = 0
    while produced < height {
      let rows = min(400, height - produced)
      pixels.append(contentsOf: tile.pixels[0..<(rows * width * 4)])
      produced += rows
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }
}
