#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// A literal port of mapbox/pixelmatch v7.2.0 `index.js` over raw RGBA8 pointers.
// Double arithmetic in the same evaluation order as JS keeps the counts bit-exact.
// What happens to each pixel's verdict (a diff image, a mask, nothing) is a
// `PixelSink`, so one specialised loop serves every caller.

/// Receives each pixel's verdict while the kernel scans. Positions are byte offsets (4 × index).
/// Sinks keep no running state, so bands of an image can each use a copy on its own thread.
protocol PixelSink: Sendable {
  /// False lets the scan skip runs of identical pixels without visiting them.
  var visitsUnchanged: Bool { get }
  /// The pixel is within the threshold (or identical).
  mutating func unchanged(at pos: Int)
  /// Over the threshold but detected as anti-aliasing: not counted.
  mutating func antialiased(at pos: Int)
  /// Counted. `darker` means image 2 is darker there (pixelmatch's diffColorAlt case).
  mutating func different(at pos: Int, darker: Bool)
}

/// Counts only.
struct CountingSink: PixelSink {
  var visitsUnchanged: Bool { false }
  @inline(__always) mutating func unchanged(at pos: Int) {}
  @inline(__always) mutating func antialiased(at pos: Int) {}
  @inline(__always) mutating func different(at pos: Int, darker: Bool) {}
}

/// 255 in a one-byte-per-pixel mask where a pixel is counted; the mask starts zeroed.
// The pointer sinks are shared by row bands that write disjoint pixels.
struct MaskSink: PixelSink, @unchecked Sendable {
  let mask: UnsafeMutablePointer<UInt8>
  var visitsUnchanged: Bool { false }
  @inline(__always) mutating func unchanged(at pos: Int) {}
  @inline(__always) mutating func antialiased(at pos: Int) {}
  @inline(__always) mutating func different(at pos: Int, darker: Bool) {
    mask[pos &>> 2] = 255
  }
}

/// 255 in a one-byte-per-pixel mask where pixelmatch saw a difference over the threshold and
/// ignored it as anti-aliasing (what its diff image draws in `aaColor`); the mask starts zeroed.
struct AntialiasedMaskSink: PixelSink, @unchecked Sendable {
  let mask: UnsafeMutablePointer<UInt8>
  var visitsUnchanged: Bool { false }
  @inline(__always) mutating func unchanged(at pos: Int) {}
  @inline(__always) mutating func antialiased(at pos: Int) {
    mask[pos &>> 2] = 255
  }
  @inline(__always) mutating func different(at pos: Int, darker: Bool) {}
}

/// pixelmatch's diff image: faded gray original, AA in aaColor, differences in diffColor(Alt).
/// In diffMask mode only differences are drawn, so the output must start zeroed.
struct DiffImageSink: PixelSink, @unchecked Sendable {
  let output: UnsafeMutablePointer<UInt8>
  let image1: UnsafePointer<UInt8>
  let alpha: Double
  let diffMask: Bool
  let aaColor: RGB
  let diffColor: RGB
  let diffColorAlt: RGB

  init(output: UnsafeMutablePointer<UInt8>, image1: UnsafePointer<UInt8>, options: PixelMatchOptions) {
    self.output = output
    self.image1 = image1
    alpha = options.alpha
    diffMask = options.diffMask
    aaColor = options.aaColor
    diffColor = options.diffColor
    diffColorAlt = options.diffColorAlt ?? options.diffColor
  }

  var visitsUnchanged: Bool { !diffMask }

  @inline(__always) mutating func unchanged(at pos: Int) {
    if !diffMask { drawGrayPixel(at: pos) }
  }

  @inline(__always) mutating func antialiased(at pos: Int) {
    if !diffMask { draw(aaColor, at: pos) }
  }

  @inline(__always) mutating func different(at pos: Int, darker: Bool) {
    draw(darker ? diffColorAlt : diffColor, at: pos)
  }

  @inline(__always) private func draw(_ color: RGB, at pos: Int) {
    output[pos] = color.r
    output[pos + 1] = color.g
    output[pos + 2] = color.b
    output[pos + 3] = 255
  }

