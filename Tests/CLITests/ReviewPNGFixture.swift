import DiffCore
import PNGCodec

/// Tiny PNGs for the reviewer's end-to-end tests.
enum PNGFixture {
  static func solid(width: Int, height: Int, gray: UInt8) throws -> [UInt8] {
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    for i in stride(from: 0, to: pixels.count, by: 4) {
      pixels[i] = gray
      pixels[i + 1] = gray
      pixels[i + 2] = gray
    }
    return try PNGCodec.encode(RGBAImage(width: width, height: height, pixels: pixels))
  }
}
