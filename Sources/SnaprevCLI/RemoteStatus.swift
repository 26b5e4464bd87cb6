import JSONCore
import ArgumentParser
import Foundation
import SnapshotStore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `snaprev status ID --server URL --token T [--wait [--timeout S]]`: the CI gate read from a
/// `snaprev serve` over its snapshot-details endpoint, with `status`'s exit codes. `--wait`
/// polls, as Percy's `build:wait` does, until the build is approved, auto-approved, passes
/// with nothing to approve, needs approval or failed, or until the timeout (then exit 4).
struct RemoteStatus {
  var server: String
  var organization: String
  var token: String?
  var id: String
  var wait: Bool
  var timeout: Double
  /// Seconds between polls.
  var interval: Double = 2

  func run() throws {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let details = try fetch()
      let gate = Self.gate(details)
      let stillWaiting: Bool
      if case .waiting = gate { stillWaiting = true } else { stillWaiting = false }
      if !wait || !stillWaiting || Date().addingTimeInterval(interval) > deadline {
        print(Self.describe(details, gate: gate, id: id))
        if wait && stillWaiting { print("result: still waiting after \(Int(timeout)) s") }
        if gate.exitCode != 0 { throw ExitCode(gate.exitCode) }
        return
      }
      Thread.sleep(forTimeInterval: interval)
    }
  }

  /// The gate from the details body: the same rules as `ArtifactSummary.gate`, read from the
  /// API's `approval_status`, `comparison_state` and `comparison_error_message`.
  static func gate(_ details: JSONValue) -> ArtifactSummary.Gate {
    switch details["approval_status"]?.stringValue {
    case "approved": return .passes("approved")
    case "auto_approved": return .passes("auto-approved")
    case "requires_approval": return .requiresApproval
    default: break
    }
    let state = details["comparison_state"]?.stringValue
    switch state {
    case "failed": return .failed(details["comparison_error_message"]?.stringValue ?? "the comparison failed")
    case "no_base_build": return .failed("no base build was uploaded within the grace period")
    case "waiting_for_base": return .waiting("waiting for the base build to be uploaded")
    case "pending", "processing": return .waiting("the comparison is \(state ?? "pending")")
    case "success": return .passes("nothing to approve")
    default: return .passes("nothing to approve (no base_sha, nothing to compare)")
    }
  }

  static func describe(_ details: JSONValue, gate: ArtifactSummary.Gate, id: String) -> String {
    let state = StoreOutput.safe(details["comparison_state"]?.stringValue)
    let approval = StoreOutput.safe(details["approval_status"]?.stringValue)
    let result: String
    switch gate {
    case .passes(let why): result = "passes (\(why))"
    case .requiresApproval: result = "requires approval"
    case .failed(let why): result = "failed (\(StoreOutput.safe(why)))"
    case .waiting(let why): result = "waiting (\(why))"
    }
    return "artifact \(StoreOutput.safe(id)) · comparison \(state) · approval \(approval)\nresult: \(result)"
  }

  private func fetch() throws -> JSONValue {
    var base = server
    while base.hasSuffix("/") { base.removeLast() }
    let path = "/api/0/organizations/\(organization)/preprodartifacts/snapshots/\(id)/"
    guard
      let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed),
      let url = URL(string: base + escaped)
    else { throw ValidationError("--server \(server): not a URL") }
    var request = URLRequest(url: url, timeoutInterval: 30)
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let (status, body) = try Self.send(request)
    let value = try? JSONParser.parse(body)
    guard status == 200, let value else {
      let detail = value?["detail"]?.stringValue ?? "HTTP status \(status)"
      StoreOutput.printError("snaprev status: \(StoreOutput.safe(detail))")
      throw ExitCode(1)
    }
    return value
  }

  /// One request through URLSession, waited for (the command is synchronous).
  private static func send(_ request: URLRequest) throws -> (Int, [UInt8]) {
    final class Box: @unchecked Sendable {
      var outcome: Result<(Int, [UInt8]), Error> = .failure(URLError(.unknown))
    }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    let session = URLSession(configuration: .ephemeral)
    defer { session.finishTasksAndInvalidate() }
    session.dataTask(with: request) { data, response, error in
      if let error {
        box.outcome = .failure(error)
      } else {
        box.outcome = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, [UInt8](data ?? Data())))
      }
      done.signal()
    }.resume()
    done.wait()
    do {
      return try box.outcome.get()
    } catch {
      StoreOutput.printError("snaprev status: cannot reach \(request.url?.absoluteString ?? "the server"): \(error.localizedDescription)")
      throw ExitCode(1)
    }
  }
}
