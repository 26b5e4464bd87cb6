import JSONCore
import SnapshotModel

/// store.json: the store's own settings. Written on first upload, changed by `store-rules`.
public struct StoreConfig: Sendable, Equatable {
  /// Rules for every project without its own.
  public var rules: ApprovalRules
  /// Per-project rules (a project's set replaces the store's wholly).
  public var projectRules: [String: ApprovalRules]

  public init(rules: ApprovalRules = ApprovalRules(), projectRules: [String: ApprovalRules] = [:]) {
    self.rules = rules
    self.projectRules = projectRules
  }

  public func rules(for project: String) -> ApprovalRules {
    projectRules[project] ?? rules
  }

  var json: JSONValue {
    .object([
      "format": .string(StoreFiles.configFormat), "version": .int(StoreFormat.version),
      "approval_rules": rules.json,
      "projects": .object(JSONObject(projectRules.mapValues { JSONValue.object(["approval_rules": $0.json]) })),
    ])
  }

  init(json value: JSONValue) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: "")
    var projects: [String: ApprovalRules] = [:]
    for (name, project) in try fields.object("projects") {
      let projectFields = try JSONFields(project, context: "projects.\(name)")
      projects[name] = try ApprovalRules(
        json: projectFields.value("approval_rules"), context: "projects.\(name).approval_rules")
    }
    self.init(
      rules: try ApprovalRules(json: fields.value("approval_rules"), context: "approval_rules"),
      projectRules: projects)
  }
}
