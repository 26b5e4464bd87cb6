import ArgumentParser
import FoundationEssentials
import SnapshotStore
import SnaprevCommandLine

/// `snaprev approve ID`: approve a build's changes.
struct ApproveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve a build's snapshot changes.",
    discussion: """
      Records who approved: --reviewer, else $SNAPREV_REVIEWER, else the OS user. A repeat \
      approval prints "Already approved" and records nothing. Without --force, the build's \
      comparison must have succeeded. \(ApproveExit.table.inline)
      """)

  @Argument(help: "The artifact id.")
  var id: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Who approves (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  @Option(name: .long, help: ArgumentHelp(ReviewerKeyHelp.text, visibility: .hidden))
  var reviewerKey: String?

  @Flag(name: .long, help: "Approve a failed, pending or base-less comparison too.")
  var force = false

  func run() throws {
    let person = ReviewIdentity.resolve(flag: reviewer, key: reviewerKey, environment: ProcessInfo.processInfo.environment)
    switch try storeOptions.open().approve(id: id, reviewer: person, force: force) {
    case .approved(let record):
      let how = record.force ? " (forced)" : ""
      print("Approved artifact \(id) by \(StoreOutput.safe(person.name)) (\(StoreOutput.safe(person.username)))\(how)")
    case .alreadyApproved:
      print("Already approved")
    }
  }
}

enum ApproveExit {
  static let approved = ExitStatus(0, "approved or already approved")
  static let failed = ExitStatus(1, "error")
  static let table = ExitCodeTable(approved, failed)
}
