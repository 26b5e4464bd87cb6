/// The store's content hash (SHA-256, lower-case hex) for code outside the module: the server
/// names uploaded objects by it and hashes token secrets with it.
public enum ContentHash {
  public static func sha256Hex(_ bytes: [UInt8]) -> String { BlobStore.key(of: bytes) }

  public static func isSHA256Hex(_ text: String) -> Bool { BlobStore.isValidKey(text) }
}
