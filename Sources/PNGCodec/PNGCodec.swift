import DiffCore
import PNGShim

/// What a PNG's IHDR says, read without decoding any pixels.
public struct PNGHeader: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public let bitDepth: Int
  public let colorType: Int
  public let interlaced: Bool

  public init(width: Int, height: Int, bitDepth: Int, colorType: Int, interlaced: Bool) {
    self.width = width
    self.height = height
    self.bitDepth = bitDepth
    self.colorType = colorType
    self.interlaced = interlaced
  }
}

/// Why a PNG could not be read or written. `source` names the file (or buffer) involved.
public enum PNGError: Error, Equatable, CustomStringConvertible {
  /// libpng rejected the bytes; `reason` is libpng's own message.
  case corrupt(source: String, reason: String)
  /// The canvas would exceed the pixel limit; refused before allocating.
  case tooLarge(source: String, width: Int, height: Int, limit: Int)
  /// Two images that each fit, but whose shared (padded) canvas would exceed the limit.
  case canvasTooLarge(base: String, head: String, width: Int, height: Int, limit: Int)
  case encodeFailed(reason: String)

  public var description: String {
    switch self {
    case .corrupt(let source, let reason):
      return "\(source): not a valid PNG: \(reason)"
    case .tooLarge(let source, let width, let height, let limit):
      return
        "\(source): image is \(width)×\(height) = \(width * height) pixels, over the limit of \(limit) pixels"
    case .canvasTooLarge(let base, let head, let width, let height, let limit):
      return
        "\(base) and \(head): their shared canvas is \(width)×\(height) = \(width * height) pixels, over the limit of \(limit) pixels"
    case .encodeFailed(let reason):
      return "could not encode PNG: \(reason)"
    }
  }
}

/// PNG in and out through libpng. Decoding matches pngjs (what pixelmatch's
/// reference uses): expand to RGBA8, tRNS to alpha, 16-bit scaled with rounding,
/// no gamma, no background compositing.
public enum PNGCodec {
  /// Sentry's per-canvas limit, used as the default for every decode.
  public static let defaultPixelLimit = SnapshotRule.pixelLimit

  public static func header(of bytes: [UInt8], source: String) throws(PNGError) -> PNGHeader {
    try readHeader(bytes, source: source, with: pngshim_read_header)
  }

  /// The check upload makes before storing a file, cheap enough for every file (no pixel is
  /// inflated): every chunk's CRC, letters-only types, lengths inside the file, IHDR first,
  /// consecutive IDATs, no unknown critical chunk, an IEND; then the IHDR read by libpng.
  /// Bytes after IEND are ignored, as libpng ignores them. Its cost per file is measured in
  /// docs/RELIABILITY.md.
  public static func validateStructure(_ bytes: [UInt8], source: String) throws(PNGError) -> PNGHeader {
    try readHeader(bytes, source: source, with: pngshim_validate_structure)
  }

