import FoundationEssentials

/// RFC 9110's `Retry-After` header, as the archive's API sends it with a 429: how long to
/// wait, in seconds. A parser of a server's bytes on its own, so that the fuzz target
/// `http_headers` reaches it without the fetcher.
enum RetryAfter {
  /// `Retry-After`: delay-seconds or an HTTP-date in the fixed form RFC 9110 requires senders
  /// to use ("Wed, 21 Oct 2015 07:28:00 GMT"), read by rewriting it as ISO 8601.
  static func seconds(_ value: String, now: Date = Date()) -> Double? {
    let trimmed = value.trimmingSpaces()
    if let seconds = Double(trimmed), seconds >= 0, seconds.isFinite { return seconds }
    let parts = trimmed.split(separator: " ", omittingEmptySubsequences: false)
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
      parts[1].count == 2, parts[2].count == 3, parts[3].count == 4, parts[4].count == 8,
      let month = months.firstIndex(of: String(parts[2]))
    else { return nil }
    let iso = "\(parts[3])-\(month < 9 ? "0" : "")\(month + 1)-\(parts[1])T\(parts[4])Z"
    guard let date = try? Date(iso, strategy: .iso8601) else { return nil }
    return max(0, date.timeIntervalSince(now))
  }
}
