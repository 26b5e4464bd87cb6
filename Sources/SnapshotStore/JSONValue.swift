/// A JSON document as a value. The store reads and writes its files through this type
/// (not `Codable`) because it keeps integers apart from floats for pass-through sidecar
/// keys, and because the hand-written parser and writer are several times faster than
/// Foundation's on 50,000-image manifests (see docs/PERFORMANCE.md).
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  /// A number written without fraction or exponent that fits in `Int`.
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

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

  public var objectValue: [String: JSONValue]? {
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
