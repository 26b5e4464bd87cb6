import TextEscaping

/// How `JSONParser` reads a document.
public struct JSONParseOptions: Sendable {
  /// What to do when an object names a key twice.
  public enum DuplicateKeys: Sendable {
    /// Refuse the document, naming the key and where its second occurrence starts.
    case reject
    /// Python's `dict` semantics: the key keeps its first place and its last value.
    case keepLast
  }

  /// How many arrays and objects may be open at once.
  public var maxDepth: Int
  public var duplicateKeys: DuplicateKeys
  /// Objects come out sorted by code point (binary-search lookups, the store's files), or
  /// in document order (API bodies, where the order is the format).
  public var sortKeys: Bool

  public init(maxDepth: Int, duplicateKeys: DuplicateKeys, sortKeys: Bool) {
    self.maxDepth = maxDepth
    self.duplicateKeys = duplicateKeys
    self.sortKeys = sortKeys
  }

  /// The snapshot store's files: strict (duplicates refused), sorted, 256 levels, which
  /// no store file comes near while a hostile sidecar cannot overflow the stack.
  public static let store = JSONParseOptions(maxDepth: 256, duplicateKeys: .reject, sortKeys: true)
  /// Documents whose member order matters (API bodies, the archive's metadata): Python's
  /// reading of them, 512 levels.
  public static let documentOrder = JSONParseOptions(maxDepth: 512, duplicateKeys: .keepLast, sortKeys: false)
}

/// Parses a whole document into a `JSONValue` tree (strict RFC 8259 via `JSONScanner`: no
/// comments, no trailing commas, valid UTF-8 only).
public enum JSONParser {
  public static func parse(_ bytes: [UInt8], options: JSONParseOptions = .store) throws(JSONError) -> JSONValue {
    let result: Result<JSONValue, JSONError> = bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer, maxDepth: options.maxDepth)
      return Result { () throws(JSONError) -> JSONValue in
        let value = try scanner.readValue(options)
        try scanner.expectEnd()
        return value
      }
    }
    return try result.get()
  }
}

extension JSONScanner {
  /// Reads any value as a tree.
  public mutating func readValue(_ options: JSONParseOptions) throws(JSONError) -> JSONValue {
    guard let byte = peek() else { throw missingValue() }
    switch byte {
    case UInt8(ascii: "{"): return .object(try readObject(options))
    case UInt8(ascii: "["): return try readArray(options)
    case UInt8(ascii: "\""): return .string(try readString())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
    default: throw missingValue()
    }
  }

  private mutating func readArray(_ options: JSONParseOptions) throws(JSONError) -> JSONValue {
    try enterContainer()
    var items: [JSONValue] = []
    if peek() != UInt8(ascii: "]") {
      repeat { items.append(try readValue(options)) } while consume(UInt8(ascii: ","))
    }
    try leaveContainer(UInt8(ascii: "]"))
    return .array(items)
  }

  private mutating func readObject(_ options: JSONParseOptions) throws(JSONError) -> JSONObject {
    try enterContainer()
    let level = depth - 1
    while memberScratch.count <= level {  // depth counts arrays too
      memberScratch.append([])
      keyOffsetScratch.append([])
    }
    memberScratch[level].removeAll(keepingCapacity: true)
    keyOffsetScratch[level].removeAll(keepingCapacity: true)
    var sorted = true
    if peek() != UInt8(ascii: "}") {
      repeat {
        guard peek() != nil else { throw error("truncated JSON (unclosed object)") }
        keyOffsetScratch[level].append(position)
        let key = try readString()
        guard peek() == UInt8(ascii: ":") else {
          throw error(isAtEnd ? "truncated JSON (unclosed object)" : "expected ':'")
        }
        position += 1
        let member = try readValue(options)
        if let last = memberScratch[level].last, !CodePoint.precedes(last.key, key) { sorted = false }
        memberScratch[level].append((key: key, value: member))
      } while consume(UInt8(ascii: ","))
    }
    try leaveContainer(UInt8(ascii: "}"))
    let members = Array(memberScratch[level][...])  // an exact-size copy; the scratch keeps its buffer
    memberScratch[level].removeAll(keepingCapacity: true)
    if sorted { return JSONObject(sortedUnique: members) }  // strictly ascending: no key twice
    let keyOffsets = keyOffsetScratch[level]
    if options.sortKeys {
      return try sortedObject(members, keyOffsets: keyOffsets, options.duplicateKeys)
    }
    return try documentOrderObject(members, keyOffsets: keyOffsets, options.duplicateKeys)
  }

  private func sortedObject(
    _ members: [(key: String, value: JSONValue)], keyOffsets: [Int], _ duplicates: JSONParseOptions.DuplicateKeys
  ) throws(JSONError) -> JSONObject {
    let order = members.indices.sorted { a, b in
      members[a].key == members[b].key ? a < b : CodePoint.precedes(members[a].key, members[b].key)
    }
    var out: [(key: String, value: JSONValue)] = []
    out.reserveCapacity(members.count)
    for index in order {
      if let last = out.last, last.key == members[index].key {
        if duplicates == .reject { throw duplicate(members[index].key, at: keyOffsets[index]) }
        out[out.count - 1].value = members[index].value
      } else {
        out.append(members[index])
      }
    }
    return JSONObject(sortedUnique: out)
  }

  private func documentOrderObject(
    _ members: [(key: String, value: JSONValue)], keyOffsets: [Int], _ duplicates: JSONParseOptions.DuplicateKeys
  ) throws(JSONError) -> JSONObject {
    var place: [String: Int] = [:]
    var out: [(key: String, value: JSONValue)] = []
    out.reserveCapacity(members.count)
    for (index, member) in members.enumerated() {
      if let earlier = place[member.key] {
        if duplicates == .reject { throw duplicate(member.key, at: keyOffsets[index]) }
        out[earlier].value = member.value
      } else {
        place[member.key] = out.count
        out.append(member)
      }
    }
    return JSONObject(ordered: out)
  }

  private func duplicate(_ key: String, at offset: Int) -> JSONError {
    error("duplicate key \"\(SafeText.escaped(key))\"", at: offset)
  }
}
