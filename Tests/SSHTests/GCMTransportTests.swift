import Crypto
import NIOCore
import NIOSSH
import Testing

@testable import SnaprevSSH

/// The SSH transport's AES-GCM over libcrypto (GCMTransport): packets it seals open with
/// swift-crypto's AES-GCM (an independent implementation) under the IV RFC 5647 gives each
/// packet, a peer keyed the other way round opens them, and a changed byte, a wrong padding
/// length or a packet of part of a block is refused. The OpenSSH client uses it in every
/// other SSH test.
struct GCMTransportTests {
  static func keys(size: Int, swapped: Bool = false) -> NIOSSHSessionKeys {
    // Fixed, distinct bytes: each direction its own key and IV, as a key exchange gives.
    let a = SymmetricKey(data: (0..<size).map { UInt8($0) })
    let b = SymmetricKey(data: (0..<size).map { UInt8(0xA0 &+ $0) })
    // The second IV's counter ends in 0xff 0xff: its increment carries into the byte before.
    let ivA: [UInt8] = [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 9]
    let ivB: [UInt8] = [5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
    return NIOSSHSessionKeys(
      initialInboundIV: swapped ? ivA : ivB, initialOutboundIV: swapped ? ivB : ivA,
      inboundEncryptionKey: swapped ? a : b, outboundEncryptionKey: swapped ? b : a,
      inboundMACKey: SymmetricKey(size: .bits128), outboundMACKey: SymmetricKey(size: .bits128))
  }

  /// An SSH packet as swift-nio-ssh's serializer hands it over: length, padding length,
  /// payload, at least 4 bytes of padding, a whole number of 16-byte blocks after the length.
  static func packet(_ payload: [UInt8]) -> ByteBuffer {
    var padding = 16 - (payload.count + 1) % 16
    if padding < 4 { padding += 16 }
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt32(1 + payload.count + padding))
    buffer.writeInteger(UInt8(padding))
    buffer.writeBytes(payload)
    buffer.writeRepeatingByte(0x5A, count: padding)
    return buffer
  }

  @Test(arguments: [16, 32])
  func packetsOpenWithSwiftCryptoAndWithAPeer(keySize: Int) throws {
    let transport: GCMTransport =
      keySize == 16 ? try GCM128Transport(initialKeys: Self.keys(size: 16))
      : try GCM256Transport(initialKeys: Self.keys(size: 32))
    let peer: GCMTransport =
      keySize == 16 ? try GCM128Transport(initialKeys: Self.keys(size: 16, swapped: true))
      : try GCM256Transport(initialKeys: Self.keys(size: 32, swapped: true))
    let key = SymmetricKey(data: (0..<keySize).map { UInt8($0) })
    var counter: UInt64 = 9
    for payload in [Array("j".utf8), [UInt8](repeating: 0x41, count: 3_316), []] {
      let plain = Self.packet(payload)
      var sealed = plain
      try transport.encryptPacket(&sealed, sequenceNumber: 3)
      #expect(sealed.readableBytes == plain.readableBytes + 16)
      let bytes = Array(sealed.readableBytesView)
      #expect(bytes[0..<4] == Array(plain.readableBytesView)[0..<4], "the length stays in the clear")

      // swift-crypto, with the IV RFC 5647 says this packet has: fixed field, then counter.
      var iv: [UInt8] = [1, 2, 3, 4]
      withUnsafeBytes(of: counter.bigEndian) { iv += $0 }
      let box = try AES.GCM.SealedBox(
        nonce: AES.GCM.Nonce(data: iv), ciphertext: bytes[4..<(bytes.count - 16)], tag: bytes[(bytes.count - 16)...])
      let opened = try AES.GCM.open(box, using: key, authenticating: bytes[0..<4])
      let openedBytes: [UInt8] = opened.withUnsafeBytes { Array($0) }
      let plainBytes: [UInt8] = Array(plain.readableBytesView)
      #expect(openedBytes[...] == plainBytes[4...])
      counter += 1

      var received = sealed
      try peer.decryptFirstBlock(&received)
      var content = try peer.decryptAndVerifyRemainingPacket(&received, sequenceNumber: 3)
      #expect(content.readBytes(length: content.readableBytes) == payload)
      #expect(received.readableBytes == 0, "the whole packet is consumed")
    }
  }

  @Test func theCounterCarriesIntoTheNextByte() throws {
    // The peer's outbound IV ends in ff ff: the second packet's IV must end in 01 00 00.
    let peer = try GCM128Transport(initialKeys: Self.keys(size: 16, swapped: true))
    let transport = try GCM128Transport(initialKeys: Self.keys(size: 16))
    for text in ["first", "second", "third"] {
      var sealed = Self.packet(Array(text.utf8))
      try peer.encryptPacket(&sealed, sequenceNumber: 0)
      var content = try transport.decryptAndVerifyRemainingPacket(&sealed, sequenceNumber: 0)
      #expect(content.readString(length: content.readableBytes) == text)
    }
  }

  @Test func aChangedByteAWrongPaddingAndAPartBlockAreRefused() throws {
    let transport = try GCM128Transport(initialKeys: Self.keys(size: 16))
    var sealed = Self.packet(Array("keystroke".utf8))
    try transport.encryptPacket(&sealed, sequenceNumber: 7)

    for index in [0, 4, sealed.readableBytes - 1] {
      let peer = try GCM128Transport(initialKeys: Self.keys(size: 16, swapped: true))
      var changed = sealed
      changed.setInteger(changed.getInteger(at: index, as: UInt8.self)! ^ 1, at: index)
      #expect(throws: GCMTransport.Failure.self) { try peer.decryptAndVerifyRemainingPacket(&changed, sequenceNumber: 7) }
    }

    // A padding length of 3 (RFC 4253 asks for at least 4), sealed properly.
    let peer = try GCM128Transport(initialKeys: Self.keys(size: 16, swapped: true))
    var badPadding = Self.packet(Array("keystroke".utf8))
    badPadding.setInteger(UInt8(3), at: 4)
    let fresh = try GCM128Transport(initialKeys: Self.keys(size: 16))
    try fresh.encryptPacket(&badPadding, sequenceNumber: 0)
    #expect {
      try peer.decryptAndVerifyRemainingPacket(&badPadding, sequenceNumber: 0)
    } throws: { "\($0)".contains("padding length out of range") }

    var short = ByteBuffer(bytes: [UInt8](repeating: 0, count: 4 + 10 + 16))
    #expect {
      try peer.decryptAndVerifyRemainingPacket(&short, sequenceNumber: 1)
    } throws: { "\($0)".contains("not a whole number of blocks") }
  }
}
