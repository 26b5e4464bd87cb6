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

  /// A PNG of Tests/Fixtures (`relativePath` under it), decoded.
  public static func decode(_ relativePath: String) throws -> RGBAImage {
    try PNGCodec.decode(Fixtures.bytes(relativePath), source: relativePath)
  }

  /// The PNG file of an opaque grey image (8×8 unless told), encoded by the project's encoder.
  public static func png(width: Int = 8, height: Int = 8, gray: UInt8, mark: Int? = nil) throws -> [UInt8] {
    try PNGCodec.encode(solid(width: width, height: height, color: RGB(gray, gray, gray), mark: mark))
  }

  /// A PNG whose chunk structure and every CRC are valid but whose compressed pixel data
  /// is damaged: upload accepts it (structure check) and the comparison finds it errored.
  public static func undecodable(width: Int = 8, height: Int = 8, gray: UInt8, mark: Int? = nil) throws -> [UInt8] {
    var bytes = try png(width: width, height: height, gray: gray, mark: mark)
    // The IDAT chunk follows the 8-byte signature and the 25-byte IHDR chunk.
    let idat = 8 + 25
    let length = Int(bytes[idat]) << 24 | Int(bytes[idat + 1]) << 16 | Int(bytes[idat + 2]) << 8 | Int(bytes[idat + 3])
    // The zlib header's flag byte: flipped, it asks for a preset dictionary PNG never has.
    bytes[idat + 8 + 1] ^= 0xFF
    let crc = crc32(Array(bytes[(idat + 4)..<(idat + 8 + length)]))
    for index in 0..<4 { bytes[idat + 8 + length + index] = UInt8((crc >> (24 - 8 * UInt32(index))) & 0xFF) }
    return bytes
  }

  /// PNG's CRC-32 (ISO 3309) of a chunk's type and data.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xffff_ffff
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
    }
    return ~crc
  }
}
