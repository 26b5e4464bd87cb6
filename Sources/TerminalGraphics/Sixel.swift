import DiffCore

/// Sixel (foot, WezTerm, xterm with sixel, mlterm, Windows Terminal, tmux 3.4+): DCS
/// `ESC P 0;1;0 q "1;1;W;H <palette> <bands> ESC \`, at most 256 palette registers, colours
/// given in whole percent.
///
/// Palette: when the region holds at most 256 distinct colours (flat UI screens often do)
/// each gets its own register, and the only change is the percent rounding, at most 1 per
/// channel. Otherwise a fixed 6x7x6 cube (252 registers; green gets the extra level, as the
/// eye is most sensitive to it) with nearest-level mapping and no dithering, so a pixel is
/// the closest cube colour and nothing else moves: at most 25 per channel on red and blue
/// (levels 51 apart) and 22 on green (levels at most 44 apart). A fixed cube was chosen over
/// median cut for a predictable bound and a per-pixel table lookup (no palette search per
/// frame); `maximumChannelError` gives the bound of each case.
public enum Sixel {
  public enum Palette: Sendable, Equatable {
    /// One register per distinct colour of the region (at most 256).
    case exact
    /// The fixed 6x7x6 cube.
    case cube

    /// The largest difference, in 0–255 units, between a channel sent and the channel shown.
    public var maximumChannelError: Int {
      switch self {
      case .exact: return 1
      case .cube: return 25
      }
    }
  }

  /// The cube's levels in percent (what the palette registers say).
  static let redBlueLevels = [0, 20, 40, 60, 80, 100]
  static let greenLevels = [0, 17, 33, 50, 67, 83, 100]

  /// A register's percent as the terminal reads it back into 0–255 (libsixel's rounding).
  static func channel(percent: Int) -> Int { (percent * 255 + 50) / 100 }
  static func percent(channel: Int) -> Int { (channel * 100 + 127) / 255 }

  /// For each 0–255 value, the index of the nearest level (as read back by the terminal).
  static func nearestTable(_ levels: [Int]) -> [UInt8] {
    let values = levels.map(channel(percent:))
    return (0..<256).map { v in
      var best = 0
      for i in values.indices where abs(values[i] - v) < abs(values[best] - v) { best = i }
      return UInt8(best)
    }
  }

  static let redBlueTable = nearestTable(redBlueLevels)
  static let greenTable = nearestTable(greenLevels)

  /// `raster` as one sixel sequence, transparent pixels composited over `background`.
  public static func encode(_ raster: RGBAImage, background: RGB) -> [UInt8] {
    encodeWithPalette(raster, background: background).bytes
  }

  /// The sequence and the palette chosen (for tests and the documentation's error bound).
  public static func encodeWithPalette(_ raster: RGBAImage, background: RGB) -> (bytes: [UInt8], palette: Palette) {
    let width = raster.width
    let height = raster.height
    var out: [UInt8] = [0x1B, UInt8(ascii: "P")]
    out.reserveCapacity(width * height / 2 + 4096)
    // P2 = 1: pixels no colour was written to keep what the screen had (every pixel here is
    // written); the raster attributes fix a 1:1 pixel aspect and the image size.
    out += Array("0;1;0q\"1;1;\(width);\(height)".utf8)
    guard width > 0, height > 0 else {
      out += [0x1B, UInt8(ascii: "\\")]
      return (out, .exact)
    }
    let (indices, registers, palette) = quantize(raster, background: background)
    for (index, color) in registers.enumerated() {
      out.append(UInt8(ascii: "#"))
      appendNumber(index, to: &out)
      out += Array(";2;".utf8)
      appendNumber(color.r, to: &out)
      out.append(UInt8(ascii: ";"))
      appendNumber(color.g, to: &out)
      out.append(UInt8(ascii: ";"))
      appendNumber(color.b, to: &out)
    }
    // Per band of six rows: a bit column per colour, then each used colour's run-length
    // encoded row of sixels, `$` back to the band's start, `-` down to the next band.
    var masks = [UInt8](repeating: 0, count: registers.count * width)
    var lastColumn = [Int](repeating: -1, count: registers.count)
    var used: [Int] = []
    indices.withUnsafeBufferPointer { index in
      masks.withUnsafeMutableBufferPointer { bits in
        var bandTop = 0
        while bandTop < height {
          used.removeAll(keepingCapacity: true)
          for r in 0..<min(6, height - bandTop) {
            let bit = UInt8(1 << r)
            let row = (bandTop + r) * width
            for x in 0..<width {
              let c = Int(index[row + x])
              if lastColumn[c] < 0 { used.append(c) }
              if x > lastColumn[c] { lastColumn[c] = x }
              bits[c * width + x] |= bit
            }
          }
          for c in used {
            out.append(UInt8(ascii: "#"))
            appendNumber(c, to: &out)
            let start = c * width
            let end = start + lastColumn[c]
            var x = start
            while x <= end {
              let value = bits[x]
              var run = 1
              while x + run <= end, bits[x + run] == value { run += 1 }
              let glyph = 63 + value
              if run > 3 {
                out.append(UInt8(ascii: "!"))
                appendNumber(run, to: &out)
                out.append(glyph)
              } else {
                for _ in 0..<run { out.append(glyph) }
              }
              x += run
            }
            for i in start...end { bits[i] = 0 }
            lastColumn[c] = -1
            out.append(UInt8(ascii: "$"))
          }
          bandTop += 6
          // No `-` after the last band: it would move the cursor below the image (and
          // scroll the screen at the bottom row).
          if bandTop < height { out.append(UInt8(ascii: "-")) }
        }
      }
    }
    out += [0x1B, UInt8(ascii: "\\")]
    return (out, palette)
  }

