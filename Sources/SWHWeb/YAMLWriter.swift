import JSONCore
import TextEscaping

/// Writes YAML exactly as PyYAML's `yaml.dump(data, allow_unicode=True,
/// default_flow_style=False)` does (swh-web's `YAMLRenderer`): keys sorted by code point,
/// block style, PyYAML's choice of plain, single- or double-quoted scalars, its line
/// folding at 80 columns and its `? ` syntax for keys of 123 characters or more.
///
/// A port of the parts of PyYAML's emitter (`yaml/emitter.py`) that a JSON-like document
/// of mappings, lists, strings, integers, booleans and nulls reaches.
public enum YAMLWriter {
  public static func document(_ value: JSONValue) -> [UInt8] {
    var emitter = YAMLEmitter()
    emitter.emitNode(value, root: true)
    emitter.writeIndent()  // expect_document_end
    return emitter.output
  }
}

private struct YAMLEmitter {
  var output: [UInt8] = []
  var column = 0
  var whitespace = true
  var indention = true
  var indent: Int? = nil
  var indents: [Int?] = []
  let bestIndent = 2
  let bestWidth = 80

  // MARK: nodes

  mutating func emitNode(_ value: JSONValue, root: Bool = false, sequence: Bool = false, mapping: Bool = false, simpleKey: Bool = false) {
    switch value {
    case .null: emitScalar("null", implicitPlain: true, simpleKey: simpleKey)
    case .bool(let flag): emitScalar(flag ? "true" : "false", implicitPlain: true, simpleKey: simpleKey)
    case .int(let number): emitScalar(String(number), implicitPlain: true, simpleKey: simpleKey)
    case .double(let number): emitScalar(Self.floatText(number), implicitPlain: true, simpleKey: simpleKey)
    case .string(let text):
      emitScalar(text, implicitPlain: !YAMLResolver.resolvesToNonString(text), simpleKey: simpleKey)
    case .array(let items):
      if items.isEmpty {
        writeIndicator("[", needWhitespace: true, whitespace: true)
        writeIndicator("]", needWhitespace: false)
        return
      }
      let indentless = mapping && !indention
      increaseIndent(flow: false, indentless: indentless)
      for item in items {
        writeIndent()
        writeIndicator("-", needWhitespace: true, indention: true)
        emitNode(item, sequence: true)
      }
      indent = indents.popLast() ?? nil
    case .object(let members):
      if members.isEmpty {
        writeIndicator("{", needWhitespace: true, whitespace: true)
        writeIndicator("}", needWhitespace: false)
        return
      }
      increaseIndent(flow: false)
      for member in members.sortedByCodePoint() {
        writeIndent()
        if isSimpleKey(member.key) {
          emitNode(.string(member.key), mapping: true, simpleKey: true)
          writeIndicator(":", needWhitespace: false)
          emitNode(member.value, mapping: true)
        } else {
          writeIndicator("?", needWhitespace: true, indention: true)
          emitNode(.string(member.key), mapping: true)
          writeIndent()
          writeIndicator(":", needWhitespace: true, indention: true)
          emitNode(member.value, mapping: true)
        }
      }
      indent = indents.popLast() ?? nil
    }
  }

  /// PyYAML's `represent_float`: Python's `repr` in lower case, `.0` added before an exponent
  /// without a point (`1.0e+16`), `.nan` and `.inf` for the non-finite. Swift's shortest
  /// round-trip digits are Python's; both switch to an exponent at 1e16 and below 1e-4.
  static func floatText(_ number: Double) -> String {
    if number.isNaN { return ".nan" }
    if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
    let text = String(number).lowercased()
    guard !text.contains("."), let exponent = text.firstIndex(of: "e") else { return text }
    return text[..<exponent] + ".0" + text[exponent...]
  }

  /// check_simple_key: the key's text plus its `!!str` tag must stay under 128 characters.
  func isSimpleKey(_ key: String) -> Bool {
    let analysis = ScalarAnalysis(key)
    let length = analysis.scalars.count + "!!str".count
    return length < 128 && !analysis.empty && !analysis.multiline
  }

