#if canImport(FoundationEssentials)
  import FoundationEssentials  // Date only; nothing here reads files or the clock
#else
  import Foundation
#endif
import TextEscaping

/// The version-control facts an upload carries (Sentry's `vcs_info`).
public struct VCSInfo: Sendable, Equatable {
  public var headSha: String?
  public var baseSha: String?
  public var headRef: String?
  public var baseRef: String?
  public var headRepoName: String?
  public var baseRepoName: String?
  public var provider: String?
  public var prNumber: Int?

  public init(
    headSha: String? = nil, baseSha: String? = nil, headRef: String? = nil, baseRef: String? = nil,
    headRepoName: String? = nil, baseRepoName: String? = nil, provider: String? = nil,
    prNumber: Int? = nil
  ) {
    self.headSha = headSha
    self.baseSha = baseSha
    self.headRef = headRef
    self.baseRef = baseRef
    self.headRepoName = headRepoName
    self.baseRepoName = baseRepoName
    self.provider = provider
    self.prNumber = prNumber
  }
}

/// One upload (a "build"): its identity and options, without the image list, so that
/// finding bases and listing the store read only small files. Immutable once stored.
public struct Artifact: Sendable, Equatable {
  /// Increasing integers as strings ("1", "2", ...), as Sentry's ids.
  public var id: String
  public var project: String
  public var appId: String?
  public var buildConfiguration: String?
  public var vcs: VCSInfo
  public var createdAt: Date
  /// The upload's global threshold.
  public var diffThreshold: Double?
  /// The upload was a subset (`--selective`).
  public var selective: Bool
  public var imageCount: Int

  public init(
    id: String, project: String, appId: String?, buildConfiguration: String?, vcs: VCSInfo,
    createdAt: Date, diffThreshold: Double?, selective: Bool, imageCount: Int
  ) {
    self.id = id
    self.project = project
    self.appId = appId
    self.buildConfiguration = buildConfiguration
    self.vcs = vcs
    self.createdAt = createdAt
    self.diffThreshold = diffThreshold
    self.selective = selective
    self.imageCount = imageCount
  }

  /// Sentry's `PreprodArtifact.ArtifactState`; uploads stay UPLOADED.
  public static let state = "UPLOADED"

  /// Numeric order of ids ("10" after "9").
  public var number: Int { Int(id) ?? 0 }
}

/// The image list of an upload (images.json), sorted by file name.
public struct ArtifactManifest: Sendable, Equatable {
  public var images: [SnapshotImage]
  /// `--all-image-file-names`: every name the selective build has, uploaded or not.
  public var allImageFileNames: [String]?

  public init(images: [SnapshotImage], allImageFileNames: [String]? = nil) {
    let sorted = zip(images, images.dropFirst()).allSatisfy {
      CodePoint.precedes($0.imageFileName, $1.imageFileName)
    }
    self.images = sorted ? images : images.sorted { CodePoint.precedes($0.imageFileName, $1.imageFileName) }
    self.allImageFileNames = allImageFileNames
  }

  public var byName: [String: SnapshotImage] {
    Dictionary(images.map { ($0.imageFileName, $0) }, uniquingKeysWith: { first, _ in first })
  }
}

/// A manifest with a name index, for lookups without copying 50,000 images into a dictionary.
public struct IndexedManifest: Sendable {
  public let manifest: ArtifactManifest
  private let positions: [String: Int]

  public init(_ manifest: ArtifactManifest) {
    self.manifest = manifest
    var positions: [String: Int] = [:]
    positions.reserveCapacity(manifest.images.count)
    for (position, image) in manifest.images.enumerated() { positions[image.imageFileName] = position }
    self.positions = positions
  }

  public subscript(name name: String) -> SnapshotImage? {
    positions[name].map { manifest.images[$0] }
  }
}
