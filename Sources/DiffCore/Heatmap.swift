/// A rectangle of pixels in image coordinates.
public struct PixelRect: Sendable, Equatable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
}

/// A grid of cells, each holding the fraction (0…1) of counted mask pixels in the area it covers.
public struct Heatmap: Sendable, Equatable {
  public let columns: Int
  public let rows: Int
  /// Row-major, `columns * rows` values.
  public let values: [Float]

  public init(columns: Int, rows: Int, values: [Float]) {
    precondition(values.count == columns * rows, "heatmap values do not match \(columns)x\(rows)")
    self.columns = columns
    self.rows = rows
    self.values = values
  }

  public subscript(column: Int, row: Int) -> Float { values[row * columns + column] }

  /// The largest cell value (0 for an empty grid).
  public var peak: Float { values.max() ?? 0 }
}

/// A summed-area table over a mask, so that any grid of any size over any region
/// is summarised in O(cells), cheap enough to redo on every keystroke.
public struct MaskSummary: Sendable {
  public let width: Int
  public let height: Int
  /// (width+1) x (height+1) prefix sums of counted pixels; row 0 and column 0 are zero.
  private let sums: [UInt32]

  public init(mask: GrayImage) {
    let width = mask.width
    let height = mask.height
    self.width = width
    self.height = height
    let stride = width + 1
    var sums = [UInt32](repeating: 0, count: stride * (height + 1))
    mask.pixels.withUnsafeBufferPointer { pixels in
      sums.withUnsafeMutableBufferPointer { table in
        for y in 0..<height {
          var rowSum: UInt32 = 0
          let source = y * width
          let above = y * stride
          let here = (y + 1) * stride
          for x in 0..<width {
            rowSum &+= pixels[source + x] != 0 ? 1 : 0
            table[here + x + 1] = table[above + x + 1] &+ rowSum
          }
        }
      }
    }
    self.sums = sums
  }

  /// Total counted pixels.
  public var total: Int { Int(sums[sums.count - 1]) }

  /// Counted pixels inside `rect` (clipped to the mask).
  public func count(in rect: PixelRect) -> Int {
    let x0 = max(0, min(width, rect.x))
    let y0 = max(0, min(height, rect.y))
    let x1 = max(x0, min(width, rect.x + rect.width))
    let y1 = max(y0, min(height, rect.y + rect.height))
    let stride = width + 1
    let sum =
      Int(sums[y1 * stride + x1]) - Int(sums[y0 * stride + x1]) - Int(sums[y1 * stride + x0])
      + Int(sums[y0 * stride + x0])
    return sum
  }

  /// Summarises `region` (default: the whole mask) into `columns` x `rows` cells.
  /// Cells split the region evenly; when zoomed past 1:1 a cell covers at least one pixel.
  public func heatmap(columns: Int, rows: Int, region: PixelRect? = nil) -> Heatmap {
    guard columns > 0, rows > 0 else { return Heatmap(columns: 0, rows: 0, values: []) }
    let area = region ?? PixelRect(x: 0, y: 0, width: width, height: height)
    var values = [Float](repeating: 0, count: columns * rows)
    guard area.width > 0, area.height > 0 else {
      return Heatmap(columns: columns, rows: rows, values: values)
    }
    let xEdges = Self.edges(start: area.x, length: area.width, parts: columns)
    let yEdges = Self.edges(start: area.y, length: area.height, parts: rows)
    // `count(in:)` per cell, with each column's and row's clipping done once: a 1:1 raster of
    // a phone screen asks for a million cells (the graphics paths' diff view).
    let stride = width + 1
    let clippedX = xEdges.map { (x0, x1) -> (Int, Int) in
      let low = max(0, min(width, x0))
      return (low, max(low, min(width, x1)))
    }
    sums.withUnsafeBufferPointer { table in
      values.withUnsafeMutableBufferPointer { out in
        for row in 0..<rows {
          let (y0, y1) = yEdges[row]
          let top = max(0, min(height, y0))
          let bottom = max(top, min(height, y1))
          let above = top * stride
          let below = bottom * stride
          for column in 0..<columns {
            // Area counts the whole cell, even the part beyond the mask (padding is "not counted").
            let pixels = (xEdges[column].1 - xEdges[column].0) * (y1 - y0)
            guard pixels > 0 else { continue }
            let (left, right) = clippedX[column]
            let sum =
              Int(table[below + right]) - Int(table[above + right]) - Int(table[below + left]) + Int(table[above + left])
            out[row * columns + column] = Float(sum) / Float(pixels)
          }
        }
      }
    }
    return Heatmap(columns: columns, rows: rows, values: values)
  }

