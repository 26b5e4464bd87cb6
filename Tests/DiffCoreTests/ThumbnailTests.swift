import DiffCore
import Testing

/// `Thumbnail`'s box average against the plainest reading of its definition: every sample
/// point tested against the image, every pixel blended over the background. The fast loop
/// (sample columns clipped once per cell, opaque pixels taken as they are) must give the
/// same colours exactly, for regions inside, across and outside the image, zoomed in and
/// out, with opaque, transparent and part-transparent pixels.
struct ThumbnailTests {
  static func reference(_ image: RGBAImage, columns: Int, rows: Int, region: PixelRect, background: RGB) -> [RGB] {
    let xEdges = MaskSummary.edges(start: region.x, length: max(1, region.width), parts: columns)
    let yEdges = MaskSummary.edges(start: region.y, length: max(1, region.height), parts: rows)
    var colors: [RGB] = []
    for row in 0..<rows {
      for column in 0..<columns {
        let (x0, x1) = xEdges[column]
        let (y0, y1) = yEdges[row]
        let stepX = max(1, (x1 - x0) / 8)
        let stepY = max(1, (y1 - y0) / 8)
        var sum = (0, 0, 0)
        var samples = 0
        for y in stride(from: y0, to: y1, by: stepY) {
          for x in stride(from: x0, to: x1, by: stepX) {
            samples += 1
            guard x >= 0, y >= 0, x < image.width, y < image.height else {
              sum = (sum.0 + Int(background.r), sum.1 + Int(background.g), sum.2 + Int(background.b))
              continue
            }
            let i = (y * image.width + x) * 4
            let a = Int(image.pixels[i + 3])
            func blend(_ value: UInt8, _ under: UInt8) -> Int { (Int(value) * a + Int(under) * (255 - a)) / 255 }
            sum = (
              sum.0 + blend(image.pixels[i], background.r), sum.1 + blend(image.pixels[i + 1], background.g),
              sum.2 + blend(image.pixels[i + 2], background.b)
            )
          }
        }
        colors.append(RGB(UInt8(sum.0 / samples), UInt8(sum.1 / samples), UInt8(sum.2 / samples)))
      }
    }
    return colors
  }

  @Test func theFastLoopGivesTheDefinitionsColoursExactly() {
    var random = SplitMix(seed: 12)
    func below(_ limit: Int) -> Int { Int(random.next() % UInt64(limit)) }
    for _ in 0..<400 {
      let width = 1 + below(90)
      let height = 1 + below(90)
      var pixels = [UInt8](repeating: 0, count: width * height * 4)
      let alphaKind = below(3)  // opaque, transparent holes, any alpha
      for i in stride(from: 0, to: pixels.count, by: 4) {
        pixels[i] = UInt8(below(256))
        pixels[i + 1] = UInt8(below(256))
        pixels[i + 2] = UInt8(below(256))
        pixels[i + 3] = alphaKind == 0 ? 255 : alphaKind == 1 ? (below(4) == 0 ? 0 : 255) : UInt8(below(256))
      }
      let image = RGBAImage(width: width, height: height, pixels: pixels)
      let region = PixelRect(
        x: below(2 * width) - width / 2, y: below(2 * height) - height / 2, width: 1 + below(2 * width),
        height: 1 + below(2 * height))
      let columns = 1 + below(40)
      let rows = 1 + below(40)
      let background = RGB(UInt8(below(256)), UInt8(below(256)), UInt8(below(256)))
      let thumbnail = Thumbnail(image: image, columns: columns, rows: rows, region: region, background: background)
      #expect(
        thumbnail.colors == Self.reference(image, columns: columns, rows: rows, region: region, background: background),
        "\(width)x\(height) image, region \(region), \(columns)x\(rows) cells")
    }
  }
}
