import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Builds demo stores with the real binary, and reads them back with `snaprev show`.
enum ReviewE2E {
  static var demoBuilds: String { Fixtures.packageRoot.appendingPathComponent("Resources/demo/review").path }

  /// A store holding the demo's base (#1) and head (#2) builds.
  static func demoStore() throws -> String {
    let store = try TemporaryDirectory.create("store") + "/store"
    let result = try SnaprevBinary.run(["demo", "--no-review", "--store", store, "--from", demoBuilds])
    guard result.status == 0, result.outputText.contains("head: 2") else {
      throw Failure("snaprev demo --no-review failed (\(result.status)): \(result.outputText)")
    }
    return store
  }

  /// `snaprev show ID` as JSON.
  static func show(_ id: String, store: String) throws -> [String: Any] {
    let result = try SnaprevBinary.run(["show", id, "--store", store])
    guard result.status == 0, let data = result.stdoutText.data(using: .utf8),
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { throw Failure("snaprev show failed (\(result.status)): \(result.outputText)") }
    return object
  }

  static func approverNames(_ details: [String: Any]) -> [String] {
    ((details["approvers"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

  static func readPID(_ path: String, timeout: Double = 5) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: path, encoding: .utf8),
        let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return pid
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return nil
  }
}

/// A pseudo-terminal pair. Glibc's module map leaves out the X/Open pty calls, so they
/// are looked up by name.
enum PseudoTerminal {
  typealias IntCall = @convention(c) (Int32) -> Int32
  typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  static func open() -> (master: Int32, slavePath: String)? {
    guard let handle = dlopen(nil, RTLD_NOW),
      let openSymbol = dlsym(handle, "posix_openpt"), let grantSymbol = dlsym(handle, "grantpt"),
      let unlockSymbol = dlsym(handle, "unlockpt"), let nameSymbol = dlsym(handle, "ptsname")
    else { return nil }
    let openpt = unsafeBitCast(openSymbol, to: IntCall.self)
    let grant = unsafeBitCast(grantSymbol, to: IntCall.self)
    let unlock = unsafeBitCast(unlockSymbol, to: IntCall.self)
    let name = unsafeBitCast(nameSymbol, to: NameCall.self)
    let master = openpt(O_RDWR | O_NOCTTY)
    guard master >= 0, grant(master) == 0, unlock(master) == 0, let path = name(master) else { return nil }
    return (master, String(cString: path))
  }
}
