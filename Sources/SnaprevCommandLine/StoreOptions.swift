import ArgumentParser
import DurableFiles
import FoundationEssentials
import SnapshotModel
import SnapshotStore
import TextEscaping

/// `--store DIR`, shared by every store command.
public struct StoreOptions: ParsableArguments {
  public init() {}

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The store directory.", discussion: "Default: $SNAPREV_STORE, else .snaprev in the working directory.",
      valueName: "dir"))
  public var store: String?

  public func validate() throws {
    try NonUTF8PathArgument.check(store, argument: "--store")
  }

  /// `--store`, else `$SNAPREV_STORE`, else `./.snaprev`: one root for the snapshot store
  /// and the archive beside it.
  public var root: String {
    SnapshotStore.resolveRoot(
      flag: store, environment: ProcessInfo.processInfo.environment,
      currentDirectory: FileManager.default.currentDirectoryPath)
  }

  public func open() -> SnapshotStore { SnapshotStore(root: root) }
}

/// Small output helpers for the store commands. Every untrusted value goes through
/// `SafeText` before it reaches the terminal.
public enum StoreOutput {
  public static func safe(_ text: String?) -> String {
    text.map(SafeText.escaped) ?? "-"
  }

  public static func counts(_ counts: CategoryCounts?) -> String {
    guard let counts else { return "-" }
    return ImageCategory.allCases.map { "\($0.rawValue) \(counts[$0])" }.joined(separator: " · ")
  }

  /// e.g. "approved by Alice (alice)" or "requires approval".
  public static func approval(_ state: ApprovalState) -> String {
    switch state.status {
    case .approved?:
      let people = state.approvals.compactMap(\.reviewer).map { "\(safe($0.name)) (\(safe($0.username)))" }
      return "approved by " + people.joined(separator: ", ")
    case .autoApproved?: return "auto-approved"
    case .requiresApproval?: return "requires approval"
    case nil: return "none"
    }
  }

  public static func comparison(_ status: ComparisonStatus) -> String {
    var text = status.state ?? "none (no base_sha)"
    if let base = status.baseArtifactId { text += " against artifact \(base)" }
    if let message = status.errorMessage { text += ": " + safe(message) }
    return text
  }

  public static func writeStdout(_ bytes: [UInt8]) {
    StandardStream.output.write(bytes)
  }
}
