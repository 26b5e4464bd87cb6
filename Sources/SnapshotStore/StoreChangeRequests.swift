import FoundationEssentials
import JSONCore
import SnapshotModel
import TextEscaping
import TextFormat

/// A reviewer's "request changes" on one image of a build, with a short note. Not part of
/// Sentry's model (docs/STORE.md, "Change requests"): kept beside approvals.json, never in
/// `show`'s Sentry response.
public struct ChangeRequest: Sendable, Equatable {
  public var imageFileName: String
  /// One line, at most `ChangeRequest.noteLimit` characters; untrusted text (escape it).
  public var note: String
  public var reviewer: Reviewer
  public var createdAt: Date

  public init(imageFileName: String, note: String, reviewer: Reviewer, createdAt: Date) {
    self.imageFileName = imageFileName
    self.note = note
    self.reviewer = reviewer
    self.createdAt = createdAt
  }

  /// A note is a one-line reason, not a review thread: 200 characters (a terminal line and
  /// a half) is enough to say what is wrong, and keeps the facts line readable.
  public static let noteLimit = 200
  static let format = "snaprev-change-requests"

  /// Why `note` cannot be stored, or nil.
  public static func problem(with note: String) -> String? {
    if note.trimmingWhitespace().isEmpty { return "the note is empty" }
    if note.count > noteLimit { return "the note has \(note.count) characters, more than \(noteLimit)" }
    if note.contains(where: \.isNewline) { return "the note must be one line" }
    return nil
  }

  /// The requests still standing: those made after the newest human approval in force (an
  /// approval after a request is the override the reviewer asks for; one before it does not
  /// answer it). Auto-approvals never override a person.
  public static func standing(_ requests: [ChangeRequest], approval: ApprovalState) -> [ChangeRequest] {
    let approvedAt = approval.status == .approved ? approval.approvals.map(\.createdAt).max() : nil
    guard let approvedAt else { return requests }
    return requests.filter { $0.createdAt > approvedAt }
  }

  var storeJSON: JSONValue {
    .object([
      "image_file_name": .string(imageFileName), "note": .string(note), "reviewer": reviewer.storeJSON,
      "created_at": .string(Timestamp.format(createdAt)),
    ])
  }

  init(storeJSON value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    let created = try fields.string("created_at")
    guard let date = Timestamp.parse(created) else {
      throw JSONFieldError(message: "\(fields.name("created_at")) is not an ISO 8601 time: \(created)")
    }
    self.init(
      imageFileName: try fields.string("image_file_name"), note: try fields.string("note"),
      reviewer: try Reviewer(storeJSON: try fields.object("reviewer"), context: fields.name("reviewer")),
      createdAt: date)
  }
}

extension StoreFiles {
  func changeRequestsPath(_ id: String) -> String { artifactDirectory(id) + "/change-requests.json" }

  func changeRequests(_ id: String) throws(StoreError) -> [ChangeRequest] {
    let path = changeRequestsPath(id)
    guard let value = try document(path, format: ChangeRequest.format) else { return [] }
    return try decode(path) { () throws(JSONFieldError) in
      let fields = try JSONFields(value, context: "")
      var requests: [ChangeRequest] = []
      for (index, item) in try fields.array("requests").enumerated() {
        requests.append(try ChangeRequest(storeJSON: item, context: "requests[\(index)]"))
      }
      return requests
    }
  }

  func writeChangeRequests(_ requests: [ChangeRequest], _ id: String) throws(StoreError) {
    try write(
      .object([
        "format": .string(ChangeRequest.format), "version": .int(StoreFormat.version),
        "requests": .array(requests.map(\.storeJSON)),
      ]), to: changeRequestsPath(id))
  }
}

extension SnapshotStore {
  /// Records `reviewer`'s change request on an image of build `id` (the reviewer's `c`). One
  /// request per reviewer and image: asking again replaces the note. Under the store's
  /// write lock, written atomically like approvals.json.
  public func requestChanges(
    artifact id: String, imageFileName: String, note: String, reviewer: Reviewer
  ) throws(StoreError) {
    if let problem = ChangeRequest.problem(with: note) {
      throw .invalidNote(artifact: id, reason: problem)
    }
    try withWriteLock(create: false) { _ throws(StoreError) in
      let manifest = try files.manifest(id)
      guard manifest.images.contains(where: { $0.imageFileName == imageFileName }) else {
        throw .unknownImageName(artifact: id, name: imageFileName)
      }
      try removeStaleTemporaryFiles(everywhere: false, artifacts: [id])
      var requests = try files.changeRequests(id).filter {
        !($0.imageFileName == imageFileName && $0.reviewer.username == reviewer.username)
      }
      requests.append(ChangeRequest(imageFileName: imageFileName, note: note, reviewer: reviewer, createdAt: now()))
      try files.writeChangeRequests(requests, id)
    }
  }

  /// The change requests on build `id`, oldest first.
  public func changeRequests(artifact id: String) throws(StoreError) -> [ChangeRequest] {
    _ = try files.requireStore()
    _ = try files.artifact(id)
    return try files.changeRequests(id)
  }
}
