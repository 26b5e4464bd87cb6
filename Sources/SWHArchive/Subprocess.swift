import DurableFiles
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program to completion. Standard input comes from a temporary file and standard
/// error goes to one, so a large output can never deadlock on a full pipe.
struct Subprocess {
  struct Result {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
  }

  static func locate(_ program: String, environment: [String: String]) -> String? {
    if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
    for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/\(program)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  static func run(
    _ executable: String, _ arguments: [String], stdin: [UInt8] = [], environment: [String: String]
  ) throws -> Result {
    let input = try TemporaryFile(contents: stdin)
    let errors = try TemporaryFile(contents: [])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input.path))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors.path))
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errors.path))) ?? Data()
    return Result(status: process.terminationStatus, stdout: [UInt8](data), stderr: [UInt8](stderr))
  }
}
