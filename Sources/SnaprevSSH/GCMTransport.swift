import Crypto
import Glibc
import SystemCrypto
import NIOCore
import NIOSSH

/// The SSH transport's AES-GCM (RFC 5647 as OpenSSH names it, `aes128-gcm@openssh.com` and
/// `aes256-gcm@openssh.com`) over `SystemCrypto.AESGCM`: each direction keyed once per key
/// exchange, every packet sealed and opened in place in its `ByteBuffer`. swift-nio-ssh's
/// own implementation of the same two names goes through swift-crypto, which sets up a new
/// key schedule and copies through `Data` for each packet: 21 % of the server's CPU time in
/// the keystroke benchmark, against 11 % here (libcrypto's own 8-9 % of it), and a
/// keystroke's way from the socket to the terminal went from 137-146 µs to 96-112 µs
/// (docs/PERFORMANCE.md, "Over SSH").
///
/// The packet: a 4-byte length in the clear (authenticated as associated data), then the
/// padding length, payload and padding, encrypted (a multiple of 16 bytes), then the tag.
/// The IV is a 4-byte fixed field and an 8-byte counter, both from the key exchange, the
/// counter incremented per packet (RFC 5647, 7.1).
class GCMTransport {
  class var cipherName: String { "aes128-gcm@openssh.com" }
  class var keySizes: ExpectedKeySizes { .init(ivSize: 12, encryptionKeySize: 16, macKeySize: 16) }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// One direction: its context and the IV of its next packet.
  private struct Direction: ~Copyable {
    let context: AESGCM
    var iv: [UInt8]

    init(key: SymmetricKey, iv: [UInt8], _ direction: AESGCM.Direction) throws {
      var bytes = key.withUnsafeBytes { Array($0) }
      // The copy goes once libcrypto has the key schedule (swift-crypto wipes its own).
      defer { bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
      context = try AESGCM(key: bytes, direction: direction)
      self.iv = iv
    }

    /// The invocation counter, the IV's last 8 bytes as a big-endian integer, plus one.
    mutating func advance() {
      var index = iv.count - 1
      while index >= 4 {
        iv[index] &+= 1
        if iv[index] != 0 { return }
        index -= 1
      }
    }
  }

  /// Both directions, from one key exchange.
  private struct Keys: ~Copyable {
    var outbound: Direction
    var inbound: Direction

    init(_ keys: NIOSSHSessionKeys, for transport: GCMTransport.Type) throws {
      let size = transport.keySizes.encryptionKeySize
      guard keys.outboundEncryptionKey.bitCount == size * 8, keys.inboundEncryptionKey.bitCount == size * 8,
        keys.initialOutboundIV.count == AESGCM.ivLength, keys.initialInboundIV.count == AESGCM.ivLength
      else {
        throw Failure(description: "\(transport.cipherName): the key exchange gave keys or IVs of the wrong size")
      }
      let outbound = try Direction(key: keys.outboundEncryptionKey, iv: keys.initialOutboundIV, .seal)
      let inbound = try Direction(key: keys.inboundEncryptionKey, iv: keys.initialInboundIV, .open)
      self.outbound = outbound
      self.inbound = inbound
    }
  }

  private var keys: Keys

  /// Throws, naming the library, when libcrypto cannot be loaded.
  static func checkLibcrypto() throws {
    do {
      _ = try AESGCM(key: [UInt8](repeating: 0, count: 16), direction: .seal)
    } catch {
      throw Failure(description: "the SSH server seals its packets with libcrypto: \(error)")
    }
  }

  required init(initialKeys keys: NIOSSHSessionKeys) throws {
    self.keys = try Keys(keys, for: Self.self)
  }

  func updateKeys(_ newKeys: NIOSSHSessionKeys) throws {
    keys = try Keys(newKeys, for: Self.self)
  }
}

extension GCMTransport: NIOSSHTransportProtection {
  static var macName: String? { nil }
  static var cipherBlockSize: Int { 16 }
  var macBytes: Int { AESGCM.tagLength }
  var lengthEncrypted: Bool { false }

  func decryptFirstBlock(_ source: inout ByteBuffer) throws {
    // The length is in the clear: nothing to do before the whole packet is here.
  }

  func decryptAndVerifyRemainingPacket(_ source: inout ByteBuffer, sequenceNumber: UInt32) throws -> ByteBuffer {
    let total = source.readableBytes
    let encrypted = total - 4 - AESGCM.tagLength
    guard encrypted >= Self.cipherBlockSize, encrypted % Self.cipherBlockSize == 0 else {
      throw Failure(description: "\(Self.cipherName): a packet of \(total) bytes is not a whole number of blocks")
    }
    let authentic = Self.withParts(of: &source, iv: keys.inbound.iv) { iv, length, data, tag in
      keys.inbound.context.open(iv: iv, authenticating: length, data: data, tag: UnsafeRawBufferPointer(tag))
    }
    guard authentic else {
      throw Failure(description: "\(Self.cipherName): packet \(sequenceNumber) failed authentication")
    }
    keys.inbound.advance()
    let start = source.readerIndex
    // Padding: at least 4 bytes (RFC 4253, 6), and never more than what follows its length.
    guard let padding = source.getInteger(at: start + 4, as: UInt8.self), padding >= 4, Int(padding) < encrypted,
      let content = source.getSlice(at: start + 5, length: encrypted - 1 - Int(padding))
    else {
      throw Failure(description: "\(Self.cipherName): packet \(sequenceNumber) has a padding length out of range")
    }
    source.moveReaderIndex(forwardBy: total)
    return content
  }

  func encryptPacket(_ destination: inout ByteBuffer, sequenceNumber: UInt32) throws {
    destination.writeRepeatingByte(0, count: AESGCM.tagLength)
    let sealed = Self.withParts(of: &destination, iv: keys.outbound.iv) { iv, length, data, tag in
      keys.outbound.context.seal(iv: iv, authenticating: length, data: data, tag: tag)
    }
    guard sealed else { throw Failure(description: "\(Self.cipherName): libcrypto failed to seal packet \(sequenceNumber)") }
    keys.outbound.advance()
  }

  /// The packet in `buffer` (its readable bytes) in its three parts, in place: the length in
  /// the clear, the encrypted part, the tag.
  private static func withParts(
    of buffer: inout ByteBuffer, iv: [UInt8],
    _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer, UnsafeMutableRawBufferPointer)
      -> Bool
  ) -> Bool {
    buffer.withUnsafeMutableReadableBytes { bytes in
      let tag = bytes.count - AESGCM.tagLength
      return iv.withUnsafeBytes { iv in
        body(
          iv, UnsafeRawBufferPointer(rebasing: bytes[0..<4]), UnsafeMutableRawBufferPointer(rebasing: bytes[4..<tag]),
          UnsafeMutableRawBufferPointer(rebasing: bytes[tag...]))
      }
    }
  }
}

final class GCM128Transport: GCMTransport, _NIOSSHSendableMetatype {}

final class GCM256Transport: GCMTransport, _NIOSSHSendableMetatype {
  override class var cipherName: String { "aes256-gcm@openssh.com" }
  override class var keySizes: ExpectedKeySizes { .init(ivSize: 12, encryptionKeySize: 32, macKeySize: 16) }
}
