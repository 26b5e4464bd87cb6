/// Builds small PNG files byte by byte (stored deflate blocks), so tests can state exactly
/// what a file claims: 16-bit samples, an IHDR far over the pixel limit, a bad checksum.
public struct PNGBuilder {
  public var width: UInt32
  public var height: UInt32
  public var bitDepth: UInt8 = 8
  public var colorType: UInt8 = 6
  /// Filtered scanlines (each starting with its filter byte), before compression.
  public var raw: [UInt8] = []
  public var corruptAdler = false

  public init(width: UInt32, height: UInt32, bitDepth: UInt8 = 8, colorType: UInt8 = 6) {
    self.width = width
    self.height = height
    self.bitDepth = bitDepth
    self.colorType = colorType
  }

  public func build() -> [UInt8] {
    var out: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
    var ihdr = Self.bigEndian(width) + Self.bigEndian(height)
    ihdr += [bitDepth, colorType, 0, 0, 0]
    out += Self.chunk("IHDR", ihdr)
    out += Self.chunk("IDAT", zlibStored(raw))
    out += Self.chunk("IEND", [])
    return out
  }

  /// A zlib stream of stored (uncompressed) deflate blocks.
  public func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65535, data.count - offset)
      let final: UInt8 = offset + length == data.count ? 1 : 0
      out.append(final)
      out += [UInt8(length & 0xff), UInt8(length >> 8)]
      out += [UInt8(~length & 0xff), UInt8((~length >> 8) & 0xff)]
      out += data[offset..<offset + length]
      offset += length
    } while offset < data.count
    var adler = Self.adler32(data)
    if corruptAdler { adler ^= 1 }
    return out + Self.bigEndian(adler)
  }

  public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
  }

  public static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
  }

  public static func crc32(_ bytes: [UInt8]) -> UInt32 { PNGFixtures.crc32(bytes) }

  public static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return (b << 16) | a
  }
}
