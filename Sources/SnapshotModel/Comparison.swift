import Foundation
import JSONCore

/// Where an image lands when a head is compared with its base (Sentry's seven lists).
public enum ImageCategory: String, Sendable, CaseIterable, Comparable {
  case changed, added, removed, renamed, unchanged, errored, skipped

  /// The order reviewers and `status` show categories in.
  public static func < (a: ImageCategory, b: ImageCategory) -> Bool {
    allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
  }
}

/// Why a pair could not be compared. Sentry keeps these internal; snaprev shows them.
public enum ErroredReason: String, Sendable, CaseIterable {
  /// The padded canvas is over 40,000,000 pixels.
  case exceedsPixelLimit = "exceeds_pixel_limit"
  case exceedsBatchPixelLimit = "exceeds_batch_pixel_limit"
  /// An image blob is missing from the store.
  case imageFetchFailed = "image_fetch_failed"
  /// A PNG would not decode (or the comparison failed).
  case imageProcessingFailed = "image_processing_failed"
  case chunkFailed = "chunk_failed"
  case chunkResultUnreadable = "chunk_result_unreadable"
}

/// How many images each category holds.
public struct CategoryCounts: Sendable, Equatable {
  public var changed = 0, added = 0, removed = 0, renamed = 0, unchanged = 0, errored = 0, skipped = 0

  public init() {}

  public subscript(category: ImageCategory) -> Int {
    get {
      switch category {
      case .changed: return changed
      case .added: return added
      case .removed: return removed
      case .renamed: return renamed
      case .unchanged: return unchanged
      case .errored: return errored
      case .skipped: return skipped
      }
    }
    set {
      switch category {
      case .changed: changed = newValue
      case .added: added = newValue
      case .removed: removed = newValue
      case .renamed: renamed = newValue
      case .unchanged: unchanged = newValue
      case .errored: errored = newValue
      case .skipped: skipped = newValue
      }
    }
  }

  public init(_ entries: [ComparisonEntry]) {
    for entry in entries { self[entry.category] += 1 }
  }

  public var total: Int { ImageCategory.allCases.reduce(0) { $0 + self[$1] } }
}

/// The result for one image name (Sentry's `ComparisonImageResult`). Entries are keyed by
/// the head name, or by the base name for removed and skipped images.
public struct ComparisonEntry: Sendable, Equatable {
  public var imageFileName: String
  public var category: ImageCategory
  public var headKey: String?
  public var baseKey: String?
  /// Renamed: the base name the image had before.
  public var previousImageFileName: String?
  public var baseWidth: Int?
  public var baseHeight: Int?
  public var headWidth: Int?
  public var headHeight: Int?
  /// Pixel measurements, for pairs that were diffed.
  public var changedPixels: Int?
  public var totalPixels: Int?
  /// The stored diff mask (changed images only).
  public var diffImageKey: String?
  public var reason: ErroredReason?
  /// Set when the base image came from an older build of a selective base's ancestry.
  public var baseArtifactId: String?

  public init(
    imageFileName: String, category: ImageCategory, headKey: String? = nil, baseKey: String? = nil,
    previousImageFileName: String? = nil, baseWidth: Int? = nil, baseHeight: Int? = nil,
    headWidth: Int? = nil, headHeight: Int? = nil, changedPixels: Int? = nil,
    totalPixels: Int? = nil, diffImageKey: String? = nil, reason: ErroredReason? = nil,
    baseArtifactId: String? = nil
  ) {
    self.imageFileName = imageFileName
    self.category = category
    self.headKey = headKey
    self.baseKey = baseKey
    self.previousImageFileName = previousImageFileName
    self.baseWidth = baseWidth
    self.baseHeight = baseHeight
    self.headWidth = headWidth
    self.headHeight = headHeight
    self.changedPixels = changedPixels
    self.totalPixels = totalPixels
    self.diffImageKey = diffImageKey
    self.reason = reason
    self.baseArtifactId = baseArtifactId
  }

  /// changed / canvas pixels, when measured.
  public var diff: Double? {
    guard let changedPixels, let totalPixels else { return nil }
    return totalPixels > 0 ? Double(changedPixels) / Double(totalPixels) : 0
  }
}

/// The pixel comparison that produced a record, so results stay explainable when the
/// defaults change.
public struct DiffAlgorithm: Sendable, Equatable {
  public var name: String
  public var version: String
  /// pixelmatch's colour-distance threshold (not a share of pixels).
  public var threshold: Double
  public var includeAA: Bool
  /// Bumped whenever snaprev's comparison changes in a way that changes counts.
  public var algorithmVersion: Int

  public init(
    name: String = "pixelmatch", version: String = "7.2.0", threshold: Double = 0.1,
    includeAA: Bool = false, algorithmVersion: Int = 1
  ) {
    self.name = name
    self.version = version
    self.threshold = threshold
    self.includeAA = includeAA
    self.algorithmVersion = algorithmVersion
  }

  public static let current = DiffAlgorithm()
}

/// A comparison row: `pending` (a selective base's ancestry is incomplete), `success` or
/// `failed`. Comparisons run inside the upload, so no `processing` row is ever stored.
public enum ComparisonRecordState: String, Sendable {
  case pending, processing, success, failed
}

/// One comparison of a head with a base (comparison-N.json). Its entries live in
/// comparison-N-images.json, written first; this small file is the commit point.
public struct ComparisonRecord: Sendable, Equatable {
  public var number: Int
  public var headArtifactId: String
  public var baseArtifactId: String
  public var state: ComparisonRecordState
  public var errorMessage: String?
  public var createdAt: Date
  public var algorithm: DiffAlgorithm
  public var counts: CategoryCounts

  public init(
    number: Int, headArtifactId: String, baseArtifactId: String, state: ComparisonRecordState,
    errorMessage: String? = nil, createdAt: Date, algorithm: DiffAlgorithm = .current,
    counts: CategoryCounts = CategoryCounts()
  ) {
    self.number = number
    self.headArtifactId = headArtifactId
    self.baseArtifactId = baseArtifactId
    self.state = state
    self.errorMessage = errorMessage
    self.createdAt = createdAt
    self.algorithm = algorithm
    self.counts = counts
  }
}

// MARK: - File formats

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
