import Crypto
import DurableFiles
import Foundation
import NIOSSH
import TextEscaping

/// The server's Ed25519 host key, in OpenSSH's own private key file format (unencrypted
/// `openssh-key-v1`), so `ssh-keygen -t ed25519 -N ''` makes one `--host-key` takes, and
/// `ssh-keygen -l -f` prints the fingerprint of the one the server generated.
public struct HostKey: Sendable {
  /// The 32-byte Ed25519 seed, and the public key it makes.
  let seed: [UInt8]
  let publicKey: [UInt8]
  let nioKey: NIOSSHPrivateKey

  public init(privateKey: Curve25519.Signing.PrivateKey) {
    seed = Array(privateKey.rawRepresentation)
    publicKey = Array(privateKey.publicKey.rawRepresentation)
    nioKey = NIOSSHPrivateKey(ed25519Key: privateKey)
  }

  /// The public key blob: string "ssh-ed25519", string the 32 key bytes.
  public var publicBlob: [UInt8] {
    var out = [UInt8]()
    SSHWire.appendString(Array(Self.type.utf8), to: &out)
    SSHWire.appendString(publicKey, to: &out)
    return out
  }

  /// `SHA256:…`, as `ssh-keygen -l` and the ssh client print it.
  public var fingerprint: String { AuthorizedKeys.fingerprint(blob: publicBlob) }

  static let type = "ssh-ed25519"
  static let magic = Array("openssh-key-v1".utf8) + [0]
  static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
  static let end = "-----END OPENSSH PRIVATE KEY-----"

  /// The key at `path`; when `create` and there is no file, a new key written there (mode
  /// 0600, atomically and durably) first.
  public static func load(_ path: String, create: Bool) throws(HostKeyError) -> (key: HostKey, created: Bool) {
    let bytes: [UInt8]?
    do {
      bytes = try Files.readIfPresent(path)
    } catch {
      throw HostKeyError(file: path, problem: "cannot read the file: \(error)")
    }
    if let bytes { return (try parse(bytes, file: path), false) }
    guard create else { throw HostKeyError(file: path, problem: "no such file") }
    let key = HostKey(privateKey: Curve25519.Signing.PrivateKey())
    do {
      try Files.makeDirectories(Files.parentDirectory(path))
      try Files.writeAtomically(Array(key.fileText(comment: "snaprev serve").utf8), to: path, ownerOnly: true)
    } catch {
      throw HostKeyError(file: path, problem: "cannot write the new key: \(error)")
    }
    return (key, true)
  }

  /// The key file's text.
  func fileText(comment: String) -> String {
    var secret = [UInt8]()
    let check = UInt32.random(in: 0...UInt32.max)
    SSHWire.appendUInt32(check, to: &secret)
    SSHWire.appendUInt32(check, to: &secret)
    SSHWire.appendString(Array(Self.type.utf8), to: &secret)
    SSHWire.appendString(publicKey, to: &secret)
    SSHWire.appendString(seed + publicKey, to: &secret)
    SSHWire.appendString(Array(comment.utf8), to: &secret)
    var pad: UInt8 = 1
    while secret.count % 8 != 0 {
      secret.append(pad)
      pad += 1
    }
    var body = Self.magic
    for text in ["none", "none", ""] { SSHWire.appendString(Array(text.utf8), to: &body) }
    SSHWire.appendUInt32(1, to: &body)
    SSHWire.appendString(publicBlob, to: &body)
    SSHWire.appendString(secret, to: &body)
    let encoded = Data(body).base64EncodedString()
    var lines = [Self.begin]
    var rest = Substring(encoded)
    while !rest.isEmpty {
      lines.append(String(rest.prefix(70)))
      rest = rest.dropFirst(70)
    }
    lines.append(Self.end)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads an unencrypted OpenSSH Ed25519 private key file.
  static func parse(_ bytes: [UInt8], file: String) throws(HostKeyError) -> HostKey {
    func fail(_ problem: String) -> HostKeyError { HostKeyError(file: file, problem: problem) }
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = lines.firstIndex(of: Self.begin), let last = lines.lastIndex(of: Self.end), first < last,
      let body = Data(base64Encoded: lines[(first + 1)..<last].joined())
    else {
      throw fail("not an OpenSSH private key (ssh-keygen -t ed25519 -N '' -f FILE makes one)")
    }
    var reader = SSHWire.Reader(Array(body))
    do {
      guard try reader.bytes(Self.magic.count) == Self.magic else { throw fail("not an openssh-key-v1 key") }
      guard try reader.string() == Array("none".utf8) else {
        throw fail("the key is encrypted; give a key without a passphrase (ssh-keygen -p -N '' -f FILE)")
      }
      _ = try reader.string()  // kdf name
      _ = try reader.string()  // kdf options
      guard try reader.uint32() == 1 else { throw fail("holds more than one key") }
      _ = try reader.string()  // the public key, repeated in the private section
      var secret = SSHWire.Reader(try reader.string())
      guard try secret.uint32() == secret.uint32() else { throw fail("the private section is corrupt") }
      let type = String(decoding: try secret.string(), as: UTF8.self)
      guard type == Self.type else {
        throw fail("is a \(SafeText.escaped(type)) key; the host key must be ssh-ed25519")
      }
      let publicKey = try secret.string()
      let pair = try secret.string()
      guard pair.count == 64, publicKey.count == 32, Array(pair[32...]) == publicKey else {
        throw fail("the Ed25519 key is malformed")
      }
      let key = try Curve25519.Signing.PrivateKey(rawRepresentation: pair[0..<32])
      guard Array(key.publicKey.rawRepresentation) == publicKey else { throw fail("the public and private keys differ") }
      return HostKey(privateKey: key)
    } catch let error as HostKeyError {
      throw error
    } catch {
      throw fail("the key is truncated or malformed")
    }
  }
}

/// The host key cannot be read or made; the server does not start.
public struct HostKeyError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var problem: String

  public var description: String { "host key \(SafeText.escaped(file)): \(problem)" }
}

/// SSH's wire encoding (RFC 4251 §5): big-endian uint32, and strings as a length and bytes.
enum SSHWire {
  static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
    out += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  static func appendString(_ bytes: [UInt8], to out: inout [UInt8]) {
    appendUInt32(UInt32(bytes.count), to: &out)
    out += bytes
  }

  struct Truncated: Error {}

  /// Reads fields in order; every read checks the length first.
  struct Reader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func bytes(_ count: Int) throws(Truncated) -> [UInt8] {
      guard count >= 0, count <= bytes.count - offset else { throw Truncated() }
      defer { offset += count }
      return Array(bytes[offset..<(offset + count)])
    }

    mutating func uint32() throws(Truncated) -> UInt32 {
      try bytes(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws(Truncated) -> [UInt8] {
      try bytes(Int(try uint32()))
    }
  }
}
