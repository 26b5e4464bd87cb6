import Dispatch
import Synchronization
import TextEscaping

/// Writes `JSONValue`s. Every `TerminalUnsafe` scalar in a string is written as an escape,
/// so printing the output to a terminal is safe whatever the strings hold (the JSON value
/// is unchanged); the styles differ only in layout.
public enum JSONWriter {
  /// Layout and number form.
  public struct Style: Sendable {
    /// Spaces per level, each member on its own line; nil writes everything on one line.
    public var indent: Int?
    /// Between a key and its value: `": "`, `" : "` or `":"`.
    public var keySeparator: String
    /// Objects not already sorted are written in code-point order.
    public var sortKeys: Bool
    /// U+0008 and U+000C as `\b` and `\f` (Python, Foundation) rather than `\u0008`, `\u000c`.
    public var shortBackspaceAndFormFeed: Bool
    /// Doubles with an integral value lose their `.0` (Foundation's `JSONEncoder`).
    public var integralDoublesWithoutFraction: Bool
    /// A newline after the document.
    public var trailingNewline: Bool

    public init(
      indent: Int?, keySeparator: String, sortKeys: Bool, shortBackspaceAndFormFeed: Bool,
      integralDoublesWithoutFraction: Bool, trailingNewline: Bool
    ) {
      self.indent = indent
      self.keySeparator = keySeparator
      self.sortKeys = sortKeys
      self.shortBackspaceAndFormFeed = shortBackspaceAndFormFeed
      self.integralDoublesWithoutFraction = integralDoublesWithoutFraction
      self.trailingNewline = trailingNewline
    }

    /// The snapshot store's files and `show`/`list --json`: keys sorted by code point (as
    /// Python's `sort_keys`), two-space indentation (as the Sentry goldens), a final newline.
    public static let storePretty = Style(
      indent: 2, keySeparator: ": ", sortKeys: true, shortBackspaceAndFormFeed: false,
      integralDoublesWithoutFraction: false, trailingNewline: true)
    /// The store's values on one line (quoted in error messages).
    public static let storeInline = Style(
      indent: nil, keySeparator: ":", sortKeys: true, shortBackspaceAndFormFeed: false,
      integralDoublesWithoutFraction: false, trailingNewline: false)
    /// Django REST framework's `JSONRenderer` (swh-web's API bodies): compact separators,
    /// members in their order, non-ASCII kept as UTF-8.
    public static let compactDRF = Style(
      indent: nil, keySeparator: ":", sortKeys: false, shortBackspaceAndFormFeed: true,
      integralDoublesWithoutFraction: false, trailingNewline: false)
    /// Foundation's `JSONEncoder` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`,
    /// the layout `snaprev diff --json` has always had.
    public static let foundationPretty = Style(
      indent: 2, keySeparator: " : ", sortKeys: true, shortBackspaceAndFormFeed: true,
      integralDoublesWithoutFraction: true, trailingNewline: false)
  }

  public static func bytes(_ value: JSONValue, style: Style) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(value, style: style, into: &out)
    return out
  }

  public static func string(_ value: JSONValue, style: Style) -> String {
    String(decoding: bytes(value, style: style), as: UTF8.self)
  }

  /// Appends the document to `out`.
  public static func write(_ value: JSONValue, style: Style, into out: inout [UInt8]) {
    var writer = Writer(out: out, style: style)
    out = []
    writer.value(value, indent: 0)
    if style.trailingNewline { writer.out.append(0x0A) }
    out = writer.out
  }

  /// Writes the document in pieces: `emit` receives each piece once it holds at least
  /// `pieceBytes` bytes (the writer cuts between array items and object members; the last
  /// piece may be shorter). The pieces, concatenated, are `bytes(value, style:)`. The server
  /// sends a 17.5 MB `show` body this way instead of growing one array to the whole size
  /// (doubling from 4 KB, each step copied and page-faulted) and then copying it again.
  ///
  /// An array of at least `parallelItems` items is written in two halves on two threads (the
  /// halves are joined in order, so the bytes are the same): the 49,250 unchanged images of
  /// the 50,000-image benchmark are 98% of its body, and writing the body was 16% of the
  /// server's CPU for it (perf, docs/PERFORMANCE.md).
  public static func write(
    _ value: JSONValue, style: Style, pieceBytes: Int, parallelItems: Int = .max, emit: ([UInt8]) -> Void
  ) {
    withoutActuallyEscaping(emit) { emit in
      var writer = Writer(out: [], style: style)
      writer.out.reserveCapacity(pieceBytes + 4096)
      writer.pieceBytes = max(1, pieceBytes)
      writer.parallelItems = max(2, parallelItems)
      writer.emit = emit
      writer.value(value, indent: 0)
      if style.trailingNewline { writer.out.append(0x0A) }
      if !writer.out.isEmpty { emit(writer.out) }
      writer.emit = nil
    }
  }

  /// Appends one string literal, quoted and escaped (for writers that stream their own layout).
  public static func writeString(_ text: String, style: Style, into out: inout [UInt8]) {
    var writer = Writer(out: out, style: style)
    out = []
    writer.string(text)
    out = writer.out
  }
}

