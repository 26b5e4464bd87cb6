import ArgumentParser
import FoundationEssentials
import JSONCore
import SnapshotModel
import SWHArchive
import SnapshotStore
import SnaprevCommandLine
import TextEscaping
import WorkThreads


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
        if gate.exitCode != 0 { throw StatusExit.status(gate).exit }
        return
      }
      Threads.sleep(seconds: interval)
    }
  }

  /// The gate from the details body: `ArtifactSummary.Gate.decide`, the rule `status` uses
  /// on a local store, on the API's `approval_status`, `comparison_state` and
  /// `comparison_error_message`.
  static func gate(_ details: JSONValue) -> ArtifactSummary.Gate {
    ArtifactSummary.Gate.decide(
      approvalStatus: details["approval_status"]?.stringValue,
      comparisonState: details["comparison_state"]?.stringValue,
      errorMessage: details["comparison_error_message"]?.stringValue)
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
    // Foundation's `.urlPathAllowed`: RFC 3986's unreserved and sub-delims, ":", "@", "/".
    let escaped = PercentEncoding.encode(path, keeping: "-._~!$&'()*+,;=:@/")
    guard let url = URL(string: base + escaped) else { throw ValidationError("--server \(server): not a URL") }
    if let token, token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      throw ValidationError("--token: a token holds no control characters")
    }
    let status: Int
    let body: [UInt8]
    do {
      let response = try CurlRequest.get(url, timeout: 30, authorization: token.map { "Bearer \($0)" })
      (status, body) = (response.status, response.body)
    } catch {
      throw CommandOutput.fail("status", "cannot reach \(url.absoluteString): \(error.description)", StatusExit.error)
    }
    let value = try? JSONParser.parse(body)
    guard status == 200, let value else {
      let detail = value?["detail"]?.stringValue ?? "HTTP status \(status)"
      throw CommandOutput.fail("status", detail, StatusExit.error)
    }
    return value
  }
}
