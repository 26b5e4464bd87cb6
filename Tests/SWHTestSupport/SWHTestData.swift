import Foundation
import JSONCore
import SWHArchive
import SWHModel
import TestSupport

/// The Software Heritage fixtures (Tests/Fixtures/swh), read into test values, for the
/// SWHModel, SWHWeb and SWHArchive tests. The recorded API pages are read through
/// SWHArchive's page parser (the one reader of that format), which is why this target
/// depends on SWHArchive although most of its users test lower modules.
public enum SWHTestData {
  public struct Vector {
    public var label: String
    public var branches: [Branch]
    public var expectedID: String
    public var manifestHex: String
  }

  public static func json(_ path: String) throws -> JSONValue {
    try JSONParser.parse(try Fixtures.bytes("swh/" + path), options: .documentOrder)
  }

  public static func vectors() throws -> [Vector] {
    let root = try json("vectors.json")
    var out = [Vector]()
    for group in ["upstream_test_vectors", "real_archive_vectors"] {
      guard case .array(let items)? = root[group] else { throw TestDataError("no \(group)") }
      for item in items {
        guard case .string(let label)? = item["label"], case .string(let expected)? = item["expected_id"] else {
          throw TestDataError("vector without label or id")
        }
        var branches = [Branch]()
        if case .array(let listed)? = item["branches"] {
          for branch in listed { branches.append(try decodeVectorBranch(branch)) }
        } else {
          branches = try cabcc7d7Branches()
        }
        let manifest: String
        if case .string(let hex)? = item["manifest_hex"] { manifest = hex } else { manifest = "" }
        out.append(Vector(label: label, branches: branches, expectedID: expected, manifestHex: manifest))
      }
    }
    return out
  }

  private static func decodeVectorBranch(_ value: JSONValue) throws -> Branch {
    guard case .string(let nameHex)? = value["name_hex"], let name = bytes(hex: nameHex) else {
      throw TestDataError("bad name_hex")
    }
    switch value["target_type"] {
    case .null?:
      return Branch(name: name, target: .dangling)
    case .string("alias")?:
      guard case .string(let targetHex)? = value["manifest_target_hex"], let target = bytes(hex: targetHex) else {
        throw TestDataError("bad alias target")
      }
      return Branch(name: name, target: .alias(target))
    case .string(let type)?:
      guard let kind = ObjectKind(rawValue: type), case .string(let target)? = value["target"], let id = ObjectID(hex: target) else {
        throw TestDataError("bad target for \(type)")
      }
      return Branch(name: name, target: .object(kind, id))
    default:
      throw TestDataError("missing target_type")
    }
  }

  /// The two verbatim page bodies of snapshot cabcc7d7….
  public static func cabcc7d7Pages() throws -> [JSONValue] {
    guard case .array(let pages)? = try json("cabcc7d7-pages.json")["pages"] else { throw TestDataError("no pages") }
    return pages.compactMap { $0["body"] }
  }

  /// Branches of both pages, read through the page parser.
  public static func cabcc7d7Branches() throws -> [Branch] {
    try cabcc7d7List().branches
  }

  public static func cabcc7d7List() throws -> BranchList {
    try list(pages: try cabcc7d7Pages())
  }

  /// The branches of page bodies, read through the page parser.
  public static func list(pages: [JSONValue]) throws -> BranchList {
    var builder = SnapshotBuilder()
    for page in pages {
      _ = try APIPageParser.parse(JSONWriter.bytes(page, style: .compactDRF), into: &builder)
    }
    return try builder.build()
  }

  public static func sample4Body() throws -> JSONValue {
    guard let body = try json("sample.json")["snapshot/6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a/"] else {
      throw TestDataError("no 4-branch sample")
    }
    return body
  }

  public static func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out = [UInt8]()
    var index = 0
    while index < digits.count {
      guard let pair = UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) else { return nil }
      out.append(pair)
      index += 2
    }
    return out
  }

  public static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  public static func list(_ branches: [Branch]) throws -> BranchList {
    var builder = SnapshotBuilder()
    for branch in branches { builder.add(branch) }
    return try builder.build()
  }

  public static func id(_ hex: String) throws -> ObjectID {
    guard let id = ObjectID(hex: hex) else { throw TestDataError("bad id \(hex)") }
    return id
  }
}

public struct TestDataError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
