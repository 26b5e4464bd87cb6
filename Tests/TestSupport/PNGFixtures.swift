import DiffCore
import PNGCodec

/// Small synthetic images for tests: one colour, optionally one marked pixel.
public enum PNGFixtures {
  /// The colour `mark` gives its pixel: pure blue, far from every grey.
  public static let markColor = RGB(0, 0, 255)

  /// An opaque width×height image of `color`, with the pixel at index `mark`
  /// (row-major, so `mark < width` is on the first row) in `markColor` when given.
  public static func solid(width: Int, height: Int, color: RGB, mark: Int? = nil) -> RGBAImage {
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    for index in 0..<(width * height) {
      pixels[index * 4] = color.r
      pixels[index * 4 + 1] = color.g
      pixels[index * 4 + 2] = color.b
    }
    if let mark {
      pixels[mark * 4] = markColor.r
      pixels[mark * 4 + 1] = markColor.g
      pixels[mark * 4 + 2] = markColor.b
    }
    return RGBAImage(width: width, height: height, pixels: pixels)
  }

  /// The PNG file of an opaque grey image (8×8 unless told), encoded by the project's encoder.
  public static func png(width: Int = 8, height: Int = 8, gray: UInt8, mark: Int? = nil) throws -> [UInt8] {
    try PNGCodec.encode(solid(width: width, height: height, color: RGB(gray, gray, gray), mark: mark))
  }
}
