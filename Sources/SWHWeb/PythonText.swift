/// The bits of Python's text semantics that swh-web's validation relies on.
enum PythonText {
  /// `str.isspace()`: Unicode whitespace (bidi classes WS, B, S, or category Zs).
  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
      return true
    default:
      return false
    }
  }

  /// `str.strip()` with no arguments.
  static func strip(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.firstIndex(where: { !isSpace($0) }),
      let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[first...last])
    return String(view)
  }

  /// `int(text)` for base 10: surrounding whitespace, a sign, Unicode decimal digits with
  /// single underscores between them. Values beyond `Int` saturate (only the range matters).
  static func parseInt(_ text: String) -> Int? {
    let scalars = Array(strip(text).unicodeScalars)
    var index = 0
    var negative = false
    if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
      negative = scalars[index] == "-"
      index += 1
    }
    guard index < scalars.count else { return nil }
    var value = 0
    var previousWasDigit = false
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "_" {
        guard previousWasDigit, index + 1 < scalars.count else { return nil }
        previousWasDigit = false
      } else if scalar.properties.generalCategory == .decimalNumber,
        let digit = scalar.properties.numericValue, digit >= 0, digit <= 9
      {
        let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowSum) = times.addingReportingOverflow(Int(digit))
        value = overflowTimes || overflowSum ? Int.max : sum
        previousWasDigit = true
      } else {
        return nil
      }
      index += 1
    }
    guard previousWasDigit else { return nil }
    return negative ? -value : value
  }

  /// DRF's `IntegerField.re_decimal.sub('', text)`: drops a trailing `.`, zeros and whitespace.
  static func dropDecimalZeros(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() where scalar == "." {
      var rest = index + 1
      while rest < scalars.count, scalars[rest] == "0" { rest += 1 }
      while rest < scalars.count, isSpace(scalars[rest]) { rest += 1 }
      if rest == scalars.count {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<index])
        return String(view)
      }
    }
    return text
  }
}
