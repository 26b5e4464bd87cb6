/// An 8-bit RGBA raster, rows packed without padding (`width * 4` bytes apart).
public struct RGBAImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height * 4` bytes: R, G, B, A for each pixel in row-major order.
  public var pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
    precondition(
      pixels.count == width * height * 4,
      "RGBA buffer of \(pixels.count) bytes does not match \(width)x\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// A fully transparent image (all bytes zero).
  public init(transparentWidth width: Int, height: Int) {
    self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height * 4))
  }

  public var pixelCount: Int { width * height }
}

/// An 8-bit single-channel raster: masks (255 = counted, 0 = not) and grayscale images.
public struct GrayImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
    precondition(
      pixels.count == width * height,
      "gray buffer of \(pixels.count) bytes does not match \(width)x\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  public init(zeroWidth width: Int, height: Int) {
    self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height))
  }

  public var pixelCount: Int { width * height }
}
