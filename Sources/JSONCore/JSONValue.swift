/// A JSON document as a value, for both stores: the snapshot store's files (objects sorted
/// by code point, as Python's `sort_keys`) and the archive's API bodies (objects in the
/// order the API writes them). Integers are kept apart from floats, so pass-through sidecar
/// keys round-trip exactly.
///
/// Hand-written rather than `Codable`: on a 17 MB, 50,000-image manifest `JSONDecoder` took
/// 0.37 s and `JSONEncoder` 0.49 s against a whole-`show` budget of 1 s, which this stack
/// meets in 0.66 s (docs/PERFORMANCE.md); and the archive streams 183 MB pages through
/// `JSONScanner` without building a tree.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits in `Int`.
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// The member named `key`, if this is an object that has one.
  public subscript(key: String) -> JSONValue? {
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

  public var arrayValue: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  public var objectValue: JSONObject? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// Shorthand for optional strings: `nil` becomes `null`.
  public static func string(_ text: String?) -> JSONValue {
    text.map(JSONValue.string) ?? .null
  }

  public static func int(_ number: Int?) -> JSONValue {
    number.map(JSONValue.int) ?? .null
  }

  public static func double(_ number: Double?) -> JSONValue {
    number.map(JSONValue.double) ?? .null
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