  /// Registers (in percent) and each pixel's register.
  static func quantize(_ raster: RGBAImage, background: RGB) -> (indices: [UInt8], registers: [RGB], palette: Palette) {
    let count = raster.pixelCount
    var indices = [UInt8](repeating: 0, count: count)
    // Exact pass: an open-addressing table of the colours seen, given up at the 257th.
    let slots = 1024
    var keys = [UInt32](repeating: UInt32.max, count: slots)
    var values = [UInt8](repeating: 0, count: slots)
    var colors: [UInt32] = []
    let exact = raster.pixels.withUnsafeBufferPointer { p -> Bool in
      for i in 0..<count {
        let key = composite(p, i * 4, background)
        var slot = Int((key &* 2_654_435_761) >> 22) & (slots - 1)
        while true {
          if keys[slot] == key {
            indices[i] = values[slot]
            break
          }
          if keys[slot] == UInt32.max {
            guard colors.count < 256 else { return false }
            keys[slot] = key
            values[slot] = UInt8(colors.count)
            indices[i] = UInt8(colors.count)
            colors.append(key)
            break
          }
          slot = (slot + 1) & (slots - 1)
        }
      }
      return true
    }
    if exact {
      let registers = colors.map { key in
        RGB(
          UInt8(percent(channel: Int(key >> 16 & 255))), UInt8(percent(channel: Int(key >> 8 & 255))),
          UInt8(percent(channel: Int(key & 255))))
      }
      return (indices, registers, .exact)
    }
    var registers: [RGB] = []
    for r in redBlueLevels {
      for g in greenLevels {
        for b in redBlueLevels { registers.append(RGB(UInt8(r), UInt8(g), UInt8(b))) }
      }
    }
    raster.pixels.withUnsafeBufferPointer { p in
      redBlueTable.withUnsafeBufferPointer { rb in
        greenTable.withUnsafeBufferPointer { gt in
          for i in 0..<count {
            let key = composite(p, i * 4, background)
            let r = Int(rb[Int(key >> 16 & 255)])
            let g = Int(gt[Int(key >> 8 & 255)])
            let b = Int(rb[Int(key & 255)])
            indices[i] = UInt8((r * 7 + g) * 6 + b)
          }
        }
      }
    }
    return (indices, registers, .cube)
  }

  /// The pixel at byte `o` over `background`, packed 0xRRGGBB.
  @inline(__always)
  static func composite(_ p: UnsafeBufferPointer<UInt8>, _ o: Int, _ background: RGB) -> UInt32 {
    let a = UInt32(p[o + 3])
    if a == 255 { return UInt32(p[o]) << 16 | UInt32(p[o + 1]) << 8 | UInt32(p[o + 2]) }
    return UInt32(compositeChannel(p[o], alpha: a, over: background.r)) << 16
      | UInt32(compositeChannel(p[o + 1], alpha: a, over: background.g)) << 8
      | UInt32(compositeChannel(p[o + 2], alpha: a, over: background.b))
  }
}

/// Appends the decimal digits of `value` (non-negative).
@inline(__always)
func appendNumber<N: BinaryInteger>(_ value: N, to out: inout [UInt8]) {
  var n = Int(value)
  if n < 10 {
    out.append(UInt8(48 + n))
    return
  }
  var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  var count = 0
  withUnsafeMutableBytes(of: &digits) { buffer in
    while n > 0, count < 10 {
      buffer[count] = UInt8(48 + n % 10)
      n /= 10
      count += 1
    }
    for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
  }
}
