import DiffCore
import Foundation
import PNGCodec
import TestSupport

/// Runs the built `snaprev` binary for the store's end-to-end tests.
enum StoreCLI {
  struct Run {
    let status: Int32
    let killedBySignal: Bool
    let stdout: String
    let stderr: String
    let stdoutData: Data
  }

  /// Starts `snaprev` without waiting (for tests that run many at once).
  /// `executable` is another copy of the binary (an installed layout), run in `directory`.
  static func start(
    _ arguments: [String], environment: [String: String] = [:], executable: URL = Fixtures.snaprevBinary,
    directory: URL? = nil
  ) throws -> (Process, Pipe, Pipe) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SNAPREV_STORE")
    env.removeValue(forKey: "SNAPREV_REVIEWER")
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return (process, out, err)
  }

  static func finish(_ started: (Process, Pipe, Pipe)) -> Run {
    let (process, out, err) = started
    // Read before waiting so a large output cannot fill the pipe and block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
      stdoutData: stdout)
  }

  static func run(
    _ arguments: [String], environment: [String: String] = [:], executable: URL = Fixtures.snaprevBinary,
    directory: URL? = nil
  ) throws -> Run {
    finish(try start(arguments, environment: environment, executable: executable, directory: directory))
  }

  static func temporaryDirectory(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  /// An 8×8 PNG of one grey level, with one blue pixel at `mark` when given.
  static func png(color: UInt8, mark: Int? = nil) throws -> Data {
    var pixels = [UInt8](repeating: 255, count: 8 * 8 * 4)
    for index in 0..<64 {
      pixels[index * 4] = color
      pixels[index * 4 + 1] = color
      pixels[index * 4 + 2] = color
    }
    if let mark {
      pixels[mark * 4] = 0
      pixels[mark * 4 + 1] = 0
    }
    return Data(try PNGCodec.encode(RGBAImage(width: 8, height: 8, pixels: pixels)))
  }

  /// Writes `images` (name → grey level, optional mark) into a fresh folder.
  static func folder(_ root: String, _ name: String, _ images: [String: (UInt8, Int?)]) throws -> String {
    let path = root + "/" + name
    for (file, (color, mark)) in images {
      let url = URL(fileURLWithPath: path + "/" + file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try png(color: color, mark: mark).write(to: url)
    }
    return path
  }

  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }
}