  /// The original pixel's luma, faded towards white by `alpha` and its own opacity.
  @inline(__always) private func drawGrayPixel(at pos: Int) {
    let luma =
      Double(image1[pos]) * 0.29889531 + Double(image1[pos + 1]) * 0.58662247
      + Double(image1[pos + 2]) * 0.11448223
    let value = 255 + (luma - 255) * alpha * Double(image1[pos + 3]) / 255
    let byte = jsUint8(value)
    output[pos] = byte
    output[pos + 1] = byte
    output[pos + 2] = byte
    output[pos + 3] = 255
  }
}

/// Feeds one verdict to two sinks (a mask and a diff image in a single pass).
struct PairSink<First: PixelSink, Second: PixelSink>: PixelSink {
  var first: First
  var second: Second
  var visitsUnchanged: Bool { first.visitsUnchanged || second.visitsUnchanged }
  @inline(__always) mutating func unchanged(at pos: Int) {
    first.unchanged(at: pos)
    second.unchanged(at: pos)
  }
  @inline(__always) mutating func antialiased(at pos: Int) {
    first.antialiased(at: pos)
    second.antialiased(at: pos)
  }
  @inline(__always) mutating func different(at pos: Int, darker: Bool) {
    first.different(at: pos, darker: darker)
    second.different(at: pos, darker: darker)
  }
}

/// How JS stores a number into a Uint8Array: truncate toward zero, wrap modulo 256, NaN → 0.
@inline(__always) func jsUint8(_ value: Double) -> UInt8 {
  if value >= 0 && value < 256 { return UInt8(value) }
  guard value.isFinite else { return 0 }
  let truncated = value.rounded(.towardZero).truncatingRemainder(dividingBy: 256)
  return UInt8(truncated < 0 ? truncated + 256 : truncated)
}

/// Two equal-sized RGBA8 rasters and the scan over them. Only reads the rasters, so row
/// bands on several threads may share one kernel.
struct PixelMatchKernel: @unchecked Sendable {
  let image1: UnsafePointer<UInt8>
  let image2: UnsafePointer<UInt8>
  let width: Int
  let height: Int
  let checkerboard: Bool

  /// Returns the mismatched pixel count, reporting every verdict to `sink`.
  func run<Sink: PixelSink>(options: PixelMatchOptions, sink: inout Sink) -> Int {
    let count = width * height
    guard count > 0 else { return 0 }
    if identical() {
      visitUnchanged(0..<count, sink: &sink)
      return 0
    }
    return scan(0..<count, options: options, sink: &sink)
  }

  /// Identical images: a memcmp settles it.
  func identical() -> Bool {
    memcmp(image1, image2, width * height * 4) == 0
  }

  /// The identical-image verdict for a range of pixels (the faded original, when drawn).
  func visitUnchanged<Sink: PixelSink>(_ pixels: Range<Int>, sink: inout Sink) {
    guard sink.visitsUnchanged else { return }
    for i in pixels { sink.unchanged(at: i &* 4) }
  }

  /// pixelmatch's main loop over `pixels` (indices, row-major). Reads neighbours outside the
  /// range for anti-aliasing, so ranges of one image can be scanned independently.
  func scan<Sink: PixelSink>(
    _ pixels: Range<Int>, options: PixelMatchOptions, sink: inout Sink
  ) -> Int {
    let count = pixels.upperBound
    // 35215 is the largest possible YIQ delta (red against cyan).
    let maxDelta = 35215 * options.threshold * options.threshold
    let includeAA = options.includeAA
    let visitsUnchanged = sink.visitsUnchanged
    var diff = 0
    var i = pixels.lowerBound
    while i < count {
      if !visitsUnchanged {
        // Nothing to draw for equal pixels: skip them eight at a time.
        while i &+ 8 <= count && blockEqual(at: i &* 4) { i &+= 8 }
        while i < count && word(image1, i) == word(image2, i) { i &+= 1 }
        if i == count { break }
      }
      let pos = i &* 4
      let delta =
        word(image1, i) == word(image2, i)
        ? 0 : colorDelta(image1, image2, pos, pos, yOnly: false)

      if abs(delta) > maxDelta {
        let y = i / width
        let x = i &- y &* width
        // A real rendering difference, or just anti-aliasing?
        let isAA =
          !includeAA
          && (antialiased(image1, x, y, image1, image2)
            || antialiased(image2, x, y, image2, image1))
        if isAA {
          sink.antialiased(at: pos)
        } else {
          // Negative delta: image 2 is darker there.
          sink.different(at: pos, darker: delta < 0)
          diff &+= 1
        }
      } else {
        sink.unchanged(at: pos)
      }
      i &+= 1
    }
    return diff
  }

