import JSONCore

/// What an image's sidecar (`NAME.json` beside `NAME.png`) says about it; empty without one.
public struct ImageMetadata: Sendable, Equatable {
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
    displayName: String? = nil, group: String? = nil, description: String? = nil, diffThreshold: Double? = nil,
    canvasTheme: String? = nil, tags: [String: String]? = nil, extra: JSONObject = [:]
  ) {
    self.displayName = displayName
    self.group = group
    self.description = description
    self.diffThreshold = diffThreshold
    self.canvasTheme = canvasTheme
    self.tags = tags
    self.extra = extra
  }
}

/// One uploaded image: what the PNG header and its sidecar said. Immutable once stored.
public struct SnapshotImage: Sendable, Equatable {
  /// The identity: the path relative to the upload directory, `/`-separated.
  public var imageFileName: String
  /// SHA-256 hex of the file bytes; also the name of the stored blob.
  public var key: String
  public var width: Int
  public var height: Int
  public var metadata: ImageMetadata

  public init(imageFileName: String, key: String, width: Int, height: Int, metadata: ImageMetadata = ImageMetadata()) {
    self.imageFileName = imageFileName
    self.key = key
    self.width = width
    self.height = height
    self.metadata = metadata
  }

  /// What a reviewer sees as the image's title.
  public var title: String { metadata.displayName ?? imageFileName }

  /// This image's threshold, else the upload's, else 0 (Sentry's default).
  public func effectiveThreshold(global: Double?) -> Double {
    metadata.diffThreshold ?? global ?? 0
  }
}
