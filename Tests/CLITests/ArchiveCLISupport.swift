import Foundation
import TestSupport

/// Runs the built `snaprev` for the archive commands' end-to-end tests.
enum ArchiveCLI {
  struct Run {
    let status: Int32
    let stdout: [UInt8]
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
  }

  static func run(_ arguments: [String], store: String) throws -> Run {
    let process = Process()
    process.executableURL = Fixtures.snaprevBinary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SNAPREV_STORE"] = store
    process.environment = environment
    let errors = FileManager.default.temporaryDirectory.appendingPathComponent("archive-err-\(UUID().uuidString)")
    try Data().write(to: errors)
    defer { try? FileManager.default.removeItem(at: errors) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: [UInt8](stdout),
      stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
  }

  static func temporaryDirectory(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
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

  /// True when the text has a raw control character a terminal would act on.
  static func hasRawControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
  }
}

/// `Tests/TestSupport/replay_server.py` on 127.0.0.1.
final class ArchiveReplayServer {
  let process: Process
  private let input = Pipe()
  let port: Int

  init(mode: String = "normal") throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = Fixtures.packageRoot.appendingPathComponent("Tests/TestSupport/replay_server.py")
    process.arguments = ["python3", script.path, "--pages", Fixtures.url("swh/cabcc7d7-pages.json").path, "--mode", mode, "--lifetime", "60", "--exit-on-stdin-eof"]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = [UInt8]()
    while let byte = output.fileHandleForReading.readData(ofLength: 1).first, byte != 0x0A { line.append(byte) }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw ArchiveTestError("the replay server did not start")
    }
    self.port = port
  }

  var base: String { "http://127.0.0.1:\(port)" }

  deinit {
    // Closing its standard input stops the server; SIGTERM is the fallback.
    try? input.fileHandleForWriting.close()
    process.terminate()
    process.waitUntilExit()
  }
}

struct ArchiveTestError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
