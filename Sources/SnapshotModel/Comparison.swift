#if canImport(FoundationEssentials)
  import FoundationEssentials  // Date only; nothing here reads files or the clock
#else
  import Foundation
#endif

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
