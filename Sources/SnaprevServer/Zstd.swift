import ZstdShim

/// zstd through the one C shim (`ZstdShim`); nothing else in snaprev calls libzstd.
public enum Zstd {
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// The data is not zstd, or is damaged; libzstd's reason.
    case corrupt(String)
    /// Decoding would produce more than `limit` bytes (a zstd bomb, or simply too large).
    case tooLarge(limit: Int)
    /// The input ends inside a frame.
    case truncated
    case noMemory

    public var description: String {
      switch self {
      case .corrupt(let reason): return "not valid zstd data (\(reason))"
      case .tooLarge(let limit): return "decompresses to more than \(limit) bytes"
      case .truncated: return "the zstd data is truncated"
      case .noMemory: return "out of memory while decompressing"
      }
    }
  }

  /// Decodes every frame of `data`, streaming, and stops as soon as the output would pass
  /// `limit` bytes, so a bomb costs at most `limit` bytes of memory.
  public static func decompress(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    var out: UnsafeMutablePointer<UInt8>? = nil
    var length = 0
    var message = [CChar](repeating: 0, count: Int(ZSTDSHIM_MESSAGE_SIZE))
    let status = data.withUnsafeBufferPointer { input in
      zstdshim_decompress(input.baseAddress, input.count, limit, &out, &length, &message)
    }
    defer { zstdshim_free(out) }
    switch status {
    case ZSTDSHIM_OK:
      guard let out else { return [] }
      return Array(UnsafeBufferPointer(start: out, count: length))
    case ZSTDSHIM_TOO_LARGE: throw .tooLarge(limit: limit)
    case ZSTDSHIM_TRUNCATED: throw .truncated
    case ZSTDSHIM_NO_MEMORY: throw .noMemory
    default: throw .corrupt(text(message))
    }
  }

  /// Compresses `data`; with `streamed`, the frame carries no content size (as sentry-cli's
  /// manifest), which one-shot decoders cannot read.
  public static func compress(_ data: [UInt8], level: Int = 3, streamed: Bool = false) throws(Failure) -> [UInt8] {
    var out: UnsafeMutablePointer<UInt8>? = nil
    var length = 0
    var message = [CChar](repeating: 0, count: Int(ZSTDSHIM_MESSAGE_SIZE))
    let status = data.withUnsafeBufferPointer { input in
      zstdshim_compress(input.baseAddress, input.count, Int32(level), streamed ? 1 : 0, &out, &length, &message)
    }
    defer { zstdshim_free(out) }
    guard status == ZSTDSHIM_OK, let out else {
      throw status == ZSTDSHIM_NO_MEMORY ? .noMemory : .corrupt(text(message))
    }
    return Array(UnsafeBufferPointer(start: out, count: length))
  }

  private static func text(_ message: [CChar]) -> String {
    let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
