import Foundation
import Hummingbird
import ServerSettings
import SnapshotStore
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Checks `Authorization: Bearer <token>` against the store's token hashes, limits failed
/// attempts per client address, and batches "last used" times into one store write a minute.
/// A lock, not an actor: every request passes here, and awaiting an actor is a hop between
/// executors on each of them (the cached page path answers thousands a second); the work
/// under the lock is a dictionary lookup and, for a token, a `stat` and a hash.
final class Authenticator: Sendable {
  enum Outcome: Sendable {
    case valid(APIToken)
    /// No Authorization header at all.
    case anonymous
  }

  private struct State: Sendable {
    var tokens: [APIToken] = []
    /// The tokens file's modification time when it was read: `snaprev token create` and
    /// `revoke` take effect on the next request without a restart.
    var loadedStamp: timespec? = nil
    var failures: FailedAttempts
    var pendingUses: [String: Date] = [:]
    var lastFlush = Date()
  }

  private let store: SnapshotStore
  private let state: Mutex<State>

  init(store: SnapshotStore, failureLimit: Int) {
    self.store = store
    state = Mutex(State(failures: FailedAttempts(limit: failureLimit)))
  }

  /// The token a request carries. Throws the 401 or 429 answer.
  func authenticate(authorization: String?, address: String) throws(HTTPFailure) -> Outcome {
    try state.withLock { state throws(HTTPFailure) -> Outcome in
      try authenticate(authorization: authorization, address: address, state: &state)
    }
  }

  private func authenticate(authorization: String?, address: String, state: inout State) throws(HTTPFailure) -> Outcome {
    if let wait = state.failures.retryAfter(address, now: Date().timeIntervalSinceReferenceDate) {
      let retry = Int(wait.rounded(.up))
      throw HTTPFailure(
        .tooManyRequests, "Too many failed authentication attempts; retry in \(retry) s.",
        headers: [.retryAfter: String(retry)])
    }
    guard let authorization else { return .anonymous }
    let parts = authorization.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      recordFailure(address, state: &state)
      throw HTTPFailure(.unauthorized, "Invalid authorization header: only \"Bearer <token>\" is accepted.")
    }
    let secret = parts[1].trimmingCharacters(in: .whitespaces)
    do {
      try reloadIfChanged(&state)
    } catch {
      throw HTTPFailure(.internalServerError, "The token file cannot be read: \(error.description)")
    }
    let hash = TokenSecret.hash(secret)
    // Every token is compared (no early exit), each in constant time.
    var found: APIToken? = nil
    for token in state.tokens where token.matches(secretHash: hash) { found = token }
    guard let token = found else {
      recordFailure(address, state: &state)
      throw HTTPFailure(.unauthorized, "Invalid token")
    }
    noteUse(token.name, state: &state)
    return .valid(token)
  }

  private func recordFailure(_ address: String, state: inout State) {
    state.failures.record(address, now: Date().timeIntervalSinceReferenceDate)
  }

  private func reloadIfChanged(_ state: inout State) throws(StoreError) {
    var info = stat()
    let path = store.root + "/tokens.json"
    guard stat(path, &info) == 0 else {
      state.tokens = []
      state.loadedStamp = nil
      return
    }
    let stamp = info.st_mtim
    if let loaded = state.loadedStamp, loaded.tv_sec == stamp.tv_sec, loaded.tv_nsec == stamp.tv_nsec { return }
    state.tokens = try store.tokens()
    state.loadedStamp = stamp
  }

  private func noteUse(_ name: String, state: inout State) {
    let now = Date()
    state.pendingUses[name] = now
    if now.timeIntervalSince(state.lastFlush) >= 60 {
      flushUses(&state)
    }
  }

  /// Writes the pending "last used" times (in the background; a failure only loses them).
  func flushUses() {
    state.withLock { flushUses(&$0) }
  }

  private func flushUses(_ state: inout State) {
    let uses = state.pendingUses
    state.pendingUses = [:]
    state.lastFlush = Date()
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
