import JSONCore
import SnapshotModel

// The store files of comparisons (comparison-N.json, comparison-N-images.json) and the
// JSON of their parts.

extension CategoryCounts {
  /// `{"added": 1, "changed": 2, ...}`: every category's count.
  public var json: JSONValue {
    .object(JSONObject(Dictionary(uniqueKeysWithValues: ImageCategory.allCases.map { ($0.rawValue, JSONValue.int(self[$0])) })))
  }

  init(json value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    self.init()
    for category in ImageCategory.allCases { self[category] = try fields.int(category.rawValue) }
  }
}

extension DiffAlgorithm {
  var json: JSONValue {
    .object([
      "name": .string(name), "version": .string(version), "threshold": .double(threshold),
      "include_aa": .bool(includeAA), "algorithm_version": .int(algorithmVersion),
    ])
  }

  init(json value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    guard let threshold = try fields.optionalDouble("threshold") else {
      throw JSONFieldError(message: "missing field \(fields.name("threshold"))")
    }
    self.init(
      name: try fields.string("name"), version: try fields.string("version"), threshold: threshold,
      includeAA: try fields.bool("include_aa"), algorithmVersion: try fields.int("algorithm_version"))
  }
}

extension ComparisonEntry {
  var storeJSON: JSONValue {
    var members: JSONObject = [
      "image_file_name": .string(imageFileName), "status": .string(category.rawValue),
    ]
    func put(_ key: String, _ value: JSONValue?) {
      if let value, !value.isNull { members[key] = value }
    }
    put("head_hash", .string(headKey))
    put("base_hash", .string(baseKey))
    put("previous_image_file_name", .string(previousImageFileName))
    put("before_width", .int(baseWidth))
    put("before_height", .int(baseHeight))
    put("after_width", .int(headWidth))
    put("after_height", .int(headHeight))
    put("changed_pixels", .int(changedPixels))
    put("total_pixels", .int(totalPixels))
    put("diff_image_key", .string(diffImageKey))
    put("reason", .string(reason?.rawValue))
    put("base_artifact_id", .string(baseArtifactId))
    return .object(members)
  }

  init(storeJSON value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    let status = try fields.string("status")
    guard let category = ImageCategory(rawValue: status) else {
      throw JSONFieldError(message: "\(fields.name("status")) is not a category: \(status)")
    }
    var reason: ErroredReason?
    if let text = try fields.optionalString("reason") {
      guard let known = ErroredReason(rawValue: text) else {
        throw JSONFieldError(message: "\(fields.name("reason")) is not a known reason: \(text)")
      }
      reason = known
    }
    self.init(
      imageFileName: try fields.string("image_file_name"), category: category,
      headKey: try fields.optionalString("head_hash"), baseKey: try fields.optionalString("base_hash"),
      previousImageFileName: try fields.optionalString("previous_image_file_name"),
      baseWidth: try fields.optionalInt("before_width"),
      baseHeight: try fields.optionalInt("before_height"),
      headWidth: try fields.optionalInt("after_width"),
      headHeight: try fields.optionalInt("after_height"),
      changedPixels: try fields.optionalInt("changed_pixels"),
      totalPixels: try fields.optionalInt("total_pixels"),
      diffImageKey: try fields.optionalString("diff_image_key"), reason: reason,
      baseArtifactId: try fields.optionalString("base_artifact_id"))
  }
}

extension ComparisonRecord {
  static let format = "snaprev-comparison"
  static let entriesFormat = "snaprev-comparison-images"

  var storeJSON: JSONValue {
    .object([
      "format": .string(Self.format), "version": .int(StoreFormat.version),
      "number": .int(number), "head_artifact_id": .string(headArtifactId),
      "base_artifact_id": .string(baseArtifactId), "state": .string(state.rawValue),
      "error_message": .string(errorMessage), "created_at": .string(Timestamp.format(createdAt)),
      "algorithm": algorithm.json, "counts": counts.json,
    ])
  }

  init(storeJSON value: JSONValue) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: "")
    let stateText = try fields.string("state")
    guard let state = ComparisonRecordState(rawValue: stateText) else {
      throw JSONFieldError(message: "\"state\" is not a comparison state: \(stateText)")
    }
    let created = try fields.string("created_at")
    guard let date = Timestamp.parse(created) else {
      throw JSONFieldError(message: "\"created_at\" is not an ISO 8601 time: \(created)")
    }
    self.init(
      number: try fields.int("number"), headArtifactId: try fields.string("head_artifact_id"),
      baseArtifactId: try fields.string("base_artifact_id"), state: state,
      errorMessage: try fields.optionalString("error_message"), createdAt: date,
      algorithm: try DiffAlgorithm(json: fields.value("algorithm"), context: "algorithm"),
      counts: try CategoryCounts(json: fields.value("counts"), context: "counts"))
  }

  static func entriesJSON(_ entries: [ComparisonEntry], number: Int) -> JSONValue {
    .object([
      "format": .string(entriesFormat), "version": .int(StoreFormat.version),
      "number": .int(number), "images": .array(entries.map(\.storeJSON)),
    ])
  }

  static func entries(fromStoreJSON value: JSONValue) throws(JSONFieldError) -> [ComparisonEntry] {
    let fields = try JSONFields(value, context: "")
    let items = try fields.array("images")
    var entries: [ComparisonEntry] = []
    entries.reserveCapacity(items.count)
    for (position, item) in items.enumerated() {
      entries.append(try ComparisonEntry(storeJSON: item, context: "images[\(position)]"))
    }
    return entries
  }
}
