import JSONCore
import SWHModel
import TextEscaping

/// What one page body of `GET /api/1/snapshot/<id>/` said, besides its branches.
public struct APIPage: Equatable, Sendable {
  public var id: ObjectID
  /// Branches on this page.
  public var branchCount: Int
  public var firstName: [UInt8]?
  public var lastName: [UInt8]?
  /// `next_branch` as the body has it: plain text, or escaped when `decoding_failures`
  /// lists it; nil on the last page.
  public var nextBranch: String?
}

/// Reads page bodies (as served by swh-web, or saved from it) into a `SnapshotBuilder`.
public enum APIPageParser {
  /// Parses one body; branch names and alias targets are unescaped back to raw bytes
  /// (swh.core `encode_with_unescape`).
  public static func parse(_ bytes: [UInt8], into builder: inout SnapshotBuilder) throws(APIPageError) -> APIPage {
    let result: Result<APIPage, APIPageError> = bytes.withUnsafeBufferPointer { buffer in
      var scanner = JSONScanner(buffer)
      do {
        return .success(try parseBody(&scanner, &builder))
      } catch let error as APIPageError {
        return .failure(error)
      } catch let error as JSONError {
        return .failure(.syntax(error))
      } catch {
        return .failure(.syntax(scanner.error("\(error)")))
      }
    }
    return try result.get()
  }

  private static func parseBody(_ scanner: inout JSONScanner, _ builder: inout SnapshotBuilder) throws -> APIPage {
    try scanner.expect(UInt8(ascii: "{"), "a JSON object")
    var id: ObjectID? = nil
    var sawBranches = false
    var page = APIPage(id: ObjectID(word0: 0, word1: 0, word2: 0), branchCount: 0)
    var errorShape: (exception: String?, reason: String?) = (nil, nil)
    var key = [UInt8]()
    var text = [UInt8]()
    if !scanner.consume(UInt8(ascii: "}")) {
      repeat {
        try scanner.readString(into: &key)
        try scanner.expect(UInt8(ascii: ":"), "':'")
        switch String(decoding: key, as: UTF8.self) {
        case "id":
          guard scanner.peek() == UInt8(ascii: "\"") else { throw APIPageError.field("id", "is not a string") }
          try scanner.readString(into: &text)
          guard text.count == 40, let parsed = ObjectID(hexUTF8: text) else {
            throw APIPageError.field("id", "is not 40 hexadecimal digits: \"\(SafeText.escaped(bytes: text))\"")
          }
          id = parsed
        case "branches":
          sawBranches = true
          try parseBranches(&scanner, &builder, &page)
        case "next_branch":
          if try scanner.consumeNull() {
            page.nextBranch = nil
          } else if scanner.peek() == UInt8(ascii: "\"") {
            try scanner.readString(into: &text)
            page.nextBranch = String(decoding: text, as: UTF8.self)
          } else {
            throw APIPageError.field("next_branch", "is neither a string nor null")
          }
        case "exception", "error":
          if scanner.peek() == UInt8(ascii: "\"") {
            try scanner.readString(into: &text)
            errorShape.exception = String(decoding: text, as: UTF8.self)
          } else {
            try scanner.skipValue()
          }
        case "reason":
          if scanner.peek() == UInt8(ascii: "\"") {
            try scanner.readString(into: &text)
            errorShape.reason = String(decoding: text, as: UTF8.self)
          } else {
            try scanner.skipValue()
            errorShape.reason = "(structured reason)"
          }
        default:
          try scanner.skipValue()
        }
      } while scanner.consume(UInt8(ascii: ","))
      try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    }
    try scanner.expectEnd()
    if let exception = errorShape.exception, !sawBranches {
      throw APIPageError.errorBody(exception: exception, reason: errorShape.reason ?? "")
    }
    guard let id else { throw APIPageError.field("id", "is missing") }
    guard sawBranches else { throw APIPageError.field("branches", "is missing") }
    page.id = id
    return page
  }

