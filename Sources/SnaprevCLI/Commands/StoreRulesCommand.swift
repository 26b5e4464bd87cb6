import ArgumentParser
import SnapshotModel
import SnapshotStore
import SnaprevCommandLine

/// `snaprev store-rules`: which changes need approval, per store or project.
struct StoreRulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store-rules",
    abstract: "Show or set which changes require approval (for the store or one project).",
    discussion: """
      Defaults (Sentry's): changed and removed images require approval, added and renamed \
      do not. A project's rules, once set, replace the store's for that project. Applies to \
      comparisons made after the change. \(StoreRulesExit.table.inline)
      """)

  @OptionGroup var storeOptions: StoreOptions

  @Option(name: .long, help: "Show or set this project's rules instead of the store's.")
  var project: String?

  @Option(name: .customLong("enabled"), help: "Whether approval is ever required (true/false).")
  var enabled: Bool?
  @Option(name: .customLong("fail-on-changed"), help: "Changed images require approval (true/false).")
  var failOnChanged: Bool?
  @Option(name: .customLong("fail-on-removed"), help: "Removed images require approval (true/false).")
  var failOnRemoved: Bool?
  @Option(name: .customLong("fail-on-added"), help: "Added images require approval (true/false).")
  var failOnAdded: Bool?
  @Option(name: .customLong("fail-on-renamed"), help: "Renamed images require approval (true/false).")
  var failOnRenamed: Bool?

  func run() throws {
    let store = storeOptions.open()
    let changes = [enabled, failOnChanged, failOnRemoved, failOnAdded, failOnRenamed]
    var rules = ApprovalRules()
    if store.exists {
      let config = try store.config()
      rules = project.map(config.rules(for:)) ?? config.rules
    }
    if changes.contains(where: { $0 != nil }) {
      rules.enabled = enabled ?? rules.enabled
      rules.failOnChanged = failOnChanged ?? rules.failOnChanged
      rules.failOnRemoved = failOnRemoved ?? rules.failOnRemoved
      rules.failOnAdded = failOnAdded ?? rules.failOnAdded
      rules.failOnRenamed = failOnRenamed ?? rules.failOnRenamed
      try store.setRules(rules, project: project)
    }
    print("rules for \(project.map { "project " + StoreOutput.safe($0) } ?? "the store"):")
    print("  enabled: \(rules.enabled)")
    print("  fail on changed: \(rules.failOnChanged)")
    print("  fail on removed: \(rules.failOnRemoved)")
    print("  fail on added: \(rules.failOnAdded)")
    print("  fail on renamed: \(rules.failOnRenamed)")
  }
}

enum StoreRulesExit {
  static let done = ExitStatus(0, "shown or set")
  static let failed = ExitStatus(1, "store error")
  static let table = ExitCodeTable(done, failed)
}
