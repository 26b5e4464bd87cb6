extension StringProtocol {
  /// Without leading and trailing blanks: tab and every space separator (Unicode Zs), the
  /// set Foundation calls `CharacterSet.whitespaces`.
  public func trimmingWhitespace() -> String { trimmingScalars(where: Self.isWhitespace) }

  /// Without leading and trailing blanks and line breaks (`CharacterSet.whitespacesAndNewlines`:
  /// the blanks above, U+000A–U+000D, U+0085, U+2028, U+2029).
  public func trimmingWhitespaceAndNewlines() -> String {
    trimmingScalars { Self.isWhitespace($0) || Self.isNewline($0) }
  }

  private func trimmingScalars(where trimmed: (Unicode.Scalar) -> Bool) -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !trimmed($0) }),
      let last = scalars.lastIndex(where: { !trimmed($0) })
    else { return "" }
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars[first...last])
    return text
  }

  private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
  }

  private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
    (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
  }
}
