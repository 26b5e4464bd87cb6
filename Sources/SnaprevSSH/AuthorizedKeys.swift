import Crypto
import Foundation
import NIOSSH
import TextEscaping

/// One key of an authorized_keys file: who holds it and how OpenSSH names it.
public struct AuthorizedKey: Sendable, Equatable {
  public var key: NIOSSHPublicKey
  /// The key's comment: the reviewer's name in the store.
  public var name: String
  /// `SHA256:…` as `ssh-keygen -l` prints it.
  public var fingerprint: String
  /// The 1-based line of the file it came from.
  public var line: Int
}

/// An authorized_keys file as a value: `ssh-ed25519 AAAA… alice`, one key a line, `#`
/// comments and blank lines skipped. Every line must name its reviewer (the comment), and
/// the name must be printable and short: it is recorded in approvals and shown on screens.
/// OpenSSH's per-key options (`command="…"`, `restrict`) are refused, not ignored: a file
/// written for sshd's forced commands would otherwise grant more here than it says.
public struct AuthorizedKeys: Sendable, Equatable {
  public var keys: [AuthorizedKey]

  /// The key types NIOSSH verifies signatures of. RSA is not among them.
  public static let supportedTypes = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]
  /// Longest reviewer name, in characters: long enough for "Firstname Lastname (team)".
  public static let maximumNameLength = 100

  public init(keys: [AuthorizedKey]) {
    self.keys = keys
  }

  /// The entry for `key`, if the file lists it.
  public func entry(for key: NIOSSHPublicKey) -> AuthorizedKey? {
    keys.first { $0.key == key }
  }

  /// Parses the text of `file` (named in errors).
  public static func parse(_ text: String, file: String) throws(AuthorizedKeysError) -> AuthorizedKeys {
    var keys = [AuthorizedKey]()
    for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
      if line.isEmpty || line.hasPrefix("#") { continue }
      keys.append(try parseLine(line, file: file, number: index + 1))
    }
    return AuthorizedKeys(keys: keys)
  }

  static func parseLine(_ line: String, file: String, number: Int) throws(AuthorizedKeysError) -> AuthorizedKey {
    func fail(_ problem: String) -> AuthorizedKeysError { AuthorizedKeysError(file: file, line: number, problem: problem) }
    let fields = line.split(maxSplits: 2, omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
    guard let first = fields.first else { throw fail("is blank") }
    let type = String(first)
    guard supportedTypes.contains(type) else {
      if type.hasPrefix("ssh-") || type.hasPrefix("ecdsa-") || type.hasPrefix("sk-") || type.contains("@openssh.com") {
        throw fail("key type \"\(SafeText.escaped(type))\" is not supported (use \(supportedTypes.joined(separator: ", ")))")
      }
      throw fail("starts with \"\(SafeText.escaped(type))\": per-key options are not supported; write the key type first")
    }
    guard fields.count >= 2 else { throw fail("has no key after \(type)") }
    let encoded = String(fields[1])
    guard let blob = Data(base64Encoded: encoded) else { throw fail("the key is not valid base64") }
    let key: NIOSSHPublicKey
    do {
      key = try NIOSSHPublicKey(openSSHPublicKey: "\(type) \(encoded)")
    } catch {
      throw fail("the key does not parse as \(type)")
    }
    guard fields.count == 3 else { throw fail("has no reviewer name: write it after the key (ssh-ed25519 AAAA… alice)") }
    let name = fields[2].trimmingCharacters(in: .whitespaces)
    if let problem = nameProblem(name) { throw fail("the reviewer name \"\(SafeText.escaped(name))\" \(problem)") }
    return AuthorizedKey(key: key, name: name, fingerprint: fingerprint(blob: Array(blob)), line: number)
  }

  /// Why `name` cannot be a reviewer's name, or nil when it can.
  static func nameProblem(_ name: String) -> String? {
    if name.isEmpty { return "is empty" }
    if name.count > maximumNameLength { return "is longer than \(maximumNameLength) characters" }
    if TerminalUnsafe.occurs(in: name) {
      return "holds control characters"
    }
    return nil
  }

  /// OpenSSH's fingerprint of a public key blob: `SHA256:` and the unpadded base64 of its hash.
  public static func fingerprint(blob: [UInt8]) -> String {
    var encoded = Data(SHA256.hash(data: blob)).base64EncodedString()
    while encoded.hasSuffix("=") { encoded.removeLast() }
    return "SHA256:" + encoded
  }

  /// The fingerprint of `key` (its wire-format blob hashed).
  public static func fingerprint(of key: NIOSSHPublicKey) -> String {
    let text = String(openSSHPublicKey: key)
    let parts = text.split(separator: " ")
    guard parts.count >= 2, let blob = Data(base64Encoded: String(parts[1])) else { return "SHA256:?" }
    return fingerprint(blob: Array(blob))
  }
}

/// A line of the authorized_keys file that cannot be used; the server does not start.
public struct AuthorizedKeysError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var problem: String

  public var description: String {
    "--authorized-keys \(SafeText.escaped(file))\(line > 0 ? " line \(line)" : ""): \(problem)"
  }
}
