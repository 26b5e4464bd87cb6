import SystemCrypto
import TextEscaping

/// Images and diff masks, stored once by content: `images/ab/abcdef….png`, named by the
/// SHA-256 hex of their bytes (what sentry-cli sends as the image key). Blobs are never
/// rewritten; an orphan left by an interrupted upload is harmless and reused later.
struct BlobStore: Sendable {
  let directory: String

  static func key(of bytes: [UInt8]) -> String {
    Hex.string(Digest.hash(.sha256, bytes))
  }

  static func isValidKey(_ key: String) -> Bool {
    key.utf8.count == 64 && key.utf8.allSatisfy(Hex.isLowercaseHex)
  }

  func shard(_ key: String) -> String { directory + "/" + key.prefix(2) }
  func path(_ key: String) -> String { shard(key) + "/" + key + ".png" }

  func contains(_ key: String) -> Bool { FileSystem.exists(path(key)) }

  /// The blob's bytes; nil when it is missing.
  func read(_ key: String) throws(StoreError) -> [UInt8]? {
    guard Self.isValidKey(key) else { return nil }
    return try FileSystem.readIfPresent(path(key))
  }

  /// Stores `bytes` under `key` unless present. The shard directory is not fsynced here:
  /// callers sync every touched shard once (`syncShards`) before committing.
  @discardableResult
  func put(_ bytes: [UInt8], key: String) throws(StoreError) -> String {
    let target = path(key)
    if FileSystem.exists(target) { return shard(key) }
    try FileSystem.makeDirectories(shard(key))
    try FileSystem.writeAtomically(bytes, to: target, syncDirectory: false)
    return shard(key)
  }

  func syncShards(_ shards: Set<String>) throws(StoreError) {
    for shard in shards.sorted() { try FileSystem.syncDirectory(shard) }
  }
}
