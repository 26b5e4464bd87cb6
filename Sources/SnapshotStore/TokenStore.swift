import JSONCore
import FoundationEssentials
import SnapshotModel

/// Sentry's token scopes, as `snaprev serve` checks them.
public enum TokenScope: String, CaseIterable, Sendable, Comparable {
  case orgCI = "org:ci"
  case projectRead = "project:read"
  case projectWrite = "project:write"
  case projectAdmin = "project:admin"
  case projectReleases = "project:releases"

  /// Scopes that may upload a build (Sentry's snapshot upload permission).
  public static let upload: Set<TokenScope> = [.projectWrite, .orgCI, .projectAdmin]

  public static func < (a: TokenScope, b: TokenScope) -> Bool { a.rawValue < b.rawValue }
}

/// A server API token as stored: the secret itself is never kept, only its SHA-256.
public struct APIToken: Sendable, Equatable {
  public var name: String
  public var scopes: [TokenScope]
  /// Restricts the token to one project; nil means every project of the store.
  public var project: String?
  public var createdAt: Date
  public var lastUsedAt: Date?
  /// SHA-256 of the secret's UTF-8 bytes, in hex. A plain hash suffices: secrets are 256
  /// random bits, so there is nothing to brute-force that a slow hash would protect.
  public var secretHash: String

  public init(
    name: String, scopes: [TokenScope], project: String?, createdAt: Date, lastUsedAt: Date?, secretHash: String
  ) {
    self.name = name
    self.scopes = scopes
    self.project = project
    self.createdAt = createdAt
    self.lastUsedAt = lastUsedAt
    self.secretHash = secretHash
  }

  /// Whether `secret` is this token's, comparing hashes in constant time.
  public func matches(secretHash candidate: String) -> Bool {
    TokenSecret.constantTimeEqual(Array(secretHash.utf8), Array(candidate.utf8))
  }
}

/// Making and hashing token secrets.
public enum TokenSecret {
  /// `sntryu_` and 64 hex digits: the shape sentry-cli classifies as a user token, so it
  /// sends it without its "Unrecognized auth token format" warning.
  public static let prefix = "sntryu_"

  public static func generate() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8]()
    for _ in 0..<4 {
      var word = generator.next()
      for _ in 0..<8 {
        bytes.append(UInt8(truncatingIfNeeded: word))
        word >>= 8
      }
    }
    // The secret's text is the hex of its random bytes; the SHA-256 hex helper writes hex
    // of whatever it is given, so hash the bytes once more for the digits (still 256 random bits).
    return prefix + ContentHash.sha256Hex(bytes)
  }

  public static func hash(_ secret: String) -> String {
    ContentHash.sha256Hex(Array(secret.utf8))
  }

  /// Equal-length inputs are compared without an early exit, so timing says nothing about
  /// where they differ (both are SHA-256 digests, so the lengths are public).
  public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
  }
}

/// Why a token command was refused.
public enum TokenStoreError: Error, Equatable, CustomStringConvertible {
  case store(StoreError)
  case invalidName(String)
  case duplicateName(String)
  case unknownName(String)
  case noScope

  public var description: String {
    switch self {
    case .store(let error): return error.description
    case .invalidName(let name):
      return "token name \"\(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "?" }.joined())\" must be 1 to 64 characters of A-Z a-z 0-9 . _ -"
    case .duplicateName(let name): return "a token named \(name) already exists (revoke it first)"
    case .unknownName(let name): return "no token named \(name)"
    case .noScope: return "a token needs at least one --scope"
    }
  }
}

/// `<store>/tokens.json`: the server's API tokens (hashes only), written atomically under
/// the store's lock like every other store file.
extension SnapshotStore {
  static let tokensFormat = "snaprev-tokens"
  var tokensPath: String { root + "/tokens.json" }

