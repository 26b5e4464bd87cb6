import Crypto

/// Images and diff masks, stored once by content: `images/ab/abcdef….png`, named by the
/// SHA-256 hex of their bytes (what sentry-cli sends as the image key). Blobs are never
/// rewritten; an orphan left by an interrupted upload is harmless and reused later.
struct BlobStore: Sendable {
  let directory: String

  static func key(of bytes: [UInt8]) -> String {
    let digest = SHA256.hash(data: bytes)
    let digits = Array("0123456789abcdef".utf8)
    var hex = [UInt8]()
    hex.reserveCapacity(64)
    for byte in digest {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: hex, as: UTF8.self)
  }

  static func isValidKey(_ key: String) -> Bool {
    key.utf8.count == 64 && key.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
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
