import ArgumentParser
import FoundationEssentials
import SnapshotModel
import SnapshotStore
import SnaprevCommandLine

/// `snaprev status ID`: a human summary and an exit code CI can gate on.
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Summarize a build (counts, errored images, approval) with an exit code for CI.",
    discussion: """
      \(StatusExit.table.block)
      """)

  @Argument(help: "The artifact id.")
  var id: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Read the build from a `snaprev serve` at this URL instead of the store.")
  var server: String?

  @Option(name: .long, help: "The API token for --server (default: $SNAPREV_TOKEN).")
  var token: String?

  @Option(name: .long, help: "The organization slug of --server.")
  var org = "default"

  @Flag(name: .long, help: "With --server: poll until the build passes, needs approval or fails.")
  var wait = false

  @Option(name: .long, help: "Seconds --wait polls before giving up (exit 4).")
  var timeout = 600.0

  func run() throws {
    if let server {
      let token = self.token ?? ProcessInfo.processInfo.environment["SNAPREV_TOKEN"]
      return try RemoteStatus(server: server, organization: org, token: token, id: id, wait: wait, timeout: timeout).run()
    }
    let store = storeOptions.open()
    let details = try store.details(of: id)
    let standing = ChangeRequest.standing(try store.changeRequests(artifact: id), approval: details.summary.approval)
    for line in Self.report(details, changeRequests: standing) { print(line) }
    let status = StatusExit.status(details.summary.gate, changesRequested: !standing.isEmpty)
    if status.code != 0 { throw status.exit }
  }

  /// `changeRequests`: the standing ones (`ChangeRequest.standing`); with any, a build that
  /// would pass or wait for approval reports "changes requested" instead.
  static func report(_ details: ArtifactDetails, changeRequests: [ChangeRequest] = []) -> [String] {
    let summary = details.summary
    let artifact = summary.artifact
    let vcs = artifact.vcs
    var lines = [
      "artifact \(artifact.id) · app \(StoreOutput.safe(artifact.appId)) · config \(StoreOutput.safe(artifact.buildConfiguration)) · project \(StoreOutput.safe(artifact.project)) · \(artifact.imageCount) images\(artifact.selective ? " (selective)" : "")",
      "head \(StoreOutput.safe(vcs.headRef)) @ \(StoreOutput.safe(vcs.headSha)) · base \(StoreOutput.safe(vcs.baseRef)) @ \(StoreOutput.safe(vcs.baseSha))\(vcs.prNumber.map { " · PR #\($0)" } ?? "")",
      "comparison: " + StoreOutput.comparison(summary.comparison),
    ]
    if let counts = summary.counts { lines.append("  " + StoreOutput.counts(counts)) }
    let errored = details.items.filter { $0.category == .errored }
    if !errored.isEmpty {
      lines.append("errored images:")
      for item in errored {
        lines.append("  \(StoreOutput.safe(item.imageFileName)): \(item.erroredReason?.rawValue ?? "unknown")")
      }
    }
    lines.append("approval: " + StoreOutput.approval(summary.approval))
    if !changeRequests.isEmpty {
      lines.append("changes requested:")
      for request in changeRequests {
        lines.append(
          "  \(StoreOutput.safe(request.imageFileName)): \(StoreOutput.safe(request.note)) (\(StoreOutput.safe(request.reviewer.name)))")
      }
    }
    if StatusExit.status(summary.gate, changesRequested: !changeRequests.isEmpty).code == StatusExit.changesRequested.code {
      lines.append("result: changes requested (approving overrides: snaprev approve \(artifact.id))")
      return lines
    }
    switch summary.gate {
    case .passes(let why): lines.append("result: passes (\(why))")
    case .requiresApproval: lines.append("result: requires approval (snaprev approve \(artifact.id))")
    case .failed(let why): lines.append("result: failed (\(StoreOutput.safe(why)))")
    case .waiting(let why): lines.append("result: waiting (\(why))")
    }
    return lines
  }
}

/// `status`'s codes, for a local store and `--server` alike: the gate's verdict (the one
/// rule, `ArtifactSummary.Gate.decide`) decides which.
enum StatusExit {
  static let passes = ExitStatus(0, "passes: approved, auto-approved, or nothing to approve")
  static let requiresApproval = ExitStatus(2, "requires approval")
  static let failed = ExitStatus(3, "comparison failed, or no base build arrived within 600 s")
  static let waiting = ExitStatus(4, "waiting: for the base build, or a pending comparison")
  static let changesRequested = ExitStatus(
    5, "changes requested: a reviewer asked for changes since the last approval (local store only)")
  static let error = ExitStatus(1, "error (unknown id, store error, server unreachable)")
  static let table = ExitCodeTable(passes, requiresApproval, failed, waiting, changesRequested, error, .usage())

  /// The row of the gate's code (`Gate.exitCode` is the one mapping; this adds the words).
  /// Standing change requests turn a pass or a wait for approval into `changesRequested`;
  /// a failed or waiting comparison keeps its own code.
  static func status(_ gate: ArtifactSummary.Gate, changesRequested: Bool = false) -> ExitStatus {
    if changesRequested {
      switch gate {
      case .passes, .requiresApproval: return Self.changesRequested
      case .failed, .waiting: break
      }
    }
    return [passes, requiresApproval, failed, waiting].first { $0.code == gate.exitCode } ?? error
  }
}