  mutating func emitScalar(_ text: String, implicitPlain: Bool, simpleKey: Bool) {
    increaseIndent(flow: true)
    let analysis = ScalarAnalysis(text)
    let split = !simpleKey
    if implicitPlain, !(simpleKey && (analysis.empty || analysis.multiline)), analysis.allowBlockPlain {
      writePlain(analysis.scalars, split: split)
    } else if analysis.allowSingleQuoted, !(simpleKey && analysis.multiline) {
      writeSingleQuoted(analysis.scalars, split: split)
    } else {
      writeDoubleQuoted(analysis.scalars, split: split)
    }
    indent = indents.popLast() ?? nil
  }

  mutating func increaseIndent(flow: Bool, indentless: Bool = false) {
    indents.append(indent)
    if let current = indent {
      if !indentless { indent = current + bestIndent }
    } else {
      indent = flow ? bestIndent : 0
    }
  }

  // MARK: writers

  mutating func write(_ scalars: ArraySlice<Unicode.Scalar>) {
    column += scalars.count
    for scalar in scalars { output += Array(String(scalar).utf8) }
  }

  mutating func write(_ text: String) {
    write(ArraySlice(Array(text.unicodeScalars)))
  }

  mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, whitespace newWhitespace: Bool = false, indention newIndention: Bool = false) {
    let data = (whitespace || !needWhitespace) ? indicator : " " + indicator
    whitespace = newWhitespace
    indention = indention && newIndention
    write(data)
  }

  mutating func writeIndent() {
    let target = indent ?? 0
    if !indention || column > target || (column == target && !whitespace) {
      writeLineBreak()
    }
    if column < target {
      whitespace = true
      write(String(repeating: " ", count: target - column))
    }
  }

  mutating func writeLineBreak(_ data: Unicode.Scalar? = nil) {
    whitespace = true
    indention = true
    column = 0
    output += Array(String(data ?? "\n").utf8)
  }

  static func isBreak(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    return scalar == "\n" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
  }

  mutating func writeBreaks(_ text: [Unicode.Scalar], _ start: Int, _ end: Int) {
    for scalar in text[start..<end] {
      if scalar == "\n" { writeLineBreak() } else { writeLineBreak(scalar) }
    }
  }

  mutating func writePlain(_ text: [Unicode.Scalar], split: Bool) {
    if text.isEmpty { return }
    if !whitespace { write(" ") }
    whitespace = false
    indention = false
    var spaces = false
    var breaks = false
    var start = 0
    var end = 0
    while end <= text.count {
      let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
      if spaces {
        if ch != " " {
          if start + 1 == end, column > bestWidth, split {
            writeIndent()
            whitespace = false
            indention = false
          } else {
            write(text[start..<end])
          }
          start = end
        }
      } else if breaks {
        if !Self.isBreak(ch) {
          if text[start] == "\n" { writeLineBreak() }
          writeBreaks(text, start, end)
          writeIndent()
          whitespace = false
          indention = false
          start = end
        }
      } else if ch == nil || ch == " " || Self.isBreak(ch) {
        write(text[start..<end])
        start = end
      }
      if let ch {
        spaces = ch == " "
        breaks = Self.isBreak(ch)
      }
      end += 1
    }
  }

  mutating func writeSingleQuoted(_ text: [Unicode.Scalar], split: Bool) {
    writeIndicator("'", needWhitespace: true)
    var spaces = false
    var breaks = false
    var start = 0
    var end = 0
    while end <= text.count {
      let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
      if spaces {
        if ch == nil || ch != " " {
          if start + 1 == end, column > bestWidth, split, start != 0, end != text.count {
            writeIndent()
          } else {
            write(text[start..<end])
          }
          start = end
        }
      } else if breaks {
        if ch == nil || !Self.isBreak(ch) {
          if text[start] == "\n" { writeLineBreak() }
          writeBreaks(text, start, end)
          writeIndent()
          start = end
        }
      } else if ch == nil || ch == " " || Self.isBreak(ch) || ch == "'" {
        if start < end {
          write(text[start..<end])
          start = end
        }
      }
      if ch == "'" {
        write("''")
        start = end + 1
      }
      if let ch {
        spaces = ch == " "
        breaks = Self.isBreak(ch)
      }
      end += 1
    }
    writeIndicator("'", needWhitespace: false)
  }

  static let escapeReplacements: [UInt32: String] = [
    0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
    0x1B: "e", 0x22: "\"", 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
  ]

  static func isDoubleQuotedRaw(_ scalar: Unicode.Scalar) -> Bool {
    // Beyond PyYAML (which writes bidi controls and zero-width characters raw), every
    // terminal-unsafe scalar is escaped; NEL, LS, PS and U+FEFF are in that set too.
    if TerminalUnsafe.contains(scalar) { return false }
    switch scalar.value {
    case 0x22, 0x5C: return false
    case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD: return true
    default: return false
    }
  }

  mutating func writeDoubleQuoted(_ text: [Unicode.Scalar], split: Bool) {
    writeIndicator("\"", needWhitespace: true)
    var start = 0
    var end = 0
    while end <= text.count {
      let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
      if ch == nil || !Self.isDoubleQuotedRaw(ch ?? " ") {
        if start < end {
          write(text[start..<end])
          start = end
        }
        if let ch {
          let data: String
          if let replacement = Self.escapeReplacements[ch.value] {
            data = "\\" + replacement
          } else if ch.value <= 0xFF {
            data = "\\x" + Self.upperHex(ch.value, width: 2)
          } else if ch.value <= 0xFFFF {
            data = "\\u" + Self.upperHex(ch.value, width: 4)
          } else {
            data = "\\U" + Self.upperHex(ch.value, width: 8)
          }
          write(data)
          start = end + 1
        }
      }
      if end > 0, end < text.count - 1, ch == " " || start >= end, column + (end - start) > bestWidth, split {
        var data = Array(text[start..<end])
        data.append("\\")
        if start < end { start = end }
        write(ArraySlice(data))
        writeIndent()
        whitespace = false
        indention = false
        if text[start] == " " { write("\\") }
      }
      end += 1
    }
    writeIndicator("\"", needWhitespace: false)
  }

  static func upperHex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