  /// The pixel as R | G<<8 | B<<16 | A<<24 on any host.
  @inline(__always) private func word(_ image: UnsafePointer<UInt8>, _ index: Int) -> UInt32 {
    UInt32(
      littleEndian: UnsafeRawPointer(image).loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
  }

  /// Whether the 32 bytes at `offset` are equal in both images.
  @inline(__always) private func blockEqual(at offset: Int) -> Bool {
    let a = UnsafeRawPointer(image1) + offset
    let b = UnsafeRawPointer(image2) + offset
    let x0 = a.loadUnaligned(as: UInt64.self) ^ b.loadUnaligned(as: UInt64.self)
    let x1 =
      a.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
      ^ b.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let x2 =
      a.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
      ^ b.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
    let x3 =
      a.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
      ^ b.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    return (x0 | x1 | x2 | x3) == 0
  }

  /// YIQ colour distance (Kotsarenko & Ramos, "Measuring perceived color difference using
  /// YIQ NTSC transmission color space in mobile applications"). Semi-transparent pixels are
  /// blended over a background keyed on byte offset `k`. The sign says which side is lighter;
  /// `yOnly` returns just the brightness difference.
  @inline(__always) func colorDelta(
    _ img1: UnsafePointer<UInt8>, _ img2: UnsafePointer<UInt8>, _ k: Int, _ m: Int, yOnly: Bool
  ) -> Double {
    let r1 = Int(img1[k])
    let g1 = Int(img1[k &+ 1])
    let b1 = Int(img1[k &+ 2])
    let a1 = Int(img1[k &+ 3])
    let r2 = Int(img2[m])
    let g2 = Int(img2[m &+ 1])
    let b2 = Int(img2[m &+ 2])
    let a2 = Int(img2[m &+ 3])

    var dr = Double(r1 &- r2)
    var dg = Double(g1 &- g2)
    var db = Double(b1 &- b2)
    let da = a1 &- a2
    if r1 == r2 && g1 == g2 && b1 == b2 && da == 0 { return 0 }

    if a1 < 255 || a2 < 255 {
      // Blend both over the background, then subtract (exact integers until the division).
      let (rb, gb, bb) = background(k)
      dr = Double(r1 &* a1 &- r2 &* a2 &- rb &* da) / 255
      dg = Double(g1 &* a1 &- g2 &* a2 &- gb &* da) / 255
      db = Double(b1 &* a1 &- b2 &* a2 &- bb &* da) / 255
    }

    let y = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223
    if yOnly { return y }
    let i = dr * 0.59597799 - dg * 0.27417610 - db * 0.32180189
    let q = dr * 0.21147017 - dg * 0.52261711 + db * 0.31114694
    let delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q
    // Encode whether the pixel lightens or darkens in the sign.
    return y > 0 ? -delta : delta
  }

  /// v7.2's background for alpha blending: a pseudo-random pattern keyed on the byte offset
  /// (`k % 2` is always 0, so red is always 48), or white without the checkerboard.
  @inline(__always) private func background(_ k: Int) -> (Int, Int, Int) {
    guard checkerboard else { return (255, 255, 255) }
    let rb = 48 &+ 159 &* (k % 2)
    let gb = 48 &+ 159 &* (Int(Double(k) / 1.618033988749895) % 2)
    let bb = 48 &+ 159 &* (Int(Double(k) / 2.618033988749895) % 2)
    return (rb, gb, bb)
  }

  /// Anti-aliasing detector (V. Vysniauskas, "Anti-aliased Pixel and Intensity Slope
  /// Detector", 2009): a pixel is anti-aliased when it has both a darker and a brighter
  /// neighbour, at most two equal ones, and the darkest or brightest neighbour sits in a
  /// flat area (3+ equal siblings) in both images.
  private func antialiased(
    _ img: UnsafePointer<UInt8>, _ x1: Int, _ y1: Int,
    _ a32: UnsafePointer<UInt8>, _ b32: UnsafePointer<UInt8>
  ) -> Bool {
    let x0 = max(x1 &- 1, 0)
    let y0 = max(y1 &- 1, 0)
    let x2 = min(x1 &+ 1, width &- 1)
    let y2 = min(y1 &+ 1, height &- 1)
    let index = y1 &* width &+ x1
    let pos = index &* 4
    let centre = word(img, index)
    // Pixels on the image border start with one "equal" sibling.
    var zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0
    var minDelta = 0.0
    var maxDelta = 0.0
    var minX = 0
    var minY = 0
    var maxX = 0
    var maxY = 0

    // x outer, y inner, as in the reference: the order decides ties.
    var x = x0
    while x <= x2 {
      var y = y0
      while y <= y2 {
        if x == x1 && y == y1 {
          y &+= 1
          continue
        }
        // Brightness delta between the centre and this neighbour (exactly 0 when equal).
        let neighbour = word(img, y &* width &+ x)
        let delta = neighbour == centre ? 0 : brightnessDelta(centre, neighbour, k: pos)
        if delta == 0 {
          zeroes &+= 1
          // More than two equal siblings: definitely not anti-aliasing.
          if zeroes > 2 { return false }
        } else if delta < minDelta {
          minDelta = delta
          minX = x
          minY = y
        } else if delta > maxDelta {
          maxDelta = delta
          maxX = x
          maxY = y
        }
        y &+= 1
      }
      x &+= 1
    }

    // Anti-aliasing needs both a darker and a brighter neighbour.
    if minDelta == 0 || maxDelta == 0 { return false }

    // If the darkest or brightest neighbour is in a flat area of both images, this is AA.
    return (hasManySiblings(a32, minX, minY) && hasManySiblings(b32, minX, minY))
      || (hasManySiblings(a32, maxX, maxY) && hasManySiblings(b32, maxX, maxY))
  }

  /// colorDelta(yOnly: true) on two packed pixels that differ, background keyed on `k`.
  @inline(__always) private func brightnessDelta(_ p1: UInt32, _ p2: UInt32, k: Int) -> Double {
    let r1 = Int(p1 & 0xff)
    let g1 = Int((p1 &>> 8) & 0xff)
    let b1 = Int((p1 &>> 16) & 0xff)
    let a1 = Int(p1 &>> 24)
    let r2 = Int(p2 & 0xff)
    let g2 = Int((p2 &>> 8) & 0xff)
    let b2 = Int((p2 &>> 16) & 0xff)
    let a2 = Int(p2 &>> 24)
    if a1 == 255 && a2 == 255 {
      return Double(r1 &- r2) * 0.29889531 + Double(g1 &- g2) * 0.58662247
        + Double(b1 &- b2) * 0.11448223
    }
    let da = a1 &- a2
    let (rb, gb, bb) = background(k)
    let dr = Double(r1 &* a1 &- r2 &* a2 &- rb &* da) / 255
    let dg = Double(g1 &* a1 &- g2 &* a2 &- gb &* da) / 255
    let db = Double(b1 &* a1 &- b2 &* a2 &- bb &* da) / 255
    return dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223
  }

  /// Whether the pixel has 3+ neighbours with exactly its RGBA (border pixels start at 1).
  private func hasManySiblings(_ img: UnsafePointer<UInt8>, _ x1: Int, _ y1: Int) -> Bool {
    let x0 = max(x1 &- 1, 0)
    let y0 = max(y1 &- 1, 0)
    let x2 = min(x1 &+ 1, width &- 1)
    let y2 = min(y1 &+ 1, height &- 1)
    let value = word(img, y1 &* width &+ x1)
    var zeroes = (x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2) ? 1 : 0
    var x = x0
    while x <= x2 {
      var y = y0
      while y <= y2 {
        if !(x == x1 && y == y1) {
          if value == word(img, y &* width &+ x) { zeroes &+= 1 }
          if zeroes > 2 { return true }
        }
        y &+= 1
      }
      x &+= 1
    }
    return false
  }
}
