import Foundation
import ProcessSpawn
import TestSupport

/// Runs the built `snaprev` for the archive commands' end-to-end tests.
enum ArchiveCLI {
  /// `snaprev ARGUMENTS` with SNAPREV_STORE set to `store`.
  static func run(_ arguments: [String], store: String) throws -> Spawn.Finished {
    try SnaprevBinary.run(arguments, environment: ["SNAPREV_STORE": store])
  }

  /// The two page bodies of cabcc7d7…, each written to its own file.
  static func pageFiles(in directory: String) throws -> [String] {
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("swh/cabcc7d7-pages.json")))
    guard let pages = (root as? [String: Any])?["pages"] as? [[String: Any]] else { throw ArchiveTestError("no pages") }
    var paths = [String]()
    for (index, page) in pages.enumerated() {
      guard let body = page["body"] else { throw ArchiveTestError("page without body") }
      let path = "\(directory)/page\(index + 1).json"
      try JSONSerialization.data(withJSONObject: body).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    return paths
  }

  static func pageBodies() throws -> [NSDictionary] {
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("swh/cabcc7d7-pages.json")))
    guard let pages = (root as? [String: Any])?["pages"] as? [[String: Any]] else { throw ArchiveTestError("no pages") }
    return pages.compactMap { $0["body"] as? NSDictionary }
  }

  static func json(_ bytes: [UInt8]) throws -> NSDictionary {
    guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary else {
      throw ArchiveTestError("not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
    }
    return object
  }

  static func storedFiles(_ store: String) -> [String] {
    (try? FileManager.default.subpathsOfDirectory(atPath: store + "/archive/snapshots"))?.sorted() ?? []
  }
}

struct ArchiveTestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
