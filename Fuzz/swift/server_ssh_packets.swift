// Target server_ssh_packets: the SSH transport's packet opener (GCMTransport, AES-GCM over
// libcrypto), which takes every byte a client sends after the key exchange. Two ways in,
// chosen by the first byte:
// - odd: the rest, as it arrives on the wire (length, ciphertext, tag), is opened; no fuzzer
//   forges a GCM tag, so each must be refused with the transport's own error, never trap;
// - even: the rest is a packet's inside (padding length, payload, padding), cut to whole
//   blocks, sealed by a peer and opened: it opens exactly when its padding length is 4 or
//   more and fits, and then gives back exactly the bytes between the padding length and the
//   padding, and consumes the whole packet.
// The sources compiled with it are in scripts/fuzz (SERVER_SSH_PACKETS_SOURCES).
import Crypto
import NIOCore
import NIOSSH

private func keys(swapped: Bool) -> NIOSSHSessionKeys {
  let a = SymmetricKey(data: [UInt8](repeating: 0x11, count: 16))
  let b = SymmetricKey(data: [UInt8](repeating: 0x22, count: 16))
  let ivA = [UInt8](repeating: 1, count: 12)
  let ivB = [UInt8](repeating: 2, count: 12)
  return NIOSSHSessionKeys(
    initialInboundIV: swapped ? ivA : ivB, initialOutboundIV: swapped ? ivB : ivA,
    inboundEncryptionKey: swapped ? a : b, outboundEncryptionKey: swapped ? b : a,
    inboundMACKey: a, outboundMACKey: b)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func sshPacketsFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  guard let mode = bytes.first,
    let server = try? GCM128Transport(initialKeys: keys(swapped: false)),
    let client = try? GCM128Transport(initialKeys: keys(swapped: true))
  else { return 0 }
  let rest = Array(bytes.dropFirst())
  if mode & 1 == 1 {
    var wire = ByteBuffer(bytes: rest)
    do {
      _ = try server.decryptAndVerifyRemainingPacket(&wire, sequenceNumber: 0)
      oracle(false, "a packet the fuzzer made up (\(rest.count) bytes) was opened")
    } catch {
      oracle(error is GCMTransport.Failure, "refused with \(type(of: error))")
    }
    return 0
  }
  let inside = Array(rest.prefix(rest.count / 16 * 16))
  guard !inside.isEmpty else { return 0 }
  var packet = ByteBuffer()
  packet.writeInteger(UInt32(inside.count))
  packet.writeBytes(inside)
  do {
    try client.encryptPacket(&packet, sequenceNumber: 0)
  } catch {
    oracle(false, "sealing \(inside.count) bytes failed: \(error)")
  }
  let padding = Int(inside[0])
  let fits = padding >= 4 && padding < inside.count
  do {
    var content = try server.decryptAndVerifyRemainingPacket(&packet, sequenceNumber: 0)
    oracle(fits, "padding length \(padding) of \(inside.count) bytes was accepted")
    let expected = Array(inside[1..<(inside.count - padding)])
    oracle(content.readBytes(length: content.readableBytes) == expected, "content differs from what was sealed")
    oracle(packet.readableBytes == 0, "\(packet.readableBytes) bytes of the packet left unread")
  } catch {
    oracle(!fits, "a sealed packet with padding length \(padding) of \(inside.count) bytes was refused: \(error)")
  }
  return 0
}