private struct Writer {
  var out: [UInt8]
  let style: Style
  let separator: [UInt8]
  /// Set by `JSONWriter.write(_:style:pieceBytes:parallelItems:emit:)`: where `out` is handed
  /// on and emptied.
  var pieceBytes = Int.max
  var emit: (([UInt8]) -> Void)? = nil
  /// Arrays this long are written on two threads (`write(_:style:pieceBytes:parallelItems:emit:)`).
  var parallelItems = Int.max

  typealias Style = JSONWriter.Style

  init(out: [UInt8], style: Style) {
    self.out = out
    self.style = style
    separator = Array(style.keySeparator.utf8)
  }

  mutating func value(_ value: JSONValue, indent: Int) {
    switch value {
    case .null: append("null")
    case .bool(let flag): append(flag ? "true" : "false")
    case .int(let number): append(String(number))
    case .double(let number): double(number)
    case .string(let text): string(text)
    case .array(let items):
      guard !items.isEmpty else { return append("[]") }
      out.append(UInt8(ascii: "["))
      if items.count >= parallelItems {
        itemsInParallel(items, indent: indent)
      } else {
        for position in items.indices {
          item(items[position], at: position, indent: indent)
          if out.count >= pieceBytes { handOn() }
        }
      }
      newline(indent)
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      guard !object.isEmpty else { return append("{}") }
      let members = style.sortKeys ? object.sortedByCodePoint().members : object.members
      out.append(UInt8(ascii: "{"))
      for (position, member) in members.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        string(member.key)
        out.append(contentsOf: separator)
        self.value(member.value, indent: indent + 1)
        if out.count >= pieceBytes { handOn() }
      }
      newline(indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// One array item: a comma unless it is the first, its line, its value.
  mutating func item(_ item: JSONValue, at position: Int, indent: Int) {
    if position > 0 { out.append(UInt8(ascii: ",")) }
    newline(indent + 1)
    value(item, indent: indent + 1)
  }

  /// The items' text in two halves written by two writers at once, appended in order. Nested
  /// arrays inside are written on the half's own thread.
  mutating func itemsInParallel(_ items: [JSONValue], indent: Int) {
    let middle = items.count / 2
    let style = self.style
    let halves = Mutex<[[UInt8]]>([[], []])
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      var writer = Writer(out: [], style: style)
      for position in half == 0 ? 0..<middle : middle..<items.count {
        writer.item(items[position], at: position, indent: indent)
      }
      let written = writer.out
      halves.withLock { $0[half] = written }
    }
    for half in halves.withLock({ $0 }) {
      out.append(contentsOf: half)
      if out.count >= pieceBytes { handOn() }
    }
  }

  mutating func handOn() {
    guard let emit else { return }
    emit(out)
    out.removeAll(keepingCapacity: true)
  }

  mutating func double(_ number: Double) {
    // JSON has no NaN or infinity; nothing here produces them.
    guard number.isFinite else { return append("null") }
    var text = String(number)
    if style.integralDoublesWithoutFraction, text.hasSuffix(".0") { text.removeLast(2) }
    append(text)
  }

  mutating func newline(_ indent: Int) {
    guard let width = style.indent else { return }
    out.append(0x0A)
    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * width))
  }

  mutating func append(_ text: String) {
    out.append(contentsOf: text.utf8)
  }

  mutating func string(_ text: String) {
    out.append(UInt8(ascii: "\""))
    // One pass over the bytes decides: `"`, `\` or a lead byte that can start a
    // terminal-unsafe scalar (C0, DEL, 0xC2 for C1, 0xD8, 0xE2, 0xEF) sends the string
    // down the scalar-by-scalar path; most strings are copied whole.
    var needsEscaping = false
    for byte in text.utf8
    where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
      || byte == 0xEF
    {
      needsEscaping = true
      break
    }
    if !needsEscaping {
      out.append(contentsOf: text.utf8)
    } else {
      for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08 where style.shortBackspaceAndFormFeed: append("\\b")
        case 0x0C where style.shortBackspaceAndFormFeed: append("\\f")
        case _ where TerminalUnsafe.contains(scalar):
          append("\\u")
          Hex.appendDigits(of: scalar.value, count: 4, to: &out)
        default: UTF8.encode(scalar) { out.append($0) }
        }
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
