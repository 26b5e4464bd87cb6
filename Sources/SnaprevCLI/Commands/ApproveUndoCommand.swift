import ArgumentParser
import FoundationEssentials
import SnapshotStore
import SnaprevCommandLine

/// `snaprev unapprove ID`: revoke an approval (Sentry has no undo; snaprev keeps history).
struct ApproveUndoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unapprove",
    abstract: "Revoke a build's approval (the approval history is kept).",
    discussion: UnapproveExit.table.inline)

  @Argument(help: "The artifact id.")
  var id: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Who revokes (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  func run() throws {
    let person = ReviewIdentity.resolve(flag: reviewer, environment: ProcessInfo.processInfo.environment)
    let record = try storeOptions.open().unapprove(id: id, reviewer: person)
    let revoked = record.revokes.map(String.init).joined(separator: ", ")
    print("Revoked approval of artifact \(id) (record \(revoked)) by \(StoreOutput.safe(person.name))")
  }
}

enum UnapproveExit {
  static let revoked = ExitStatus(0, "revoked")
  static let failed = ExitStatus(1, "nothing to revoke or store error")
  static let table = ExitCodeTable(revoked, failed)
}