  /// Calls one of the shim's header readers (same signature) and turns its status into a header or an error.
  private static func readHeader(
    _ bytes: [UInt8], source: String,
    with reader: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<pngshim_info>?, UnsafeMutablePointer<CChar>?) -> Int32
  ) throws(PNGError) -> PNGHeader {
    var info = pngshim_info()
    var message = [CChar](repeating: 0, count: Int(PNGSHIM_MESSAGE_SIZE))
    let status = bytes.withUnsafeBufferPointer { buffer in
      reader(buffer.baseAddress, buffer.count, &info, &message)
    }
    guard status == 0 else {
      throw .corrupt(source: source, reason: messageString(message))
    }
    return PNGHeader(info)
  }

  /// Which code decodes the pixels. Both give the same RGBA; libpng is the reference.
  public enum Decoder: Sendable {
    /// 8-bit RGBA, non-interlaced files through libdeflate (about 2x faster), everything
    /// else and anything unusual through libpng.
    case fastest
    /// libpng for every file.
    case libpng
  }

  public static func decode(
    _ bytes: [UInt8], source: String, pixelLimit: Int = defaultPixelLimit,
    decoder choice: Decoder = .fastest
  ) throws(PNGError) -> RGBAImage {
    var message = [CChar](repeating: 0, count: Int(PNGSHIM_MESSAGE_SIZE))
    var info = pngshim_info()
    let result: Result<RGBAImage, PNGError> = bytes.withUnsafeBufferPointer { buffer in
      guard let decoder = pngshim_decoder_open(buffer.baseAddress, buffer.count, &info, &message)
      else {
        return .failure(.corrupt(source: source, reason: messageString(message)))
      }
      defer { pngshim_decoder_close(decoder) }
      let width = Int(info.width)
      let height = Int(info.height)
      guard width.multipliedReportingOverflow(by: height).partialValue <= pixelLimit else {
        return .failure(.tooLarge(source: source, width: width, height: height, limit: pixelLimit))
      }
      var status: Int32 = 0
      let allowFast: Int32 = choice == .fastest ? 1 : 0
      let capacity = pngshim_decoder_buffer_size(decoder, allowFast)
      let pixels = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
        status = pngshim_decoder_finish(decoder, out.baseAddress, out.count, allowFast, &message)
        // On failure the buffer may be partly written; zero it so it is initialised.
        if status != 0 { out.initialize(repeating: 0) }
        count = width * height * 4
      }
      guard status == 0 else {
        return .failure(.corrupt(source: source, reason: messageString(message)))
      }
      return .success(RGBAImage(width: width, height: height, pixels: pixels))
    }
    return try result.get()
  }

  /// The libdeflate fast path alone: the image when it handles the file, nil when it
  /// declines (not 8-bit RGBA, interlaced, or anything libpng should judge). For tests
  /// and benchmarks; `decode` falls back to libpng by itself.
  public static func decodeWithFastPathOnly(
    _ bytes: [UInt8], source: String, pixelLimit: Int = defaultPixelLimit
  ) throws(PNGError) -> RGBAImage? {
    var message = [CChar](repeating: 0, count: Int(PNGSHIM_MESSAGE_SIZE))
    var info = pngshim_info()
    let result: Result<RGBAImage?, PNGError> = bytes.withUnsafeBufferPointer { buffer in
      guard let decoder = pngshim_decoder_open(buffer.baseAddress, buffer.count, &info, &message)
      else {
        return .failure(.corrupt(source: source, reason: messageString(message)))
      }
      pngshim_decoder_close(decoder)
      let width = Int(info.width)
      let height = Int(info.height)
      guard width.multipliedReportingOverflow(by: height).partialValue <= pixelLimit else {
        return .failure(.tooLarge(source: source, width: width, height: height, limit: pixelLimit))
      }
      var status: Int32 = 1
      let capacity = pngshim_fast_buffer_size(info.width, info.height)
      let pixels = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
        status = pngshim_fast_decode(
          buffer.baseAddress, buffer.count, info.width, info.height, out.baseAddress, out.count)
        if status != 0 { out.initialize(repeating: 0) }
        count = width * height * 4
      }
      return .success(status == 0 ? RGBAImage(width: width, height: height, pixels: pixels) : nil)
    }
    return try result.get()
  }

  /// Encodes an RGBA image (diff images). Level 0–9; levels up to 3 use a single filter
  /// for speed (a 1170x2532 diff image: ~28 ms at level 1, against ~100 ms at 6).
  public static func encode(_ image: RGBAImage, compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
    try encode(image.pixels, width: image.width, height: image.height, channels: 4, level: compressionLevel)
  }

  /// Encodes a single-channel 8-bit gray image (diff masks). Levels up to 3 use no filter
  /// and run-length deflate, which suits masks (long runs of 0 and 255).
  public static func encode(_ image: GrayImage, compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
    try encode(image.pixels, width: image.width, height: image.height, channels: 1, level: compressionLevel)
  }

  private static func encode(
    _ pixels: [UInt8], width: Int, height: Int, channels: Int32, level: Int
  ) throws(PNGError) -> [UInt8] {
    guard width > 0, height > 0 else { throw .encodeFailed(reason: "image is \(width)×\(height)") }
    var message = [CChar](repeating: 0, count: Int(PNGSHIM_MESSAGE_SIZE))
    var out: UnsafeMutablePointer<UInt8>?
    var length = 0
    let status = pixels.withUnsafeBufferPointer { buffer in
      pngshim_encode(
        buffer.baseAddress, UInt32(width), UInt32(height), channels, Int32(max(0, min(9, level))),
        &out, &length, &message)
    }
    guard status == 0, let out else { throw .encodeFailed(reason: messageString(message)) }
    defer { pngshim_free(out) }
    return Array(UnsafeBufferPointer(start: out, count: length))
  }

  private static func messageString(_ message: [CChar]) -> String {
    let bytes = message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
    let text = String(decoding: bytes, as: UTF8.self)
    return text.isEmpty ? "unknown libpng error" : text
  }
}

extension PNGHeader {
  fileprivate init(_ info: pngshim_info) {
    self.init(
      width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
      colorType: Int(info.color_type), interlaced: info.interlaced != 0)
  }
}
