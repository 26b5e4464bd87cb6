import COpenSSL

/// SHA-1 and SHA-256, the two hashes snaprev computes (blob keys of the snapshot store;
/// Software Heritage identifiers), from the system's libcrypto (OpenSSL 3, SHA-NI where the
/// CPU has it). swift-crypto gave the same through a BoringSSL of its own, which put 1,995
/// conformance records and its relocations into the start-up of every command
/// (docs/PERFORMANCE.md, "Start-up"); the server keeps swift-crypto for its keys.
///
/// The one layer over libcrypto: nothing else in snaprev calls it.
public struct Digest: ~Copyable {
  public enum Algorithm: Sendable {
    case sha1, sha256

    /// Bytes of a finished digest.
    public var length: Int { self == .sha1 ? 20 : 32 }

    fileprivate var evp: OpaquePointer? { self == .sha1 ? EVP_sha1() : EVP_sha256() }
  }

  public let algorithm: Algorithm
  private let context: OpaquePointer

  /// A new running hash. libcrypto fails here only without memory, which Swift treats as
  /// fatal everywhere else too.
  public init(_ algorithm: Algorithm) {
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, algorithm.evp, nil) == 1 else {
      fatalError("libcrypto: cannot start a \(algorithm) digest (out of memory)")
    }
    self.algorithm = algorithm
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // EVP_DigestUpdate of an initialised SHA context cannot fail.
    _ = EVP_DigestUpdate(context, base, bytes.count)
  }

  public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
      Array(bytes).withUnsafeBytes { update($0) }
    }
  }

  /// The digest of everything given; the hash is used up.
  public consuming func finish() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: algorithm.length)
    var length: UInt32 = 0
    _ = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
    return out
  }

  /// The digest of `bytes` in one call.
  public static func hash<Bytes: Collection<UInt8>>(_ algorithm: Algorithm, _ bytes: Bytes) -> [UInt8] {
    var digest = Digest(algorithm)
    digest.update(bytes)
    return digest.finish()
  }
}
