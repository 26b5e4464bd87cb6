import SnapshotModel
import TextEscaping
import JSONCore

/// What `snaprev upload` was asked to do (Sentry's upload body, read from a directory).
public struct UploadRequest: Sendable, Equatable {
  public var directory: String
  public var project: String
  public var appId: String?
  public var buildConfiguration: String?
  public var vcs: VCSInfo
  /// The upload's global threshold, [0, 1).
  public var diffThreshold: Double?
  public var selective: Bool
  /// `--all-image-file-names FILE`, already read: every name the selective build has.
  public var allImageFileNames: [String]?
  /// Sentry's limit of 50,000 images per upload (lowered by tests).
  public var maxImages: Int

  public static let defaultMaxImages = 50_000
  public static let defaultProject = "default"

  public init(
    directory: String, project: String = UploadRequest.defaultProject, appId: String? = nil,
    buildConfiguration: String? = nil, vcs: VCSInfo = VCSInfo(), diffThreshold: Double? = nil,
    selective: Bool = false, allImageFileNames: [String]? = nil,
    maxImages: Int = UploadRequest.defaultMaxImages
  ) {
    self.directory = directory
    self.project = project
    self.appId = appId
    self.buildConfiguration = buildConfiguration
    self.vcs = vcs
    self.diffThreshold = diffThreshold
    self.selective = selective
    self.allImageFileNames = allImageFileNames
    self.maxImages = maxImages
  }

  /// Checks the options among themselves (before any file is read).
  public func validateOptions() throws(StoreError) {
    if let diffThreshold, !(diffThreshold >= 0 && diffThreshold < 1) {
      throw .invalidUpload(path: "--diff-threshold", reason: "must be at least 0 and below 1, got \(diffThreshold)")
    }
    if allImageFileNames != nil && !selective {
      throw .invalidUpload(path: "--all-image-file-names", reason: "only applies to --selective uploads")
    }
    if selective && vcs.baseSha == nil {
      throw .invalidUpload(path: "--selective", reason: "needs --base-sha (a subset is compared with its base)")
    }
    if project.isEmpty {
      throw .invalidUpload(path: "--project", reason: "must not be empty")
    }
  }

  /// Reads an `--all-image-file-names` file: a JSON list of strings, or one name per line
  /// (blank lines ignored, a trailing CR dropped). Every name must pass `ImageNames`.
  public static func readAllImageFileNames(_ bytes: [UInt8], path: String) throws(StoreError) -> [String] {
    var names: [String] = []
    let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    if trimmed.first == UInt8(ascii: "[") {
      let value: JSONValue
      do {
        value = try JSONParser.parse(bytes, options: .store)
      } catch {
        throw .invalidUpload(path: path, reason: "not valid JSON: \(error.description)")
      }
      guard case .array(let items) = value else {
        throw .invalidUpload(path: path, reason: "must be a JSON list of file names")
      }
      for (position, item) in items.enumerated() {
        guard let name = item.stringValue else {
          throw .invalidUpload(path: path, reason: "entry \(position) must be a string, found \(item.typeName)")
        }
        names.append(name)
      }
    } else {
      for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
        let content = line.last == 0x0D ? line.dropLast() : line
        if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        guard let name = String(validating: content, as: UTF8.self) else {
          throw .invalidUpload(path: path, reason: "line \(number + 1) is not valid UTF-8")
        }
        names.append(name)
      }
    }
    for (position, name) in names.enumerated() {
      if case .failure(let problem) = ImageNames.validate(name) {
        throw .invalidUpload(path: path, reason: "entry \(position + 1) (\(SafeText.escaped(name))): \(problem)")
      }
    }
    return names
  }
}

/// What an upload did.
public struct UploadResult: Sendable, Equatable {
  public var artifactId: String
  public var imageCount: Int
  /// The summary of the new artifact right after its comparison (if any).
  public var summary: ArtifactSummary
  /// Earlier heads that were compared because this upload is (or completed) their base.
  public var comparedHeadIds: [String]
  /// Blobs that were not in the store yet.
  public var newImageCount: Int

  /// Sentry's upload response plus snaprev's comparison outcome; keys sorted on output.
  public var json: JSONValue {
    .object([
      "artifactId": .string(artifactId), "imageCount": .int(imageCount),
      "newImageCount": .int(newImageCount),
      "baseArtifactId": .string(summary.comparison.baseArtifactId),
      "comparisonType": .string(summary.comparison.type.rawValue),
      "comparisonState": .string(summary.comparison.state),
      "approvalStatus": .string(summary.approval.status?.rawValue),
      "comparedHeadIds": .array(comparedHeadIds.map(JSONValue.string)),
    ])
  }
}
