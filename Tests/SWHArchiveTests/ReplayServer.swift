import Foundation
import TestSupport

/// `replay_server.py` (beside this file) running on 127.0.0.1 for one test.
final class ReplayServer {
  let process: Process
  private let input = Pipe()
  let port: Int
  let log: URL

  static var script: URL { Fixtures.packageRoot.appendingPathComponent("Tests/TestSupport/replay_server.py") }

  init(pages: URL, mode: String = "normal") throws {
    log = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).log")
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Self.script.path, "--pages", pages.path, "--mode", mode, "--log", log.path, "--lifetime", "60", "--exit-on-stdin-eof"]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    // The first line is the port.
    var line = [UInt8]()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard let first = byte.first else { break }
      if first == 0x0A { break }
      line.append(first)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw TestDataError("the replay server did not start (is python3 installed?)")
    }
    self.port = port
  }

  var base: String { "http://127.0.0.1:\(port)" }

  /// The request targets the server saw, in order.
  var requests: [String] {
    ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  deinit {
    // Closing its standard input stops the server; SIGTERM is the fallback.
    try? input.fileHandleForWriting.close()
    process.terminate()
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: log)
  }
}
