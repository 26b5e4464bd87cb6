import JSONCore
import SnapshotModel
import SnapshotStore
import TextEscaping

/// The body of sentry-cli's `POST …/preprodartifacts/snapshots/` (its "manifest"), checked.
/// Everything wrong is a 400 whose `detail` names the image or field.
struct SnapshotManifest: Sendable, Equatable {
  struct Image: Sendable, Equatable {
    var name: String
    var contentHash: String
    /// Every other key of the entry: the sidecar's keys, passed on as `snaprev upload` reads them.
    var sidecar: JSONObject
  }

  var appId: String?
  var images: [Image]
  var diffThreshold: Double?
  var selective: Bool
  var allImageFileNames: [String]?
  var vcs: VCSInfo

  /// Sentry's limits: 50,000 images per upload, 40,000,000 pixels per image.
  static let maxImages = UploadRequest.defaultMaxImages
  static let maxPixels = 40_000_000

  static func parse(_ bytes: [UInt8], maxImages: Int = maxImages) throws(HTTPFailure) -> SnapshotManifest {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw HTTPFailure(.badRequest, "Malformed JSON body: \(error.description).")
    }
    guard case .object(let top) = value else {
      throw HTTPFailure(.badRequest, "The body must be a JSON object, found \(value.typeName).")
    }
    func string(_ key: String) throws(HTTPFailure) -> String? {
      guard let field = top[key], !field.isNull else { return nil }
      guard let text = field.stringValue else {
        throw HTTPFailure(.badRequest, "\(key) must be a string, found \(field.typeName).")
      }
      return text.isEmpty ? nil : text
    }
    var manifest = SnapshotManifest(
      appId: try string("app_id"), images: [], diffThreshold: nil, selective: false, allImageFileNames: nil,
      vcs: VCSInfo())
    manifest.vcs.headSha = try string("head_sha")
    manifest.vcs.baseSha = try string("base_sha")
    manifest.vcs.headRef = try string("head_ref")
    manifest.vcs.baseRef = try string("base_ref")
    manifest.vcs.headRepoName = try string("head_repo_name")
    manifest.vcs.baseRepoName = try string("base_repo_name")
    manifest.vcs.provider = try string("provider")
    if let pr = top["pr_number"], !pr.isNull {
      guard let number = pr.intValue else { throw HTTPFailure(.badRequest, "pr_number must be an integer.") }
      manifest.vcs.prNumber = number
    }
    if let threshold = top["diff_threshold"], !threshold.isNull {
      guard let number = threshold.doubleValue else {
        throw HTTPFailure(.badRequest, "diff_threshold must be a number, found \(threshold.typeName).")
      }
      manifest.diffThreshold = number
    }
    if let selective = top["selective"], !selective.isNull {
      guard let flag = selective.boolValue else { throw HTTPFailure(.badRequest, "selective must be true or false.") }
      manifest.selective = flag
    }
    if let names = top["all_image_file_names"], !names.isNull {
      guard let items = names.arrayValue else {
        throw HTTPFailure(.badRequest, "all_image_file_names must be a list of strings.")
      }
      var list = [String]()
      for item in items {
        guard let name = item.stringValue else {
          throw HTTPFailure(.badRequest, "all_image_file_names must be a list of strings, found \(item.typeName).")
        }
        list.append(name)
      }
      manifest.allImageFileNames = list
    }
    guard case .object(let images)? = top["images"] else {
      throw HTTPFailure(.badRequest, "images must be an object of file name to image metadata.")
    }
    if images.count > maxImages {
      throw HTTPFailure(
        .badRequest, "Too many images: \(images.count); the limit is \(maxImages) per upload.")
    }
    for (name, entry) in images {
      manifest.images.append(try image(name, entry))
    }
    manifest.images.sort { $0.name < $1.name }
    return manifest
  }

  private static func image(_ name: String, _ entry: JSONValue) throws(HTTPFailure) -> Image {
    let shown = SafeText.escaped(name)
    func refuse(_ reason: String) -> HTTPFailure { HTTPFailure(.badRequest, "Image \(shown): \(reason).") }
    if case .failure(let problem) = ImageNames.validate(name) { throw refuse(problem.description) }
    guard name.hasSuffix(".png") else {
      throw refuse("snaprev stores PNG screenshots only (a lower-case .png name)")
    }
    guard case .object(let fields) = entry else { throw refuse("its metadata must be an object") }
    guard let hash = fields["content_hash"]?.stringValue, ContentHash.isSHA256Hex(hash) else {
      throw refuse("content_hash must be 64 lower-case hex digits (the SHA-256 of the file)")
    }
    if let width = fields["width"]?.intValue, let height = fields["height"]?.intValue {
      guard width >= 0, height >= 0 else { throw refuse("width and height must not be negative") }
      let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
      if overflow || pixels > maxPixels {
        throw refuse("\(width)×\(height) pixels exceeds the limit of \(maxPixels) pixels")
      }
    }
    let sidecar = fields.filter { !["content_hash", "width", "height"].contains($0.key) }
    return Image(name: name, contentHash: hash, sidecar: sidecar)
  }
}
