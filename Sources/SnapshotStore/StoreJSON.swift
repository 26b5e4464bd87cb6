import TextEscaping

/// A JSON document as a value. The store reads and writes its files through this type
/// (not `Codable`) because it keeps integers apart from floats for pass-through sidecar
/// keys, and because the hand-written parser and writer are several times faster than
/// Foundation's on 50,000-image manifests (see docs/PERFORMANCE.md). Named apart from
/// SWHArchive's `JSONValue` so a file can import both modules.
public enum StoreJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits in `Int`.
  case int(Int)
  case double(Double)
  case string(String)
  case array([StoreJSON])
  case object(StoreJSONObject)

  public subscript(key: String) -> StoreJSON? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  public var isNull: Bool {
    if case .null = self { return true }
    return false
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var intValue: Int? {
    if case .int(let number) = self { return number }
    return nil
  }

  /// Integers convert; JSON has one number type.
  public var doubleValue: Double? {
    switch self {
    case .double(let number): return number
    case .int(let number): return Double(number)
    default: return nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }

  public var arrayValue: [StoreJSON]? {
    if case .array(let items) = self { return items }
    return nil
  }

  public var objectValue: StoreJSONObject? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// Shorthand for optional strings: `nil` becomes `null`.
  public static func string(_ text: String?) -> StoreJSON {
    text.map(StoreJSON.string) ?? .null
  }

  public static func int(_ number: Int?) -> StoreJSON {
    number.map(StoreJSON.int) ?? .null
  }

  public static func double(_ number: Double?) -> StoreJSON {
    number.map(StoreJSON.double) ?? .null
  }

  /// What a JSON type is called in error messages.
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "an object"
    }
  }
}

/// A JSON object's members, kept sorted by key in code-point order and unique. Objects in
/// store files have a dozen keys, so a sorted array beats a hash table: no hashing when
/// parsing 50,000 of them, and the writer needs no sort.
public struct StoreJSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
  public private(set) var members: [(key: String, value: StoreJSON)]

  public init() {
    members = []
  }

  public init(_ dictionary: [String: StoreJSON]) {
    members = dictionary.map { (key: $0.key, value: $0.value) }.sorted { CodePoint.precedes($0.key, $1.key) }
  }

  public init(dictionaryLiteral elements: (String, StoreJSON)...) {
    self.init([:])
    for (key, value) in elements { self[key] = value }
  }

  /// From members already sorted by key with no duplicates (the parser checks both).
  init(sortedUnique members: [(key: String, value: StoreJSON)]) {
    self.members = members
  }

  public var count: Int { members.count }
  public var isEmpty: Bool { members.isEmpty }
  public var keys: [String] { members.map(\.key) }

  public var dictionary: [String: StoreJSON] {
    Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  /// Binary search; the position where `key` is or would be inserted.
  private func position(of key: String) -> (index: Int, found: Bool) {
    var low = 0
    var high = members.count
    while low < high {
      let middle = (low + high) / 2
      let candidate = members[middle].key
      if candidate == key { return (middle, true) }
      if CodePoint.precedes(candidate, key) { low = middle + 1 } else { high = middle }
    }
    return (low, false)
  }

  public subscript(key: String) -> StoreJSON? {
    get {
      // A dozen members: equality (cheap for short keys) beats ordered comparisons.
      if members.count <= 16 {
        for member in members where member.key == key { return member.value }
        return nil
      }
      let (index, found) = position(of: key)
      return found ? members[index].value : nil
    }
    set {
      let (index, found) = position(of: key)
      switch (found, newValue) {
      case (true, let value?): members[index].value = value
      case (true, nil): members.remove(at: index)
      case (false, let value?): members.insert((key: key, value: value), at: index)
      case (false, nil): break
      }
    }
  }

  public func filter(_ isIncluded: ((key: String, value: StoreJSON)) -> Bool) -> StoreJSONObject {
    StoreJSONObject(sortedUnique: members.filter(isIncluded))
  }

  public func makeIterator() -> IndexingIterator<[(key: String, value: StoreJSON)]> {
    members.makeIterator()
  }

  public static func == (a: StoreJSONObject, b: StoreJSONObject) -> Bool {
    a.members.count == b.members.count
      && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
  }
}