/// PyYAML's `analyze_scalar`, reduced to the answers block style needs.
private struct ScalarAnalysis {
  let scalars: [Unicode.Scalar]
  let empty: Bool
  let multiline: Bool
  let allowBlockPlain: Bool
  let allowSingleQuoted: Bool

  init(_ text: String) {
    let scalars = Array(text.unicodeScalars)
    self.scalars = scalars
    guard !scalars.isEmpty else {
      empty = true
      multiline = false
      allowBlockPlain = true
      allowSingleQuoted = true
      return
    }
    empty = false
    let spaceOrBreak: Set<UInt32> = [0x00, 0x20, 0x09, 0x0D, 0x0A, 0x85, 0x2028, 0x2029]
    func isBreak(_ value: UInt32) -> Bool { value == 0x0A || value == 0x85 || value == 0x2028 || value == 0x2029 }
    var blockIndicators = text.hasPrefix("---") || text.hasPrefix("...")
    var lineBreaks = false
    var specialCharacters = false
    var leadingSpace = false
    var leadingBreak = false
    var trailingSpace = false
    var trailingBreak = false
    var breakSpace = false
    var spaceBreak = false
    var precededByWhitespace = true
    var followedByWhitespace = scalars.count == 1 || spaceOrBreak.contains(scalars[1].value)
    var previousSpace = false
    var previousBreak = false
    for (index, scalar) in scalars.enumerated() {
      let ch = scalar.value
      if index == 0 {
        if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(scalar) { blockIndicators = true }
        if (ch == 0x3F || ch == 0x3A) && followedByWhitespace { blockIndicators = true }
        if ch == 0x2D && followedByWhitespace { blockIndicators = true }
      } else {
        if ch == 0x3A && followedByWhitespace { blockIndicators = true }
        if ch == 0x23 && precededByWhitespace { blockIndicators = true }
      }
      if isBreak(ch) { lineBreaks = true }
      if !(ch == 0x0A || (0x20...0x7E).contains(ch)) {
        let printable =
          (ch == 0x85 || (0xA0...0xD7FF).contains(ch) || (0xE000...0xFFFD).contains(ch)
            || (0x10000..<0x10FFFF).contains(ch)) && ch != 0xFEFF
        if !printable { specialCharacters = true }
      }
      // Unlike PyYAML, every terminal-unsafe scalar (NEL, LS, PS, bidi and zero-width
      // controls among them) forces double quotes, where it is escaped: plain or
      // single-quoted output would write it raw to the terminal. A line feed stays
      // PyYAML's: it is written as a line break, which is layout.
      if ch != 0x0A && TerminalUnsafe.contains(value: ch) { specialCharacters = true }
      if ch == 0x20 {
        if index == 0 { leadingSpace = true }
        if index == scalars.count - 1 { trailingSpace = true }
        if previousBreak { breakSpace = true }
        previousSpace = true
        previousBreak = false
      } else if isBreak(ch) {
        if index == 0 { leadingBreak = true }
        if index == scalars.count - 1 { trailingBreak = true }
        if previousSpace { spaceBreak = true }
        previousSpace = false
        previousBreak = true
      } else {
        previousSpace = false
        previousBreak = false
      }
      precededByWhitespace = spaceOrBreak.contains(ch)
      followedByWhitespace = index + 2 >= scalars.count || spaceOrBreak.contains(scalars[index + 2].value)
    }
    var plain = true
    var single = true
    if leadingSpace || leadingBreak || trailingSpace || trailingBreak { plain = false }
    if breakSpace { plain = false; single = false }
    if spaceBreak || specialCharacters { plain = false; single = false }
    if lineBreaks { plain = false }
    if blockIndicators { plain = false }
    multiline = lineBreaks
    allowBlockPlain = plain
    allowSingleQuoted = single
  }
}

