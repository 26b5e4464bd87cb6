import JSONCore
import SnapshotModel
import TextEscaping

/// Reads a manifest keeping only some images. The details response prints the base's
/// metadata of the images that are not unchanged or added (750 of the 50,000 of the store
/// benchmark's artifact), yet building all of the base's `images.json` (17 MB) was 19% of
/// `show`'s CPU and sat on its longest thread (docs/PERFORMANCE.md, "Snapshot details").
/// The other images are checked for JSON syntax and skipped, not built.
enum ManifestSubset {
  /// The document with only the `images` whose `image_file_name` is in `names`, in file
  /// order. It throws on anything unexpected; callers then read the whole file with the full
  /// reader, so every error message is that reader's (file, field and index).
  static func document(_ bytes: UnsafeBufferPointer<UInt8>, keeping names: Set<String>) throws(JSONError) -> JSONValue {
    var scanner = JSONScanner(bytes, maxDepth: JSONParseOptions.store.maxDepth)
    guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.error("expected an object") }
    try scanner.enterContainer()
    var members: [JSONObject.Member] = []
    if scanner.peek() != UInt8(ascii: "}") {
      repeat {
        let key = try scanner.readString()
        try scanner.expect(UInt8(ascii: ":"), "':'")
        let value =
          key == "images" ? try keptImages(&scanner, names) : try scanner.readValue(JSONParseOptions.store)
        if let last = members.last, !CodePoint.precedes(last.key, key) {
          throw scanner.error("keys out of order")
        }
        members.append((key: key, value: value))
      } while scanner.consume(UInt8(ascii: ","))
    }
    try scanner.leaveContainer(UInt8(ascii: "}"))
    try scanner.expectEnd()
    return .object(JSONObject(sortedUnique: members))
  }

  private static func keptImages(_ scanner: inout JSONScanner, _ names: Set<String>) throws(JSONError) -> JSONValue {
    guard scanner.peek() == UInt8(ascii: "[") else { throw scanner.error("expected a list") }
    try scanner.enterContainer()
    var kept: [JSONValue] = []
    if scanner.peek() != UInt8(ascii: "]") {
      repeat {
        _ = scanner.peek()
        let start = scanner.position
        if let name = try imageFileName(&scanner), names.contains(name) {
          scanner.position = start
          kept.append(try scanner.readValue(JSONParseOptions.store))
        }
      } while scanner.consume(UInt8(ascii: ","))
    }
    try scanner.leaveContainer(UInt8(ascii: "]"))
    return .array(kept)
  }

  /// Passes one image object; its `image_file_name` when that is a string.
  private static func imageFileName(_ scanner: inout JSONScanner) throws(JSONError) -> String? {
    guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.error("expected an object") }
    try scanner.enterContainer()
    var name: String?
    if scanner.peek() != UInt8(ascii: "}") {
      repeat {
        let key = try scanner.readString()
        try scanner.expect(UInt8(ascii: ":"), "':'")
        if key == "image_file_name", scanner.peek() == UInt8(ascii: "\"") {
          name = try scanner.readString()
        } else {
          try scanner.skipValue()
        }
      } while scanner.consume(UInt8(ascii: ","))
    }
    try scanner.leaveContainer(UInt8(ascii: "}"))
    return name
  }
}

extension StoreFiles {
  /// `manifest(id)` with only the images named in `names` (see `ManifestSubset`); nil when
  /// the file does not exist. Any problem falls back to the full reader on the bytes already
  /// read, which throws its precise error (or, for an image skipped here that is wrong only in
  /// its fields, succeeds: the subset is all the caller asked for).
  func manifest(_ id: String, keeping names: Set<String>) throws(StoreError) -> ArtifactManifest? {
    let path = manifestPath(id)
    guard let bytes = try FileSystem.readIfPresent(path) else { return nil }
    let subset: ArtifactManifest? = bytes.withUnsafeBufferPointer { buffer in
      guard let document = try? ManifestSubset.document(buffer, keeping: names),
        (try? checkedHeader(document, path: path, format: ArtifactManifest.format)) != nil
      else { return nil }
      return try? ArtifactManifest(storeJSON: document)
    }
    if let subset { return subset }
    // The full reader on the same bytes: its error, or (a problem only in a skipped image's
    // fields) the whole manifest cut down to the subset.
    return try manifest(document(bytes, path: path, format: ArtifactManifest.format), path: path).subset(keeping: names)
  }
}

extension ArtifactManifest {
  /// The same manifest with only the images named in `names`.
  func subset(keeping names: Set<String>) -> ArtifactManifest {
    var copy = self
    copy.images = images.filter { names.contains($0.imageFileName) }
    return copy
  }
}