  /// Whether each pixel of image row `y` from `x` on is counted (1) or not (0; also outside
  /// the mask), written to `out`: the 1:1 case of `heatmap`, one table difference a pixel
  /// (`S[y+1][x] - S[y][x]` is the count left of x in row y) instead of four reads and a
  /// division. The 1:1 diff raster of a 1170×880 region asks for a million of these.
  public func rowCounts(y: Int, x: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
    let count = out.count
    guard count > 0 else { return }
    guard y >= 0, y < height else {
      out.update(repeating: 0)
      return
    }
    let stride = width + 1
    sums.withUnsafeBufferPointer { table in
      let above = y * stride
      let below = above + stride
      // Columns left of the mask, inside it, right of it.
      let first = min(count, max(0, -x))
      let last = max(first, min(count, width - x))
      for i in 0..<first { out[i] = 0 }
      if last > first {
        var left = table[below + x + first] &- table[above + x + first]
        for i in first..<last {
          let right = table[below + x + i + 1] &- table[above + x + i + 1]
          out[i] = UInt8(truncatingIfNeeded: right &- left)
          left = right
        }
      }
      for i in last..<count { out[i] = 0 }
    }
  }

  /// Splits `length` pixels from `start` into `parts` half-open ranges, each at least one pixel
  /// (the one split for heatmaps, thumbnails and the graphics rasters).
  public static func edges(start: Int, length: Int, parts: Int) -> [(Int, Int)] {
    (0..<parts).map { part in
      let lower = start + part * length / parts
      let upper = max(lower + 1, start + (part + 1) * length / parts)
      return (lower, upper)
    }
  }
}

/// An RGBA image reduced to a grid of average colours (premultiplied by alpha over a
/// background), for drawing screenshots in block characters.
public struct Thumbnail: Sendable, Equatable {
  public let columns: Int
  public let rows: Int
  /// Row-major RGB triples.
  public let colors: [RGB]

  public subscript(column: Int, row: Int) -> RGB { colors[row * columns + column] }

  /// A grid of colours made elsewhere (a blend of two thumbnails, a slider's halves).
  public init(columns: Int, rows: Int, colors: [RGB]) {
    precondition(colors.count == max(0, columns) * max(0, rows), "thumbnail colours do not match \(columns)×\(rows)")
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    self.colors = colors
  }

  /// Box-averages `region` (default: whole image) of `image` into `columns` x `rows`,
  /// compositing transparent pixels over `background`. Pixels outside the image count
  /// as background (the padded canvas is transparent).
  public init(
    image: RGBAImage, columns: Int, rows: Int, region: PixelRect? = nil,
    background: RGB = RGB(0, 0, 0)
  ) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    guard columns > 0, rows > 0 else {
      colors = []
      return
    }
    let area = region ?? PixelRect(x: 0, y: 0, width: image.width, height: image.height)
    let xEdges = MaskSummary.edges(start: area.x, length: max(1, area.width), parts: columns)
    let yEdges = MaskSummary.edges(start: area.y, length: max(1, area.height), parts: rows)
    var colors = [RGB](repeating: background, count: columns * rows)
    let width = image.width
    let height = image.height
    let bg = (Int(background.r), Int(background.g), Int(background.b))
    image.pixels.withUnsafeBufferPointer { px in
      for row in 0..<rows {
        let (y0, y1) = yEdges[row]
        // Sample at most 8x8 points per cell: enough for a terminal cell, bounded cost when zoomed out.
        let stepY = max(1, (y1 - y0) / 8)
        let rowsSampled = (y1 - y0 + stepY - 1) / stepY
        for column in 0..<columns {
          let (x0, x1) = xEdges[column]
          let stepX = max(1, (x1 - x0) / 8)
          let samples = rowsSampled * ((x1 - x0 + stepX - 1) / stepX)
          guard samples > 0 else { continue }
          // The sample columns inside the image, found once per cell rather than tested per
          // sample: the reviewer draws a thumbnail on every keystroke that moves to an image.
          let first = x0 >= 0 ? 0 : (-x0 + stepX - 1) / stepX
          let end = min(x1, width) > x0 ? (min(x1, width) - x0 + stepX - 1) / stepX : 0
          let byteStep = stepX * 4
          var r = 0
          var g = 0
          var b = 0
          var covered = 0
          var y = y0
          while y < y1 {
            if y >= 0, y < height, first < end {
              var i = (y * width + x0 + first * stepX) * 4
              for _ in first..<end {
                let a = Int(px[i + 3])
                if a == 255 {
                  // Opaque, as screenshots nearly always are: the blend below gives the pixel itself.
                  r += Int(px[i])
                  g += Int(px[i + 1])
                  b += Int(px[i + 2])
                } else {
                  r += (Int(px[i]) * a + bg.0 * (255 - a)) / 255
                  g += (Int(px[i + 1]) * a + bg.1 * (255 - a)) / 255
                  b += (Int(px[i + 2]) * a + bg.2 * (255 - a)) / 255
                }
                i += byteStep
              }
              covered += end - first
            }
            y += stepY
          }
          let outside = samples - covered
          r += bg.0 * outside
          g += bg.1 * outside
          b += bg.2 * outside
          colors[row * columns + column] = RGB(
            UInt8(r / samples), UInt8(g / samples), UInt8(b / samples))
        }
      }
    }
    self.colors = colors
  }
}