/// PyYAML's implicit resolvers: a string that would read back as a bool, int, float,
/// null, timestamp, merge key or `=` must be quoted.
enum YAMLResolver {
  static func resolvesToNonString(_ text: String) -> Bool {
    var scalars = text.unicodeScalars.map(\.value)
    guard let first = scalars.first else { return true }  // '' reads back as null
    // Python's `$` also matches before one final newline.
    if scalars.last == 0x0A { scalars.removeLast() }
    let candidates: [TinyPattern]
    switch Unicode.Scalar(first) ?? " " {
    case "y", "Y", "t", "T", "f", "F", "o", "O": candidates = [YAMLPatterns.bool]
    case "n", "N": candidates = [YAMLPatterns.bool, YAMLPatterns.null]
    case "~": candidates = [YAMLPatterns.null]
    case "-", "+": candidates = [YAMLPatterns.float, YAMLPatterns.int]
    case ".": candidates = [YAMLPatterns.float]
    case "0"..."9": candidates = [YAMLPatterns.float, YAMLPatterns.int, YAMLPatterns.timestamp]
    case "<": candidates = [YAMLPatterns.merge]
    case "=": candidates = [YAMLPatterns.value]
    default: return false
    }
    return candidates.contains { $0.wholeMatch(scalars) }
  }
}

