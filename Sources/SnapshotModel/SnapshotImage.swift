import JSONCore

/// One uploaded image: what the PNG header and its sidecar said. Immutable once stored.
public struct SnapshotImage: Sendable, Equatable {
  /// The identity: the path relative to the upload directory, `/`-separated.
  public var imageFileName: String
  /// SHA-256 hex of the file bytes; also the name of the stored blob.
  public var key: String
  public var width: Int
  public var height: Int
  public var displayName: String?
  public var group: String?
  public var description: String?
  /// The image's own threshold (not the upload's global one).
  public var diffThreshold: Double?
  /// "light", "dark" or nil.
  public var canvasTheme: String?
  public var tags: [String: String]?
  /// Sidecar keys snaprev does not know; shown unchanged in the API response.
  public var extra: JSONObject

  public init(
    imageFileName: String, key: String, width: Int, height: Int, displayName: String? = nil,
    group: String? = nil, description: String? = nil, diffThreshold: Double? = nil,
    canvasTheme: String? = nil, tags: [String: String]? = nil, extra: JSONObject = [:]
  ) {
    self.imageFileName = imageFileName
    self.key = key
    self.width = width
    self.height = height
    self.displayName = displayName
    self.group = group
    self.description = description
    self.diffThreshold = diffThreshold
    self.canvasTheme = canvasTheme
    self.tags = tags
    self.extra = extra
  }

  /// What a reviewer sees as the image's title.
  public var title: String { displayName ?? imageFileName }

  /// This image's threshold, else the upload's, else 0 (Sentry's default).
  public func effectiveThreshold(global: Double?) -> Double {
    diffThreshold ?? global ?? 0
  }
}

// MARK: - File format (images.json entries)

extension SnapshotImage {
  var storeJSON: JSONValue {
    var members: JSONObject = [
      "image_file_name": .string(imageFileName),
      "key": .string(key),
      "width": .int(width),
      "height": .int(height),
      "display_name": .string(displayName),
      "group": .string(group),
      "description": .string(description),
      "diff_threshold": .double(diffThreshold),
      "canvas_theme": .string(canvasTheme),
      "tags": tags.map { .object(JSONObject($0.mapValues(JSONValue.string))) } ?? .null,
    ]
    if !extra.isEmpty { members["extra"] = .object(extra) }
    return .object(members)
  }

  init(storeJSON value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    self.init(
      imageFileName: try fields.string("image_file_name"),
      key: try fields.string("key"),
      width: try fields.int("width"),
      height: try fields.int("height"),
      displayName: try fields.optionalString("display_name"),
      group: try fields.optionalString("group"),
      description: try fields.optionalString("description"),
      diffThreshold: try fields.optionalDouble("diff_threshold"),
      canvasTheme: try fields.optionalString("canvas_theme"),
      tags: try fields.optionalStringMap("tags"),
      extra: try fields.optionalObject("extra") ?? [:])
  }
}
