/// Reads typed fields out of a JSON object, turning every mismatch into an error that
/// names the field (and, through `context`, the file and the place in it).
struct JSONFields {
  let members: StoreJSONObject
  /// e.g. `images[3]`; prefixed to field names in errors.
  let context: String

  init(_ value: StoreJSON, context: String) throws(FieldError) {
    guard case .object(let members) = value else {
      throw FieldError(message: "\(context.isEmpty ? "the document" : context) must be an object, found \(value.typeName)")
    }
    self.members = members
    self.context = context
  }

  func name(_ key: String) -> String {
    context.isEmpty ? "\"\(key)\"" : "\(context).\(key)"
  }

  func value(_ key: String) throws(FieldError) -> StoreJSON {
    guard let value = members[key] else { throw FieldError(message: "missing field \(name(key))") }
    return value
  }

  func string(_ key: String) throws(FieldError) -> String {
    let found = try value(key)
    guard case .string(let text) = found else { throw mismatch(key, "a string", found) }
    return text
  }

  /// Absent or null gives nil.
  func optionalString(_ key: String) throws(FieldError) -> String? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .string(let text) = found else { throw mismatch(key, "a string or null", found) }
    return text
  }

  func int(_ key: String) throws(FieldError) -> Int {
    let found = try value(key)
    guard case .int(let number) = found else { throw mismatch(key, "an integer", found) }
    return number
  }

  func optionalInt(_ key: String) throws(FieldError) -> Int? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .int(let number) = found else { throw mismatch(key, "an integer or null", found) }
    return number
  }

  func optionalDouble(_ key: String) throws(FieldError) -> Double? {
    guard let found = members[key], !found.isNull else { return nil }
    guard let number = found.doubleValue else { throw mismatch(key, "a number or null", found) }
    return number
  }

  func bool(_ key: String) throws(FieldError) -> Bool {
    let found = try value(key)
    guard case .bool(let flag) = found else { throw mismatch(key, "true or false", found) }
    return flag
  }

  func array(_ key: String) throws(FieldError) -> [StoreJSON] {
    let found = try value(key)
    guard case .array(let items) = found else { throw mismatch(key, "a list", found) }
    return items
  }

  func optionalArray(_ key: String) throws(FieldError) -> [StoreJSON]? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .array(let items) = found else { throw mismatch(key, "a list or null", found) }
    return items
  }

  func object(_ key: String) throws(FieldError) -> StoreJSONObject {
    let found = try value(key)
    guard case .object(let members) = found else { throw mismatch(key, "an object", found) }
    return members
  }

  func optionalObject(_ key: String) throws(FieldError) -> StoreJSONObject? {
    guard let found = members[key], !found.isNull else { return nil }
    guard case .object(let members) = found else { throw mismatch(key, "an object or null", found) }
    return members
  }

  func stringList(_ key: String) throws(FieldError) -> [String] {
    var out: [String] = []
    for (position, item) in try array(key).enumerated() {
      guard case .string(let text) = item else {
        throw FieldError(message: "\(name(key))[\(position)] must be a string, found \(item.typeName)")
      }
      out.append(text)
    }
    return out
  }

  func optionalStringMap(_ key: String) throws(FieldError) -> [String: String]? {
    guard let members = try optionalObject(key) else { return nil }
    var out: [String: String] = [:]
    for (entry, value) in members {
      guard case .string(let text) = value else {
        throw FieldError(message: "\(name(key)).\(entry) must be a string, found \(value.typeName)")
      }
      out[entry] = text
    }
    return out
  }

  func mismatch(_ key: String, _ expected: String, _ found: StoreJSON) -> FieldError {
    FieldError(message: "\(name(key)) must be \(expected), found \(found.typeName)")
  }
}

/// A field-level problem; callers add the file name.
struct FieldError: Error, Equatable {
  let message: String
}
