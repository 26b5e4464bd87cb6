import JSONCore
import SnapshotModel

// approvals.json, the approval rules of store.json, and the API's `approvers`.

extension ApprovalState {
  /// The API's `approvers` list.
  public var approversJSON: JSONValue {
    .array(
      approvals.compactMap { record in
        guard let reviewer = record.reviewer else { return nil }
        return .object(JSONObject([
          "id": .string(reviewer.username), "name": .string(reviewer.name), "email": .null,
          "username": .string(reviewer.username), "avatar_url": .null,
          "approved_at": .string(Timestamp.format(record.createdAt)), "source": .string("snaprev"),
          "identified_by": .string(reviewer.source.rawValue),
        ].merging(reviewer.keyJSON) { old, _ in old }))
      })
  }
}

extension Reviewer {
  /// `key_fingerprint`, only for a reviewer identified by an SSH key: records of the other
  /// sources are written byte for byte as before.
  var keyJSON: [String: JSONValue] {
    guard let key else { return [:] }
    return ["key_fingerprint": .string(key)]
  }
}

extension Reviewer {
  /// `{name, username, identified_by[, key_fingerprint]}`: approvals and change requests.
  var storeJSON: JSONValue {
    .object(
      JSONObject(
        [
          "name": .string(name), "username": .string(username), "identified_by": .string(source.rawValue),
        ].merging(keyJSON) { old, _ in old }))
  }

  init(storeJSON object: JSONObject, context: String) throws(JSONFieldError) {
    let person = try JSONFields(.object(object), context: context)
    let sourceText = try person.string("identified_by")
    guard let source = ReviewerSource(rawValue: sourceText) else {
      throw JSONFieldError(message: "\(person.name("identified_by")) is unknown: \(sourceText)")
    }
    self.init(
      name: try person.string("name"), username: try person.string("username"), source: source,
      key: try person.optionalString("key_fingerprint"))
  }
}

extension ApprovalRecord {
  static let format = "snaprev-approvals"

  var storeJSON: JSONValue {
    .object([
      "id": .int(id), "status": .string(kind.rawValue), "created_at": .string(Timestamp.format(createdAt)),
      "reviewer": reviewer.map(\.storeJSON) ?? .null,
      "auto_approval": .bool(auto), "force": .bool(force),
      "prev_approved_artifact_id": .string(previousApprovedArtifactId),
      "revokes": .array(revokes.map(JSONValue.int)),
    ])
  }

  init(storeJSON value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    let status = try fields.string("status")
    guard let kind = ApprovalKind(rawValue: status) else {
      throw JSONFieldError(message: "\(fields.name("status")) is not an approval status: \(status)")
    }
    let created = try fields.string("created_at")
    guard let date = Timestamp.parse(created) else {
      throw JSONFieldError(message: "\(fields.name("created_at")) is not an ISO 8601 time: \(created)")
    }
    var reviewer: Reviewer?
    if let object = try fields.optionalObject("reviewer") {
      reviewer = try Reviewer(storeJSON: object, context: fields.name("reviewer"))
    }
    var revokes: [Int] = []
    for item in try fields.array("revokes") {
      guard case .int(let number) = item else {
        throw JSONFieldError(message: "\(fields.name("revokes")) must hold integers")
      }
      revokes.append(number)
    }
    self.init(
      id: try fields.int("id"), kind: kind, createdAt: date, reviewer: reviewer,
      auto: try fields.bool("auto_approval"), force: try fields.bool("force"),
      previousApprovedArtifactId: try fields.optionalString("prev_approved_artifact_id"),
      revokes: revokes)
  }

  static func historyJSON(_ records: [ApprovalRecord]) -> JSONValue {
    .object([
      "format": .string(format), "version": .int(StoreFormat.version),
      "records": .array(records.sorted { $0.id < $1.id }.map(\.storeJSON)),
    ])
  }

  static func history(fromStoreJSON value: JSONValue) throws(JSONFieldError) -> [ApprovalRecord] {
    let fields = try JSONFields(value, context: "")
    var records: [ApprovalRecord] = []
    for (position, item) in try fields.array("records").enumerated() {
      records.append(try ApprovalRecord(storeJSON: item, context: "records[\(position)]"))
    }
    return records
  }
}

extension ApprovalRules {
  var json: JSONValue {
    .object([
      "enabled": .bool(enabled), "fail_on_added": .bool(failOnAdded),
      "fail_on_removed": .bool(failOnRemoved), "fail_on_changed": .bool(failOnChanged),
      "fail_on_renamed": .bool(failOnRenamed),
    ])
  }

  init(json value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    self.init(
      enabled: try fields.bool("enabled"), failOnAdded: try fields.bool("fail_on_added"),
      failOnRemoved: try fields.bool("fail_on_removed"), failOnChanged: try fields.bool("fail_on_changed"),
      failOnRenamed: try fields.bool("fail_on_renamed"))
  }
}
