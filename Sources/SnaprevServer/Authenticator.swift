import Foundation
import Hummingbird
import SnapshotStore

#if canImport(Glibc)
  import Glibc
#endif

/// Checks `Authorization: Bearer <token>` against the store's token hashes, limits failed
/// attempts per client address, and batches "last used" times into one store write a minute.
actor Authenticator {
  enum Outcome: Sendable {
    case valid(APIToken)
    /// No Authorization header at all.
    case anonymous
  }

  private let store: SnapshotStore
  private let failureLimit: Int
  private let window: Double = 60
  private var tokens: [APIToken] = []
  /// The tokens file's modification time when it was read: `snaprev token create` and
  /// `revoke` take effect on the next request without a restart.
  private var loadedStamp: timespec? = nil
  private var failures: [String: (count: Int, since: Date)] = [:]
  private var pendingUses: [String: Date] = [:]
  private var lastFlush = Date()

  init(store: SnapshotStore, failureLimit: Int) {
    self.store = store
    self.failureLimit = failureLimit
  }

  /// The token a request carries. Throws the 401 or 429 answer.
  func authenticate(authorization: String?, address: String) throws(HTTPFailure) -> Outcome {
    if let blocked = failures[address], blocked.count >= failureLimit {
      let elapsed = Date().timeIntervalSince(blocked.since)
      if elapsed < window {
        let retry = Int((window - elapsed).rounded(.up))
        throw HTTPFailure(
          .tooManyRequests, "Too many failed authentication attempts; retry in \(retry) s.",
          headers: [.retryAfter: String(retry)])
      }
      failures[address] = nil
    }
    guard let authorization else { return .anonymous }
    let parts = authorization.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      recordFailure(address)
      throw HTTPFailure(.unauthorized, "Invalid authorization header: only \"Bearer <token>\" is accepted.")
    }
    let secret = parts[1].trimmingCharacters(in: .whitespaces)
    do {
      try reloadIfChanged()
    } catch {
      throw HTTPFailure(.internalServerError, "The token file cannot be read: \(error.description)")
    }
    let hash = TokenSecret.hash(secret)
    // Every token is compared (no early exit), each in constant time.
    var found: APIToken? = nil
    for token in tokens where token.matches(secretHash: hash) { found = token }
    guard let token = found else {
      recordFailure(address)
      throw HTTPFailure(.unauthorized, "Invalid token")
    }
    noteUse(token.name)
    return .valid(token)
  }

  private func recordFailure(_ address: String) {
    let now = Date()
    if let entry = failures[address], now.timeIntervalSince(entry.since) < window {
      failures[address] = (entry.count + 1, entry.since)
    } else {
      failures[address] = (1, now)
    }
    // Bound the table: forget windows that have ended.
    if failures.count > 10_000 {
      failures = failures.filter { now.timeIntervalSince($0.value.since) < window }
    }
  }

  private func reloadIfChanged() throws(StoreError) {
    var info = stat()
    let path = store.root + "/tokens.json"
    guard stat(path, &info) == 0 else {
      tokens = []
      loadedStamp = nil
      return
    }
    let stamp = info.st_mtim
    if let loadedStamp, loadedStamp.tv_sec == stamp.tv_sec, loadedStamp.tv_nsec == stamp.tv_nsec { return }
    tokens = try store.tokens()
    loadedStamp = stamp
  }

  private func noteUse(_ name: String) {
    let now = Date()
    pendingUses[name] = now
    if now.timeIntervalSince(lastFlush) >= 60 {
      flushUses()
    }
  }

  /// Writes the pending "last used" times (in the background; a failure only loses them).
  func flushUses() {
    let uses = pendingUses
    pendingUses = [:]
    lastFlush = Date()
    guard !uses.isEmpty else { return }
    let store = self.store
    DispatchQueue.global(qos: .utility).async {
      try? store.recordTokenUse(uses)
    }
  }
}

/// What a request is allowed to do, from its token.
struct Access: Sendable {
  var token: APIToken?

  /// Throws 401 without a token, 403 when none of `scopes` is granted.
  func require(_ scopes: Set<TokenScope>) throws(HTTPFailure) -> APIToken {
    guard let token else {
      throw HTTPFailure(.unauthorized, "Authentication credentials were not provided.")
    }
    guard !scopes.isDisjoint(with: token.scopes) else {
      let needed = scopes.map(\.rawValue).sorted().joined(separator: ", ")
      throw HTTPFailure(.forbidden, "You do not have permission to perform this action (needs one of: \(needed)).")
    }
    return token
  }

  /// A token restricted to one project sees nothing of the others (404, as Sentry).
  func checkProject(_ project: String, of token: APIToken) throws(HTTPFailure) {
    if let only = token.project, only != project { throw HTTPFailure.notFound() }
  }
}
