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
