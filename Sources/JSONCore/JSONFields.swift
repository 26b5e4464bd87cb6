/// Reads typed fields out of a JSON object, turning every mismatch into an error that
/// names the field (and, through `context`, the file and the place in it).
public struct JSONFields {
  public let members: JSONObject
  /// e.g. `images[3]`; prefixed to field names in errors.
  public let context: String

  public init(_ value: JSONValue, context: String) throws(JSONFieldError) {
    guard case .object(let members) = value else {
      throw JSONFieldError(message: "\(context.isEmpty ? "the document" : context) must be an object, found \(value.typeName)")
    }
    self.members = members
    self.context = context
  }

  public func name(_ key: String) -> String {
    context.isEmpty ? "\"\(key)\"" : "\(context).\(key)"
  }

  public func value(_ key: String) throws(JSONFieldError) -> JSONValue {
    guard let value = members[key] else { throw JSONFieldError(message: "missing field \(name(key))") }
    return value
  }

  public func string(_ key: String) throws(JSONFieldError) -> String {
    let found = try value(key)
    guard case .string(let text) = found else { throw mismatch(key, "a string", found) }
    return text
  }

  /// Absent or null gives nil.
  public func optionalString(_ key: String) throws(JSONFieldError) -> String? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .string(let text) = found else { throw mismatch(key, "a string or null", found) }
    return text
  }

  public func int(_ key: String) throws(JSONFieldError) -> Int {
    let found = try value(key)
    guard case .int(let number) = found else { throw mismatch(key, "an integer", found) }
    return number
  }

  public func optionalInt(_ key: String) throws(JSONFieldError) -> Int? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .int(let number) = found else { throw mismatch(key, "an integer or null", found) }
    return number
  }

  public func optionalDouble(_ key: String) throws(JSONFieldError) -> Double? {
    guard let found = members[key], !found.isNull else { return nil }
    guard let number = found.doubleValue else { throw mismatch(key, "a number or null", found) }
    return number
  }

  public func bool(_ key: String) throws(JSONFieldError) -> Bool {
    let found = try value(key)
    guard case .bool(let flag) = found else { throw mismatch(key, "true or false", found) }
    return flag
  }

  public func array(_ key: String) throws(JSONFieldError) -> [JSONValue] {
    let found = try value(key)
    guard case .array(let items) = found else { throw mismatch(key, "a list", found) }
    return items
  }

  public func optionalArray(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .array(let items) = found else { throw mismatch(key, "a list or null", found) }
    return items
  }

  public func object(_ key: String) throws(JSONFieldError) -> JSONObject {
    let found = try value(key)
    guard case .object(let members) = found else { throw mismatch(key, "an object", found) }
    return members
  }

  public func optionalObject(_ key: String) throws(JSONFieldError) -> JSONObject? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .object(let members) = found else { throw mismatch(key, "an object or null", found) }
    return members
  }

  public func stringList(_ key: String) throws(JSONFieldError) -> [String] {
    var out: [String] = []
    for (position, item) in try array(key).enumerated() {
      guard case .string(let text) = item else {
        throw JSONFieldError(message: "\(name(key))[\(position)] must be a string, found \(item.typeName)")
      }
      out.append(text)
    }
    return out
  }

  public func optionalStringMap(_ key: String) throws(JSONFieldError) -> [String: String]? {
    guard let members = try optionalObject(key) else { return nil }
    var out: [String: String] = [:]
    for (entry, value) in members {
      guard case .string(let text) = value else {
        throw JSONFieldError(message: "\(name(key)).\(entry) must be a string, found \(value.typeName)")
      }
      out[entry] = text
    }
    return out
  }

  public func mismatch(_ key: String, _ expected: String, _ found: JSONValue) -> JSONFieldError {
    JSONFieldError(message: "\(name(key)) must be \(expected), found \(found.typeName)")
  }
}

/// A field-level problem; callers add the file name.
public struct JSONFieldError: Error, Equatable, CustomStringConvertible {
  public let message: String

  public init(message: String) {
    self.message = message
  }

  public var description: String { message }
}
