import ArgumentParser
import FoundationEssentials
import SnapshotStore
import SnaprevCommandLine

/// `snaprev request-changes ID IMAGE --note TEXT`: the reviewer's `c` from a script (not in
/// Sentry's model; docs/STORE.md, "Change requests").
struct RequestChangesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "request-changes",
    abstract: "Ask for changes on one image of a build, with a one-line note.",
    discussion: """
      Until someone approves the build after it, `snaprev status` exits 5 and the \
      reviewer shows CHANGES REQUESTED. One request per reviewer and image: asking again \
      replaces the note. \(RequestChangesExit.table.inline)
      """)

  @Argument(help: "The artifact id.")
  var id: String

  @Argument(help: "The image file name, as the build lists it.")
  var image: String

  @Option(name: .long, help: "What should change (one line, at most 200 characters).")
  var note: String

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Who asks (default: $SNAPREV_REVIEWER, else the OS user).")
  var reviewer: String?

  func run() throws {
    let person = ReviewIdentity.resolve(flag: reviewer, environment: ProcessInfo.processInfo.environment)
    try storeOptions.open().requestChanges(artifact: id, imageFileName: image, note: note, reviewer: person)
    print("Requested changes on \(StoreOutput.safe(image)) of artifact \(StoreOutput.safe(id)) as \(StoreOutput.safe(person.name))")
  }
}

enum RequestChangesExit {
  static let stored = ExitStatus(0, "stored")
  static let failed = ExitStatus(1, "bad note, unknown build or image, or store error")
  static let table = ExitCodeTable(stored, failed, .usage())
}
