import JSONCore
import SnapshotModel

// artifact.json, images.json, and the API's `vcs_info`.

extension VCSInfo {
  /// The eight keys of the API's `vcs_info`, null when unknown.
  public var apiJSON: JSONValue {
    .object([
      "head_sha": .string(headSha), "base_sha": .string(baseSha),
      "head_ref": .string(headRef), "base_ref": .string(baseRef),
      "head_repo_name": .string(headRepoName), "base_repo_name": .string(baseRepoName),
      "provider": .string(provider), "pr_number": .int(prNumber),
    ])
  }

  init(json value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    self.init(
      headSha: try fields.optionalString("head_sha"), baseSha: try fields.optionalString("base_sha"),
      headRef: try fields.optionalString("head_ref"), baseRef: try fields.optionalString("base_ref"),
      headRepoName: try fields.optionalString("head_repo_name"),
      baseRepoName: try fields.optionalString("base_repo_name"),
      provider: try fields.optionalString("provider"), prNumber: try fields.optionalInt("pr_number"))
  }
}

extension Artifact {
  static let format = "snaprev-artifact"

  var storeJSON: JSONValue {
    .object([
      "format": .string(Self.format), "version": .int(StoreFormat.version),
      "id": .string(id), "project": .string(project), "app_id": .string(appId),
      "build_configuration": .string(buildConfiguration), "vcs": vcs.apiJSON,
      "created_at": .string(Timestamp.format(createdAt)), "diff_threshold": .double(diffThreshold),
      "selective": .bool(selective), "image_count": .int(imageCount), "state": .string(Self.state),
    ])
  }

  init(storeJSON value: JSONValue) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: "")
    let created = try fields.string("created_at")
    guard let date = Timestamp.parse(created) else {
      throw JSONFieldError(message: "\"created_at\" is not an ISO 8601 time: \(created)")
    }
    self.init(
      id: try fields.string("id"), project: try fields.string("project"),
      appId: try fields.optionalString("app_id"),
      buildConfiguration: try fields.optionalString("build_configuration"),
      vcs: try VCSInfo(json: fields.value("vcs"), context: "vcs"), createdAt: date,
      diffThreshold: try fields.optionalDouble("diff_threshold"),
      selective: try fields.bool("selective"), imageCount: try fields.int("image_count"))
  }
}

extension ArtifactManifest {
  static let format = "snaprev-images"

  var storeJSON: JSONValue {
    .object([
      "format": .string(Self.format), "version": .int(StoreFormat.version),
      "images": .array(images.map(\.storeJSON)),
      "all_image_file_names": allImageFileNames.map { .array($0.map(JSONValue.string)) } ?? .null,
    ])
  }

  init(storeJSON value: JSONValue) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: "")
    var images: [SnapshotImage] = []
    let items = try fields.array("images")
    images.reserveCapacity(items.count)
    for (position, item) in items.enumerated() {
      images.append(try SnapshotImage(storeJSON: item, context: "images[\(position)]"))
    }
    let all: [String]? =
      try fields.optionalArray("all_image_file_names") == nil
      ? nil : try fields.stringList("all_image_file_names")
    self.init(images: images, allImageFileNames: all)
  }
}

extension SnapshotImage {
  var storeJSON: JSONValue {
    var members: JSONObject = [
      "image_file_name": .string(imageFileName),
      "key": .string(key),
      "width": .int(width),
      "height": .int(height),
      "display_name": .string(metadata.displayName),
      "group": .string(metadata.group),
      "description": .string(metadata.description),
      "diff_threshold": .double(metadata.diffThreshold),
      "canvas_theme": .string(metadata.canvasTheme),
      "tags": metadata.tags.map { .object(JSONObject($0.mapValues(JSONValue.string))) } ?? .null,
    ]
    if !metadata.extra.isEmpty { members["extra"] = .object(metadata.extra) }
    return .object(members)
  }

  init(storeJSON value: JSONValue, context: String) throws(JSONFieldError) {
    let fields = try JSONFields(value, context: context)
    self.init(
      imageFileName: try fields.string("image_file_name"),
      key: try fields.string("key"),
      width: try fields.int("width"),
      height: try fields.int("height"),
      metadata: ImageMetadata(
        displayName: try fields.optionalString("display_name"),
        group: try fields.optionalString("group"),
        description: try fields.optionalString("description"),
        diffThreshold: try fields.optionalDouble("diff_threshold"),
        canvasTheme: try fields.optionalString("canvas_theme"),
        tags: try fields.optionalStringMap("tags"),
        extra: try fields.optionalObject("extra") ?? [:]))
  }
}
