/// Failed authentication attempts per client address in a sliding window, for both
/// listeners: HTTP answers 429 while an address is blocked, SSH refuses every key and
/// drops the connection. A value; the caller holds it under its lock and gives the time.
public struct FailedAttempts: Sendable {
  public let limit: Int
  public let window: Double
  private var entries: [String: (count: Int, since: Double)] = [:]

  /// Table size past which ended windows are forgotten: a flood of addresses cannot grow it
  /// without bound.
  static let pruneAbove = 10_000

  public init(limit: Int, window: Double = 60) {
    self.limit = limit
    self.window = window
  }

  /// Seconds until `address` may try again; nil when it may now. An ended block is forgotten.
  public mutating func retryAfter(_ address: String, now: Double) -> Double? {
    guard let entry = entries[address], entry.count >= limit else { return nil }
    let elapsed = now - entry.since
    if elapsed < window { return window - elapsed }
    entries[address] = nil
    return nil
  }

  /// Counts one failure of `address`.
  public mutating func record(_ address: String, now: Double) {
    if let entry = entries[address], now - entry.since < window {
      entries[address] = (entry.count + 1, entry.since)
    } else {
      entries[address] = (1, now)
    }
    if entries.count > Self.pruneAbove {
      entries = entries.filter { now - $0.value.since < window }
    }
  }
}
