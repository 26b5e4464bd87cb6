import Foundation
import PNGCodec
import DiffCore
import ProcessSpawn
import TestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Runs programs for the server tests: the built `snaprev`, the real sentry-cli and
/// swh.web.client from the project's venv (`.venv-server`, made by scripts/setup).
enum Harness {
  static let venv = Fixtures.packageRoot.appendingPathComponent(".venv-server/bin").path
  static var sentryCLI: String { venv + "/sentry-cli" }
  static var python: String { venv + "/python3" }

  /// Runs `executable` and waits for it (at most `timeout` seconds, then SIGTERM). The
  /// environment is the test runner's without any Sentry or store settings of a developer's.
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
    timeout: Double = 120
  ) throws -> Spawn.Finished {
    var env = ProcessInfo.processInfo.environment
    for key in ["SNAPREV_STORE", "SENTRY_AUTH_TOKEN", "SENTRY_URL", "SENTRY_ORG", "SENTRY_PROJECT", "CI", "GITHUB_ACTIONS"] {
      env.removeValue(forKey: key)
    }
    env["SENTRY_DISABLE_UPDATE_CHECK"] = "1"
    env["HOME"] = directory ?? NSTemporaryDirectory()
    env.merge(environment) { _, new in new }
    let child = try Spawn.start(executable, arguments, environment: env, directory: directory)
    if let finished = try child.wait(timeout: timeout) { return finished }
    child.send(SIGTERM)
    return try child.wait()
  }

  static func snaprev(_ arguments: [String], environment: [String: String] = [:]) throws -> Spawn.Finished {
    try run(SnaprevBinary.path, arguments, environment: environment)
  }

  static func temporaryDirectory(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-server-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  static func temporaryFile(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "snaprev-server-\(label)-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: path, contents: nil) else { throw HarnessError("cannot create \(path)") }
    return path
  }

  /// A token's secret: the last line of `snaprev token create`.
  static func createToken(store: String, name: String, scopes: [String], project: String? = nil) throws -> String {
    var arguments = ["token", "create", "--name", name, "--store", store]
    for scope in scopes { arguments += ["--scope", scope] }
    if let project { arguments += ["--project", project] }
    let result = try snaprev(arguments)
    guard result.status == 0, let last = result.stdoutText.split(separator: "\n").last else {
      throw HarnessError("token create failed: \(result.stderrText)")
    }
    return String(last)
  }

  /// A `width`×`height` PNG of one grey level, with a blue pixel at `mark` when given.
  static func png(color: UInt8, mark: Int? = nil, width: Int = 8, height: Int = 8) throws -> Data {
    var pixels = [UInt8](repeating: 255, count: width * height * 4)
    for index in 0..<(width * height) {
      pixels[index * 4] = color
      pixels[index * 4 + 1] = color
      pixels[index * 4 + 2] = color
    }
    if let mark {
      pixels[mark * 4] = 0
      pixels[mark * 4 + 1] = 0
    }
    return Data(try PNGCodec.encode(RGBAImage(width: width, height: height, pixels: pixels)))
  }

  /// Writes PNGs (name → grey level and optional marked pixel) and sidecars into a folder.
  static func folder(_ path: String, _ images: [String: (UInt8, Int?)], sidecars: [String: String] = [:]) throws {
    for (file, (color, mark)) in images {
      let url = URL(fileURLWithPath: path + "/" + file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try png(color: color, mark: mark).write(to: url)
    }
    for (file, json) in sidecars {
      try Data(json.utf8).write(to: URL(fileURLWithPath: path + "/" + file))
    }
  }
}

struct HarnessError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// A `snaprev serve` child process on 127.0.0.1 and a free port.
final class ServerProcess {
  let child: Spawn.Child
  let port: Int
  let store: String
  let logFile: String
  var baseURL: String { "http://127.0.0.1:\(port)" }

  init(store: String, arguments: [String] = []) throws {
    self.store = store
    let portFile = try Harness.temporaryFile("port")
    try? FileManager.default.removeItem(atPath: portFile)
    logFile = try Harness.temporaryFile("log")
    child = try Spawn.start(
      SnaprevBinary.path, ["serve", "--listen", "127.0.0.1:0", "--store", store, "--port-file", portFile] + arguments,
      stdout: .discard, stderr: .file(logFile))
    let deadline = Date().addingTimeInterval(30)
    var found: Int? = nil
    while found == nil && Date() < deadline && !child.hasExited {
      if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        found = value
      } else {
        Thread.sleep(forTimeInterval: 0.05)
      }
    }
    guard let found else {
      child.send(SIGTERM)
      _ = try? child.wait()
      let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
      throw HarnessError("snaprev serve did not start: \(text)")
    }
    port = found
  }

  var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

  var isRunning: Bool { !child.hasExited }

  /// SIGTERM, then waits (bounded, then SIGKILL); returns the exit status.
  @discardableResult
  func stop(timeout: Double = 20) -> Int32 {
    child.send(SIGTERM)
    if let finished = try? child.wait(timeout: timeout) { return finished.status }
    child.send(SIGKILL)
    return (try? child.wait().status) ?? -1
  }

  /// SIGKILL, and waits for it.
  func killHard() {
    child.send(SIGKILL)
    _ = try? child.wait()
  }
  // Dropped while running, `child` kills and reaps the server.
}

/// A plain HTTP client for the tests (URLSession, waited for).
struct HTTPResult {
  var status: Int
  var headers: [String: String]
  var body: [UInt8]
  var text: String { String(decoding: body, as: UTF8.self) }

  func header(_ name: String) -> String? {
    headers.first { $0.key.lowercased() == name.lowercased() }?.value
  }
}

enum HTTP {
  static func send(
    _ method: String, _ url: String, headers: [String: String] = [:], body: [UInt8]? = nil, timeout: Double = 60
  ) throws -> HTTPResult {
    guard let target = URL(string: url) else { throw HarnessError("bad URL \(url)") }
    var request = URLRequest(url: target, timeoutInterval: timeout)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    if let body { request.httpBody = Data(body) }
    final class Box: @unchecked Sendable { var result: Result<HTTPResult, Error> = .failure(HarnessError("no answer")) }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let session = URLSession(configuration: .ephemeral)
    session.dataTask(with: request) { data, response, error in
      if let error {
        box.result = .failure(error)
      } else if let http = response as? HTTPURLResponse {
        var fields = [String: String]()
        for (key, value) in http.allHeaderFields {
          if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        box.result = .success(HTTPResult(status: http.statusCode, headers: fields, body: [UInt8](data ?? Data())))
      }
      done.signal()
    }.resume()
    done.wait()
    session.finishTasksAndInvalidate()
    return try box.result.get()
  }

  static func get(_ url: String, token: String? = nil, headers: [String: String] = [:]) throws -> HTTPResult {
    var all = headers
    if let token { all["Authorization"] = "Bearer \(token)" }
    return try send("GET", url, headers: all)
  }

  /// Raw bytes over a socket (for requests URLSession would not send: bad paths, slow or
  /// truncated bodies). Returns what the server sent until it closed or `timeout` passed.
  static func raw(port: Int, _ request: [UInt8], timeout: Double = 10) throws -> String {
    let socket = try Socket(port: port)
    defer { socket.close() }
    try socket.send(request)
    return String(decoding: socket.receiveAll(timeout: timeout), as: UTF8.self)
  }
}