  public static func isValidTokenName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    return !bytes.isEmpty && bytes.count <= 64
      && bytes.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x2E || byte == 0x5F || byte == 0x2D
      }
  }

  /// Creates a token (and the store, when there is none) and returns it with its secret,
  /// which is not stored and cannot be shown again.
  public func createToken(
    name: String, scopes: [TokenScope], project: String?
  ) throws(TokenStoreError) -> (token: APIToken, secret: String) {
    guard Self.isValidTokenName(name) else { throw .invalidName(name) }
    guard !scopes.isEmpty else { throw .noScope }
    let secret = TokenSecret.generate()
    let token = APIToken(
      name: name, scopes: Array(Set(scopes)).sorted(), project: project, createdAt: now(), lastUsedAt: nil,
      secretHash: TokenSecret.hash(secret))
    let added: Bool
    do {
      added = try withWriteLock(create: true) { _ throws(StoreError) -> Bool in
        var all = try readTokens()
        if all.contains(where: { $0.name == name }) { return false }
        all.append(token)
        try writeTokens(all)
        return true
      }
    } catch {
      throw .store(error)
    }
    guard added else { throw .duplicateName(name) }
    return (token, secret)
  }

  /// Every token, oldest first. Readers take no lock (the file is replaced atomically).
  public func tokens() throws(StoreError) -> [APIToken] {
    try readTokens()
  }

  public func revokeToken(name: String) throws(TokenStoreError) {
    let removed: Bool
    do {
      removed = try withWriteLock(create: false) { _ throws(StoreError) -> Bool in
        let all = try readTokens()
        let kept = all.filter { $0.name != name }
        if kept.count == all.count { return false }
        try writeTokens(kept)
        return true
      }
    } catch {
      throw .store(error)
    }
    guard removed else { throw .unknownName(name) }
  }

  /// Records when tokens were last used (the server batches these: one write per minute at most).
  public func recordTokenUse(_ uses: [String: Date]) throws(StoreError) {
    guard !uses.isEmpty else { return }
    try withWriteLock(create: false) { _ throws(StoreError) in
      var all = try readTokens()
      var changed = false
      for index in all.indices {
        if let used = uses[all[index].name], all[index].lastUsedAt.map({ $0 < used }) ?? true {
          all[index].lastUsedAt = used
          changed = true
        }
      }
      if changed { try writeTokens(all) }
    }
  }

  private func readTokens() throws(StoreError) -> [APIToken] {
    let path = tokensPath
    guard let value = try files.document(path, format: Self.tokensFormat) else { return [] }
    guard case .array(let items)? = value["tokens"] else {
      throw .corruptFile(path: path, reason: "\"tokens\" must be a list")
    }
    var tokens = [APIToken]()
    for (position, item) in items.enumerated() {
      func field(_ reason: String) -> StoreError { .corruptFile(path: path, reason: "token \(position): \(reason)") }
      guard let name = item["name"]?.stringValue else { throw field("no name") }
      guard let hash = item["sha256"]?.stringValue, ContentHash.isSHA256Hex(hash) else {
        throw field("no valid sha256")
      }
      guard case .array(let scopeItems)? = item["scopes"] else { throw field("no scopes") }
      var scopes = [TokenScope]()
      for scope in scopeItems {
        guard let text = scope.stringValue, let parsed = TokenScope(rawValue: text) else { throw field("unknown scope") }
        scopes.append(parsed)
      }
      guard let created = item["created_at"]?.stringValue.flatMap(Timestamp.parse) else {
        throw field("no valid created_at")
      }
      let lastUsed = item["last_used_at"]?.stringValue.flatMap(Timestamp.parse)
      tokens.append(
        APIToken(
          name: name, scopes: scopes, project: item["project"]?.stringValue, createdAt: created,
          lastUsedAt: lastUsed, secretHash: hash))
    }
    return tokens
  }

  private func writeTokens(_ tokens: [APIToken]) throws(StoreError) {
    let items: [JSONValue] = tokens.map { token in
      .object([
        "name": .string(token.name), "scopes": .array(token.scopes.map { .string($0.rawValue) }),
        "project": .string(token.project), "created_at": .string(Timestamp.format(token.createdAt)),
        "last_used_at": .string(token.lastUsedAt.map(Timestamp.format)),
        "sha256": .string(token.secretHash),
      ])
    }
    let document: JSONValue = .object([
      "format": .string(Self.tokensFormat), "version": .int(StoreFormat.version), "tokens": .array(items),
    ])
    try files.write(document, to: tokensPath)
  }
}
