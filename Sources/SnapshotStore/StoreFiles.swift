import SnapshotModel
import TextEscaping
import JSONCore

/// Where each store file lives (docs/STORE.md) and how it is read and written. Every read
/// checks the file's `format` and `version`; any problem is an error naming the file.
struct StoreFiles: Sendable {
  let root: String

  static let configFormat = "snaprev-store"
  static let reviewsFormat = "snaprev-reviews"

  var configPath: String { root + "/store.json" }
  var lockPath: String { root + "/lock" }
  var temporaryDirectory: String { root + "/tmp" }
  var artifactsDirectory: String { root + "/artifacts" }
  var imagesDirectory: String { root + "/images" }

  func artifactDirectory(_ id: String) -> String { artifactsDirectory + "/" + id }
  func artifactPath(_ id: String) -> String { artifactDirectory(id) + "/artifact.json" }
  func manifestPath(_ id: String) -> String { artifactDirectory(id) + "/images.json" }
  func approvalsPath(_ id: String) -> String { artifactDirectory(id) + "/approvals.json" }
  func comparisonPath(_ id: String, _ number: Int) -> String {
    artifactDirectory(id) + "/comparison-\(number).json"
  }
  func comparisonEntriesPath(_ id: String, _ number: Int) -> String {
    artifactDirectory(id) + "/comparison-\(number)-images.json"
  }
  func reviewsDirectory(_ id: String) -> String { artifactDirectory(id) + "/reviews" }
  func reviewsPath(_ id: String, reviewer: String) -> String {
    reviewsDirectory(id) + "/" + Self.fileName(forReviewer: reviewer) + ".json"
  }

  /// Percent-encodes everything but `[A-Za-z0-9._-]` (and a leading dot), so any reviewer
  /// name becomes one safe file name. A name whose encoding (plus `.json`) would pass the
  /// 255-byte limit of a file name is named `~sha256-HEX` by the SHA-256 of its UTF-8
  /// instead: `~` never appears in an encoded name, and shorter names keep the readable
  /// names every earlier store already holds.
  static func fileName(forReviewer reviewer: String) -> String {
    let encoded = percentEncoded(reviewer)
    if encoded.utf8.count + ".json".utf8.count <= maxFileNameBytes { return encoded }
    return "~sha256-" + BlobStore.key(of: Array(reviewer.utf8))
  }

  /// NAME_MAX on Linux (ext4, xfs, btrfs, tmpfs) and APFS.
  static let maxFileNameBytes = 255

  /// Letters, digits, `_`, `-` and a `.` that does not lead (no hidden file, no `..`) kept.
  private static func percentEncoded(_ reviewer: String) -> String {
    var encoded = PercentEncoding.encode(reviewer, keeping: "_-.")
    if encoded.hasPrefix(".") { encoded = "%2E" + encoded.dropFirst() }
    return encoded.isEmpty ? "%" : encoded
  }

  // MARK: Documents

  /// Parses a store file and checks its header. Nil when the file does not exist.
  func document(_ path: String, format: String) throws(StoreError) -> JSONValue? {
    guard let bytes = try FileSystem.readIfPresent(path) else { return nil }
    return try document(bytes, path: path, format: format)
  }

