import TextEscaping

/// A 20-byte object identifier (a `sha1_git`), ordered as its bytes are.
///
/// Stored as three big-endian words so that comparing the words compares the bytes,
/// and an identifier costs no heap allocation.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public static let byteCount = 20

  let word0: UInt64
  let word1: UInt64
  let word2: UInt32

  package init(word0: UInt64, word1: UInt64, word2: UInt32) {
    self.word0 = word0
    self.word1 = word1
    self.word2 = word2
  }

  /// Exactly 20 raw bytes, or nil.
  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == Self.byteCount else { return nil }
    var words: (UInt64, UInt64, UInt32) = (0, 0, 0)
    for (index, byte) in bytes.enumerated() {
      switch index {
      case 0..<8: words.0 = words.0 << 8 | UInt64(byte)
      case 8..<16: words.1 = words.1 << 8 | UInt64(byte)
      default: words.2 = words.2 << 8 | UInt32(byte)
      }
    }
    self.init(word0: words.0, word1: words.1, word2: words.2)
  }

  /// Exactly 40 hexadecimal digits (either case), or nil.
  public init?(hex: some StringProtocol) {
    self.init(hexUTF8: Array(hex.utf8))
  }

  /// Exactly 40 hexadecimal ASCII digits (either case), or nil.
  public init?(hexUTF8 digits: some Collection<UInt8>) {
    guard digits.count == 2 * Self.byteCount else { return nil }
    var bytes = [UInt8]()
    bytes.reserveCapacity(Self.byteCount)
    var high: UInt8? = nil
    for digit in digits {
      guard let value = Hex.value(of: digit) else { return nil }
      if let first = high {
        bytes.append(first << 4 | value)
        high = nil
      } else {
        high = value
      }
    }
    self.init(bytes: bytes)
  }

  /// Reads 20 bytes at `offset`; the caller has checked the bounds.
  init(loadingFrom raw: UnsafeRawBufferPointer, at offset: Int) {
    word0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    word1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
    word2 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
  }

  /// The 20 raw bytes.
  public var bytes: [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(Self.byteCount)
    append(to: &out)
    return out
  }

  /// Appends the 20 raw bytes.
  public func append(to out: inout [UInt8]) {
    for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word0 >> UInt64(shift))) }
    for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word1 >> UInt64(shift))) }
    for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word2 >> UInt32(shift))) }
  }

  /// 40 lowercase hexadecimal digits.
  public var hex: String {
    Hex.string(bytes)
  }

  /// The first `count` lowercase hex digits (swh-web shows 7).
  public func shortHex(_ count: Int = 7) -> String {
    String(hex.prefix(max(0, count)))
  }

  public var description: String { hex }

  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.word0, lhs.word1, lhs.word2) < (rhs.word0, rhs.word1, rhs.word2)
  }
}