/// A tiny backtracking matcher, enough for PyYAML's resolver expressions (Swift's `Regex`
/// is not `Sendable`, so it cannot live in a static table).
indirect enum TinyPattern: Sendable {
  case scalar([ClosedRange<UInt32>])
  case sequence([TinyPattern])
  case choice([TinyPattern])
  case optional(TinyPattern)
  case many(TinyPattern)

  static func literal(_ text: String) -> TinyPattern {
    .sequence(text.unicodeScalars.map { .scalar([$0.value...$0.value]) })
  }

  static func oneOf(_ text: String) -> TinyPattern {
    .scalar(text.unicodeScalars.map { $0.value...$0.value })
  }

  static func range(_ low: Unicode.Scalar, _ high: Unicode.Scalar) -> TinyPattern {
    .scalar([low.value...high.value])
  }

  static func oneOrMore(_ pattern: TinyPattern) -> TinyPattern {
    .sequence([pattern, .many(pattern)])
  }

  func wholeMatch(_ input: [UInt32]) -> Bool {
    match(input, 0) { $0 == input.count }
  }

  private func match(_ input: [UInt32], _ index: Int, _ next: (Int) -> Bool) -> Bool {
    switch self {
    case .scalar(let ranges):
      return index < input.count && ranges.contains { $0.contains(input[index]) } && next(index + 1)
    case .sequence(let parts):
      guard let first = parts.first else { return next(index) }
      let rest = TinyPattern.sequence(Array(parts.dropFirst()))
      return first.match(input, index) { rest.match(input, $0, next) }
    case .choice(let options):
      return options.contains { $0.match(input, index, next) }
    case .optional(let pattern):
      return pattern.match(input, index, next) || next(index)
    case .many(let pattern):
      return pattern.match(input, index) { $0 > index && self.match(input, $0, next) } || next(index)
    }
  }
}

enum YAMLPatterns {
  private static let digit = TinyPattern.range("0", "9")
  private static let digitOrUnderscore = TinyPattern.scalar([0x30...0x39, 0x5F...0x5F])
  private static let sign = TinyPattern.optional(.oneOf("-+"))
  private static let exponent = TinyPattern.optional(.sequence([.oneOf("eE"), .oneOf("-+"), .oneOrMore(digit)]))
  private static let sexagesimal = TinyPattern.oneOrMore(
    .sequence([.literal(":"), .optional(.range("0", "5")), digit]))

  static let bool = TinyPattern.choice(
    ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
     "on", "On", "ON", "off", "Off", "OFF"].map(TinyPattern.literal))
  static let null = TinyPattern.choice(["~", "null", "Null", "NULL", ""].map(TinyPattern.literal))
  static let merge = TinyPattern.literal("<<")
  static let value = TinyPattern.literal("=")
  static let int = TinyPattern.choice([
    .sequence([sign, .literal("0b"), .oneOrMore(.scalar([0x30...0x31, 0x5F...0x5F]))]),
    .sequence([sign, .literal("0"), .oneOrMore(.scalar([0x30...0x37, 0x5F...0x5F]))]),
    .sequence([sign, .choice([.literal("0"), .sequence([.range("1", "9"), .many(digitOrUnderscore)])])]),
    .sequence([sign, .literal("0x"), .oneOrMore(.scalar([0x30...0x39, 0x61...0x66, 0x41...0x46, 0x5F...0x5F]))]),
    .sequence([sign, .range("1", "9"), .many(digitOrUnderscore), sexagesimal]),
  ])
  static let float = TinyPattern.choice([
    .sequence([sign, digit, .many(digitOrUnderscore), .literal("."), .many(digitOrUnderscore), exponent]),
    .sequence([.literal("."), digit, .many(digitOrUnderscore), exponent]),
    .sequence([sign, digit, .many(digitOrUnderscore), sexagesimal, .literal("."), .many(digitOrUnderscore)]),
    .sequence([sign, .literal("."), .choice([.literal("inf"), .literal("Inf"), .literal("INF")])]),
    .sequence([.literal("."), .choice([.literal("nan"), .literal("NaN"), .literal("NAN")])]),
  ])
  private static let blank = TinyPattern.oneOf(" \t")
  static let timestamp = TinyPattern.choice([
    .sequence([digit, digit, digit, digit, .literal("-"), digit, digit, .literal("-"), digit, digit]),
    .sequence([
      digit, digit, digit, digit, .literal("-"), digit, .optional(digit), .literal("-"), digit, .optional(digit),
      .choice([.oneOf("Tt"), .oneOrMore(blank)]),
      digit, .optional(digit), .literal(":"), digit, digit, .literal(":"), digit, digit,
      .optional(.sequence([.literal("."), .many(digit)])),
      .optional(.sequence([
        .many(blank),
        .choice([.literal("Z"), .sequence([.oneOf("-+"), digit, .optional(digit), .optional(.sequence([.literal(":"), digit, digit]))])]),
      ])),
    ]),
  ])
}
