import Crypto
import Foundation

/// The per-upload credential that `upload-options` hands to sentry-cli as `authToken` and
/// that comes back as `x-os-auth: Bearer …` on every objectstore request (the Sentry token
/// never goes there). Stateless: an HMAC, under a key made at server start, of the project
/// scope and an expiry, so nothing is stored and a restart simply invalidates old grants.
struct UploadGrant: Sendable {
  /// The HMAC key's bytes (`SymmetricKey` is not `Sendable`; it is rebuilt per use).
  let keyBytes: [UInt8]
  let lifetime: Double

  init(lifetime: Double = 3600) {
    keyBytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    self.lifetime = lifetime
  }

  func issue(projectScope: String, now: Date = Date()) -> String {
    let expiry = Int(now.timeIntervalSince1970 + lifetime)
    return "v1.\(expiry).\(projectScope).\(signature("\(expiry).\(projectScope)"))"
  }

  /// Whether `header` (`Bearer <grant>`) grants uploads to `projectScope` now.
  func verify(header: String?, projectScope: String, now: Date = Date()) -> Bool {
    guard let header, header.hasPrefix("Bearer ") else { return false }
    let parts = header.dropFirst("Bearer ".count).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "v1", let expiry = Int(parts[1]), String(parts[2]) == projectScope else {
      return false
    }
    guard Double(expiry) > now.timeIntervalSince1970 else { return false }
    let expected = Array(signature("\(expiry).\(projectScope)").utf8)
    let given = Array(parts[3].utf8)
    guard expected.count == given.count else { return false }
    var difference: UInt8 = 0
    for index in expected.indices { difference |= expected[index] ^ given[index] }
    return difference == 0
  }

  private func signature(_ text: String) -> String {
    let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: keyBytes))
    return mac.map { String(format: "%02x", $0) }.joined()
  }
}

/// Objectstore scope values may only use `A–Z a–z 0–9 _ - ( ) $ ! + '` (sentry-cli checks).
enum ObjectstoreScope {
  static func isAllowed(_ text: String) -> Bool {
    !text.isEmpty
      && text.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || "_-()$!+'".utf8.contains(byte)
      }
  }

  /// The scope value naming a project: the project itself when allowed, else `x-` and its
  /// UTF-8 in hex (snaprev project names are free text).
  static func value(forProject project: String) -> String {
    isAllowed(project) ? project : "x-" + project.utf8.map { String(format: "%02x", $0) }.joined()
  }

  /// `org=a;project=b` → the pairs, in order.
  static func parse(_ text: String) -> [(String, String)]? {
    var pairs = [(String, String)]()
    for item in text.split(separator: ";", omittingEmptySubsequences: false) {
      let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else { return nil }
      pairs.append((String(parts[0]), String(parts[1])))
    }
    return pairs
  }
}
