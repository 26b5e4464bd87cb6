import DiffCore

/// A tiny rasteriser for the demo screenshots: filled rectangles, rounded rectangles and
/// circles with anti-aliased edges (coverage from a signed distance), and text in a 5x7
/// bitmap font. The project draws its own demo images, so they carry no third-party pixels:
/// the demo builds (Resources/demo/review) and the diff pair (Resources/demo/diff, drawn by
/// DemoContentTests) both come from here.
public struct DemoPainter {
  public let width: Int
  public let height: Int
  public private(set) var pixels: [UInt8]

  public init(width: Int, height: Int, background: RGB) {
    self.width = width
    self.height = height
    var row = [UInt8](repeating: 255, count: width * 4)
    for x in 0..<width {
      row[x * 4] = background.r
      row[x * 4 + 1] = background.g
      row[x * 4 + 2] = background.b
    }
    var all: [UInt8] = []
    all.reserveCapacity(width * height * 4)
    for _ in 0..<height { all.append(contentsOf: row) }
    pixels = all
  }

  public var image: RGBAImage { RGBAImage(width: width, height: height, pixels: pixels) }

  /// Blends `color` over the pixel at (x, y) with `coverage` in 0…1.
  private mutating func blend(_ x: Int, _ y: Int, _ color: RGB, _ coverage: Double) {
    guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
    let a = min(1, coverage)
    let i = (y * width + x) * 4
    func mix(_ old: UInt8, _ new: UInt8) -> UInt8 {
      UInt8((Double(old) * (1 - a) + Double(new) * a).rounded())
    }
    pixels[i] = mix(pixels[i], color.r)
    pixels[i + 1] = mix(pixels[i + 1], color.g)
    pixels[i + 2] = mix(pixels[i + 2], color.b)
    pixels[i + 3] = 255
  }

  public mutating func rect(x: Double, y: Double, width w: Double, height h: Double, color: RGB) {
    roundedRect(x: x, y: y, width: w, height: h, radius: 0, color: color)
  }

  public mutating func roundedRect(x: Double, y: Double, width w: Double, height h: Double, radius: Double, color: RGB) {
    let r = max(0, min(radius, min(w, h) / 2))
    let cx = x + w / 2
    let cy = y + h / 2
    let hx = w / 2 - r
    let hy = h / 2 - r
    let x0 = max(0, Int(x.rounded(.down)))
    let x1 = min(width, Int((x + w).rounded(.up)))
    let y0 = max(0, Int(y.rounded(.down)))
    let y1 = min(height, Int((y + h).rounded(.up)))
    guard x0 < x1, y0 < y1 else { return }
    for py in y0..<y1 {
      for px in x0..<x1 {
        // Signed distance from the pixel centre to the rounded box.
        let qx = abs(Double(px) + 0.5 - cx) - hx
        let qy = abs(Double(py) + 0.5 - cy) - hy
        let outside = (max(qx, 0) * max(qx, 0) + max(qy, 0) * max(qy, 0)).squareRoot()
        let distance = outside + min(max(qx, qy), 0) - r
        blend(px, py, color, 0.5 - distance)
      }
    }
  }

  public mutating func circle(cx: Double, cy: Double, radius: Double, color: RGB) {
    roundedRect(x: cx - radius, y: cy - radius, width: radius * 2, height: radius * 2, radius: radius, color: color)
  }

  /// Text in the 5x7 font, `scale` pixels per font dot; lower case is drawn as upper case.
  public mutating func text(_ string: String, x: Double, y: Double, scale: Double, color: RGB) {
    var pen = x
    for character in string.uppercased() {
      if let rows = DemoFont.glyphs[character] {
        for (row, bits) in rows.enumerated() {
          for (column, bit) in bits.enumerated() where bit == "#" {
            rect(
              x: pen + Double(column) * scale, y: y + Double(row) * scale, width: scale * 0.92, height: scale * 0.92,
              color: color)
          }
        }
      }
      pen += 6 * scale
    }
  }

  public static func textWidth(_ string: String, scale: Double) -> Double { Double(string.count) * 6 * scale - scale }
}

/// A 5x7 bitmap font for upper case, digits and common punctuation.
enum DemoFont {
  static let glyphs: [Character: [String]] = {
    let table: [(Character, [String])] = [
      ("A", [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]),
      ("B", ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."]),
      ("C", [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."]),
      ("D", ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."]),
      ("E", ["#####", "#....", "#....", "####.", "#....", "#....", "#####"]),
      ("F", ["#####", "#....", "#....", "####.", "#....", "#....", "#...."]),
      ("G", [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"]),
      ("H", ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"]),
      ("I", [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."]),
      ("J", ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."]),
      ("K", ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"]),
      ("L", ["#....", "#....", "#....", "#....", "#....", "#....", "#####"]),
      ("M", ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"]),
      ("N", ["#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"]),
      ("O", [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."]),
      ("P", ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."]),
      ("Q", [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"]),
      ("R", ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"]),
      ("S", [".####", "#....", "#....", ".###.", "....#", "....#", "####."]),
      ("T", ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."]),
      ("U", ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."]),
      ("V", ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."]),
      ("W", ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."]),
      ("X", ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"]),
      ("Y", ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."]),
      ("Z", ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"]),
      ("0", [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."]),
      ("1", ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."]),
      ("2", [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"]),
      ("3", ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."]),
      ("4", ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."]),
      ("5", ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."]),
      ("6", ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."]),
      ("7", ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."]),
      ("8", [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."]),
      ("9", [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."]),
      (".", [".....", ".....", ".....", ".....", ".....", ".##..", ".##.."]),
      (",", [".....", ".....", ".....", ".....", ".##..", "..#..", ".#..."]),
      (":", [".....", ".##..", ".##..", ".....", ".##..", ".##..", "....."]),
      ("-", [".....", ".....", ".....", ".###.", ".....", ".....", "....."]),
      ("+", [".....", "..#..", "..#..", "#####", "..#..", "..#..", "....."]),
      ("/", [".....", "....#", "...#.", "..#..", ".#...", "#....", "....."]),
      ("%", ["##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##"]),
      ("&", [".##..", "#..#.", "#.#..", ".#...", "#.#.#", "#..#.", ".##.#"]),
      ("'", [".##..", "..#..", ".#...", ".....", ".....", ".....", "....."]),
      ("!", ["..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#.."]),
      ("?", [".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#.."]),
      ("(", ["...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."]),
      (")", [".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."]),
      ("@", [".###.", "#...#", "#.###", "#.#.#", "#.###", "#....", ".###."]),
      ("·", [".....", ".....", ".....", "..#..", ".....", ".....", "....."]),
      (">", [".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#..."]),
    ]
    var glyphs: [Character: [String]] = [:]
    for (character, rows) in table { glyphs[character] = rows }
    return glyphs
  }()
}