  private static func parseBranches(_ scanner: inout JSONScanner, _ builder: inout SnapshotBuilder, _ page: inout APIPage) throws {
    try scanner.expect(UInt8(ascii: "{"), "an object for branches")
    if scanner.consume(UInt8(ascii: "}")) { return }
    var key = [UInt8]()
    var text = [UInt8]()
    var typeText = [UInt8]()
    repeat {
      try scanner.readString(into: &key)
      let name: [UInt8]
      do {
        name = try NameEncoding.encodeWithUnescape(utf8: key)
      } catch {
        throw APIPageError.branch(key, "name has an \(error)")
      }
      try scanner.expect(UInt8(ascii: ":"), "':'")
      let target: BranchTarget
      guard scanner.peek() != nil else { throw scanner.error("unexpected end of the body") }
      if try scanner.consumeNull() {
        target = .dangling
      } else {
        guard scanner.peek() == UInt8(ascii: "{") else { throw APIPageError.branch(key, "is neither an object nor null") }
        try scanner.expect(UInt8(ascii: "{"), "'{'")
        var sawTarget = false
        var sawType = false
        if !scanner.consume(UInt8(ascii: "}")) {
          var field = [UInt8]()
          repeat {
            try scanner.readString(into: &field)
            try scanner.expect(UInt8(ascii: ":"), "':'")
            if field == Array("target".utf8) || field == Array("target_type".utf8) {
              guard scanner.peek() == UInt8(ascii: "\"") else {
                throw APIPageError.branch(key, "\(String(decoding: field, as: UTF8.self)) is not a string")
              }
              if field.count == 6 {
                try scanner.readString(into: &text)
                sawTarget = true
              } else {
                try scanner.readString(into: &typeText)
                sawType = true
              }
            } else {
              try scanner.skipValue()
            }
          } while scanner.consume(UInt8(ascii: ","))
          try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        guard sawTarget else { throw APIPageError.branch(key, "has no target") }
        guard sawType else { throw APIPageError.branch(key, "has no target_type") }
        let typeName = String(decoding: typeText, as: UTF8.self)
        guard let type = TargetType(rawValue: typeName) else {
          throw APIPageError.branch(
            key, "target_type \"\(SafeText.escaped(typeName))\" is not one of \(TargetType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch type {
        case .alias:
          do {
            target = .alias(try NameEncoding.encodeWithUnescape(utf8: text))
          } catch {
            throw APIPageError.branch(key, "alias target has an \(error)")
          }
        default:
          guard text.count == 40, let id = ObjectID(hexUTF8: text) else {
            throw APIPageError.branch(key, "target is not 40 hexadecimal digits: \"\(SafeText.escaped(bytes: text))\"")
          }
          target = .object(ObjectKind(rawValue: type.rawValue) ?? .revision, id)
        }
      }
      builder.add(name: name, target: target)
      if page.firstName == nil { page.firstName = name }
      page.lastName = name
      page.branchCount += 1
    } while scanner.consume(UInt8(ascii: ","))
    try scanner.expect(UInt8(ascii: "}"), "',' or '}' in branches")
  }
}

public enum APIPageError: Error, Equatable, CustomStringConvertible {
  case syntax(JSONError)
  case field(String, String)
  case branch([UInt8], String)
  /// The body is an API error (`{"exception": …, "reason": …}`), not a snapshot.
  case errorBody(exception: String, reason: String)

  public var description: String {
    switch self {
    case .syntax(let error): return "malformed JSON: \(error.lineDescription)"
    case .field(let name, let problem): return "field \"\(name)\" \(problem)"
    case .branch(let key, let problem):
      return "branch \"\(SafeText.escaped(bytes: key))\" \(problem)"
    case .errorBody(let exception, let reason):
      return "the body is an API error, not a snapshot: \(SafeText.escaped(exception)): \(SafeText.escaped(reason))"
    }
  }
}
