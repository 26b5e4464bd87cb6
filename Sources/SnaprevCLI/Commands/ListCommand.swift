import ArgumentParser
import SnapshotModel
import SnapshotStore
import TerminalCanvas
import JSONCore
import TextEscaping
import SnaprevCommandLine

/// `snaprev list`: every build in the store.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the builds in the store with their refs, counts, comparison and approval.",
    discussion: "Counts are changed/added/removed/renamed/unchanged/errored/skipped. \(ListExit.table.inline)")

  @OptionGroup var storeOptions: StoreOptions

  @Flag(name: .long, help: "Print a JSON list instead of a table.")
  var json = false

  func run() throws {
    let summaries = try storeOptions.open().summaries()
    if json {
      StoreOutput.writeStdout(JSONWriter.bytes(.array(summaries.map(Self.json)), style: .storePretty))
      return
    }
    if summaries.isEmpty {
      print("no builds in the store")
      return
    }
    let header = ["ID", "APP", "CONFIG", "HEAD", "BASE", "PR", "CHG/ADD/REM/REN/UNC/ERR/SKP", "COMPARISON", "APPROVAL"]
    let rows = summaries.map(Self.row)
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
    for row in [header] + rows {
      let cells = row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[column])
      }
      print(cells.joined(separator: "  "))
    }
  }

  static func row(_ summary: ArtifactSummary) -> [String] {
    let artifact = summary.artifact
    let vcs = artifact.vcs
    func ref(_ name: String?, _ sha: String?) -> String {
      let short = sha.map { String($0.prefix(10)) }
      switch (name, short) {
      case (let name?, let sha?): return DisplayWidth.shortenMiddle(SafeText.escaped(name), to: 24) + "@" + SafeText.escaped(sha)
      case (let name?, nil): return DisplayWidth.shortenMiddle(SafeText.escaped(name), to: 24)
      case (nil, let sha?): return SafeText.escaped(sha)
      case (nil, nil): return "-"
      }
    }
    let counts = summary.counts.map { counts in
      ImageCategory.allCases.map { String(counts[$0]) }.joined(separator: "/")
    } ?? "-"
    return [
      artifact.id, DisplayWidth.shortenMiddle(StoreOutput.safe(artifact.appId), to: 30),
      DisplayWidth.shortenMiddle(StoreOutput.safe(artifact.buildConfiguration), to: 16),
      ref(vcs.headRef, vcs.headSha), ref(vcs.baseRef, vcs.baseSha), vcs.prNumber.map { "#\($0)" } ?? "-",
      counts, summary.comparison.state ?? "-", StoreOutput.approval(summary.approval),
    ]
  }

  static func json(_ summary: ArtifactSummary) -> JSONValue {
    let artifact = summary.artifact
    return .object([
      "id": .string(artifact.id), "project": .string(artifact.project), "app_id": .string(artifact.appId),
      "build_configuration": .string(artifact.buildConfiguration), "vcs_info": artifact.vcs.apiJSON,
      "image_count": .int(artifact.imageCount), "is_selective": .bool(artifact.selective),
      "base_artifact_id": .string(summary.comparison.baseArtifactId),
      "comparison_type": .string(summary.comparison.type.rawValue),
      "comparison_state": .string(summary.comparison.state),
      "comparison_error_message": .string(summary.comparison.errorMessage),
      "counts": summary.counts?.json ?? .null,
      "approval_status": .string(summary.approval.status?.rawValue),
      "approvers": summary.approval.approversJSON,
    ])
  }
}

enum ListExit {
  static let listed = ExitStatus(0, "listed")
  static let failed = ExitStatus(1, "store error")
  static let table = ExitCodeTable(listed, failed)
}
