import CryptoShim

/// AES-GCM from the system's libcrypto, keyed once for one direction of a connection: the
/// embedded SSH server's transport (aes128-gcm@openssh.com, aes256-gcm@openssh.com), sealed
/// and opened in place, as OpenSSH's sshd does with the same library. swift-crypto's
/// `AES.GCM` builds a new context (a new key schedule) and copies through `Data` on every
/// call: 52 µs to open one 36-byte keystroke packet and 38 µs to seal a 3.3 KB redraw in
/// the server's profile (docs/PERFORMANCE.md, "Over SSH").
public struct AESGCM: ~Copyable {
  public enum Direction: Sendable {
    case seal, open
  }

  /// Bytes of GCM's tag and of the IV this type takes (RFC 5647's 12).
  public static let tagLength = 16
  public static let ivLength = 12

  public struct Unavailable: Error, CustomStringConvertible {
    public let description: String
  }

  private let context: UnsafeMutableRawPointer

  /// A context for `key` (16 or 32 bytes).
  public init(key: [UInt8], direction: Direction) throws(Unavailable) {
    guard key.count == 16 || key.count == 32 else {
      throw Unavailable(description: "AES-GCM takes a 16- or 32-byte key, not \(key.count) bytes")
    }
    let made = key.withUnsafeBufferPointer { key in
      cryptoshim_gcm_new(key.baseAddress, key.count, direction == .seal ? 1 : 0)
    }
    guard let made else { throw Unavailable(description: "AES-GCM: \(String(cString: cryptoshim_error()))") }
    context = made
  }

  deinit { cryptoshim_gcm_free(context) }

  /// Encrypts `data` in place and writes the tag (`tagLength` bytes) to `tag`; false if
  /// libcrypto failed.
  public func seal(
    iv: UnsafeRawBufferPointer, authenticating aad: UnsafeRawBufferPointer, data: UnsafeMutableRawBufferPointer,
    tag: UnsafeMutableRawBufferPointer
  ) -> Bool {
    guard iv.count == Self.ivLength, tag.count == Self.tagLength else { return false }
    return cryptoshim_gcm_seal(
      context, iv.baseAddress?.assumingMemoryBound(to: UInt8.self), aad.baseAddress, aad.count, data.baseAddress,
      data.count, tag.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
  }

  /// Decrypts `data` in place when `tag` authenticates it and `aad`; false (and `data`
  /// zeroed) when it does not.
  public func open(
    iv: UnsafeRawBufferPointer, authenticating aad: UnsafeRawBufferPointer, data: UnsafeMutableRawBufferPointer,
    tag: UnsafeRawBufferPointer
  ) -> Bool {
    guard iv.count == Self.ivLength, tag.count == Self.tagLength else { return false }
    return cryptoshim_gcm_open(
      context, iv.baseAddress?.assumingMemoryBound(to: UInt8.self), aad.baseAddress, aad.count, data.baseAddress,
      data.count, tag.baseAddress?.assumingMemoryBound(to: UInt8.self)) == 1
  }
}