  /// The bytes of the store file at `path` parsed, with its header checked.
  func document(_ bytes: [UInt8], path: String, format: String) throws(StoreError) -> JSONValue {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes, options: .store)
    } catch {
      throw .corruptFile(path: path, reason: error.description)
    }
    return try checkedHeader(value, path: path, format: format)
  }

  /// `value` when it is an object with this `format` and the store's version.
  func checkedHeader(_ value: JSONValue, path: String, format: String) throws(StoreError) -> JSONValue {
    guard case .object(let members) = value else {
      throw .corruptFile(path: path, reason: "expected a JSON object, found \(value.typeName)")
    }
    guard members["format"] == .string(format) else {
      let found = members["format"].map { JSONWriter.string($0, style: .storeInline) } ?? "no \"format\" key"
      throw .corruptFile(path: path, reason: "expected \"format\": \"\(format)\", found \(found)")
    }
    guard members["version"] == .int(StoreFormat.version) else {
      let found = members["version"].map { JSONWriter.string($0, style: .storeInline) } ?? "missing"
      throw .unsupportedVersion(path: path, found: found, supported: StoreFormat.version)
    }
    return value
  }

  func requiredDocument(_ path: String, format: String) throws(StoreError) -> JSONValue {
    guard let value = try document(path, format: format) else {
      throw .corruptFile(path: path, reason: "file is missing")
    }
    return value
  }

  /// Runs a field decoder, naming the file on failure.
  func decode<T>(_ path: String, _ body: () throws(JSONFieldError) -> T) throws(StoreError) -> T {
    do {
      return try body()
    } catch {
      throw .corruptFile(path: path, reason: error.message)
    }
  }

  func write(_ value: JSONValue, to path: String) throws(StoreError) {
    try FileSystem.writeAtomically(JSONWriter.bytes(value, style: .storePretty), to: path)
  }

  // MARK: Store config

  func config() throws(StoreError) -> StoreConfig? {
    guard let value = try document(configPath, format: Self.configFormat) else { return nil }
    return try decode(configPath) { () throws(JSONFieldError) in try StoreConfig(json: value) }
  }

  /// The store must exist for reading commands.
  func requireStore() throws(StoreError) -> StoreConfig {
    guard FileSystem.isDirectory(root), let config = try config() else {
      throw .noStore(path: root)
    }
    return config
  }

  // MARK: Artifacts

  /// Ids of every complete artifact (an artifact directory exists only once its upload
  /// committed), in numeric order.
  func artifactIds() throws(StoreError) -> [String] {
    try FileSystem.list(artifactsDirectory)
      .filter { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
      .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
  }

  func artifact(_ id: String) throws(StoreError) -> Artifact {
    guard isValidId(id), FileSystem.isDirectory(artifactDirectory(id)) else {
      throw .unknownArtifact(id: id)
    }
    let path = artifactPath(id)
    let value = try requiredDocument(path, format: Artifact.format)
    let artifact = try decode(path) { () throws(JSONFieldError) in try Artifact(storeJSON: value) }
    guard artifact.id == id else {
      throw .corruptFile(path: path, reason: "\"id\" is \(artifact.id), but the directory is \(id)")
    }
    return artifact
  }

  func allArtifacts() throws(StoreError) -> [Artifact] {
    var artifacts: [Artifact] = []
    for id in try artifactIds() { artifacts.append(try artifact(id)) }
    return artifacts
  }

  func manifest(_ id: String) throws(StoreError) -> ArtifactManifest {
    let path = manifestPath(id)
    return try manifest(requiredDocument(path, format: ArtifactManifest.format), path: path)
  }

  /// A parsed `images.json` (header checked) as the manifest it holds.
  func manifest(_ value: JSONValue, path: String) throws(StoreError) -> ArtifactManifest {
    try decode(path) { () throws(JSONFieldError) in try ArtifactManifest(storeJSON: value) }
  }

  func isValidId(_ id: String) -> Bool {
    !id.isEmpty && id.count <= 18 && id.allSatisfy(\.isASCIIDigit) && !(id.hasPrefix("0"))
  }

  // MARK: Comparisons

  /// Committed comparison numbers (their record file exists), ascending.
  func comparisonNumbers(_ id: String) throws(StoreError) -> [Int] {
    try FileSystem.list(artifactDirectory(id)).compactMap { name -> Int? in
      guard name.hasPrefix("comparison-"), name.hasSuffix(".json"), !name.hasSuffix("-images.json")
      else { return nil }
      return Int(name.dropFirst("comparison-".count).dropLast(".json".count))
    }.sorted()
  }

  /// The next free number, past any entries file a crashed writer left without its record.
  func nextComparisonNumber(_ id: String) throws(StoreError) -> Int {
    let used = try FileSystem.list(artifactDirectory(id)).compactMap { name -> Int? in
      guard name.hasPrefix("comparison-") else { return nil }
      return Int(name.dropFirst("comparison-".count).prefix { $0.isASCIIDigit })
    }
    return (used.max() ?? 0) + 1
  }

  func comparisons(_ id: String) throws(StoreError) -> [ComparisonRecord] {
    var records: [ComparisonRecord] = []
    for number in try comparisonNumbers(id) {
      let path = comparisonPath(id, number)
      let value = try requiredDocument(path, format: ComparisonRecord.format)
      records.append(try decode(path) { () throws(JSONFieldError) in try ComparisonRecord(storeJSON: value) })
    }
    return records
  }

  func comparisonEntries(_ id: String, _ number: Int) throws(StoreError) -> [ComparisonEntry] {
    let path = comparisonEntriesPath(id, number)
    let value = try requiredDocument(path, format: ComparisonRecord.entriesFormat)
    return try decode(path) { () throws(JSONFieldError) in try ComparisonRecord.entries(fromStoreJSON: value) }
  }

  /// Entries first, then the record: the record is the commit point.
  func writeComparison(_ record: ComparisonRecord, entries: [ComparisonEntry], in directory: String) throws(StoreError) {
    try write(
      ComparisonRecord.entriesJSON(entries, number: record.number),
      to: directory + "/comparison-\(record.number)-images.json")
    try write(record.storeJSON, to: directory + "/comparison-\(record.number).json")
  }

  // MARK: Approvals

  func approvals(_ id: String) throws(StoreError) -> [ApprovalRecord] {
    let path = approvalsPath(id)
    guard let value = try document(path, format: ApprovalRecord.format) else { return [] }
    return try decode(path) { () throws(JSONFieldError) in try ApprovalRecord.history(fromStoreJSON: value) }
  }

  func writeApprovals(_ records: [ApprovalRecord], in directory: String) throws(StoreError) {
    try write(ApprovalRecord.historyJSON(records), to: directory + "/approvals.json")
  }

  // MARK: Review marks

  func reviewed(_ id: String, reviewer: String) throws(StoreError) -> [String] {
    let path = reviewsPath(id, reviewer: reviewer)
    guard let value = try document(path, format: Self.reviewsFormat) else { return [] }
    return try decode(path) { () throws(JSONFieldError) in
      let fields = try JSONFields(value, context: "")
      return try fields.stringList("reviewed")
    }
  }

  /// Every `reviews/*.json` of an artifact, by the reviewer each names. Temporary files
  /// (`.NAME.tmp-…`, a writer's staging) are not marks.
  func allReviewed(_ id: String) throws(StoreError) -> [String: Set<String>] {
    let directory = reviewsDirectory(id)
    guard FileSystem.isDirectory(directory) else { return [:] }
    var marks: [String: Set<String>] = [:]
    for name in try FileSystem.list(directory) where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let path = directory + "/" + name
      guard let value = try document(path, format: Self.reviewsFormat) else { continue }
      let (reviewer, reviewed) = try decode(path) { () throws(JSONFieldError) in
        let fields = try JSONFields(value, context: "")
        return (try fields.string("reviewer"), try fields.stringList("reviewed"))
      }
      marks[reviewer, default: []].formUnion(reviewed)
    }
    return marks
  }

  func writeReviewed(_ names: Set<String>, _ id: String, reviewer: String) throws(StoreError) {
    try FileSystem.makeDirectories(reviewsDirectory(id))
    try write(
      .object([
        "format": .string(Self.reviewsFormat), "version": .int(StoreFormat.version),
        "reviewer": .string(reviewer),
        "reviewed": .array(names.sorted(by: CodePoint.precedes).map(JSONValue.string)),
      ]), to: reviewsPath(id, reviewer: reviewer))
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
