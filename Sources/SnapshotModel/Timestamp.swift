#if canImport(FoundationEssentials)
  import FoundationEssentials  // ISO8601FormatStyle; no locale or ICU needed
#else
  import Foundation
#endif

/// Times in store files: ISO 8601 in UTC with milliseconds, e.g. `2025-01-02T03:04:05.678Z`.
public enum Timestamp {
  private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
  private static let plainStyle = Date.ISO8601FormatStyle()

  public static func format(_ date: Date) -> String {
    style.format(date)
  }

  /// Accepts the form above with or without fractional seconds.
  public static func parse(_ text: String) -> Date? {
    if let date = try? style.parse(text) { return date }
    return try? plainStyle.parse(text)
  }
}
