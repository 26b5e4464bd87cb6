import CryptoShim

/// SHA-1 and SHA-256, the two hashes snaprev computes (blob keys of the snapshot store;
/// Software Heritage identifiers), from the system's libcrypto (SHA-NI where the CPU has it),
/// opened on the first digest (CryptoShim). swift-crypto gave the same through a BoringSSL of
/// its own, which imports the full Foundation and put 1,995 conformance records into the
/// start-up of every command (docs/PERFORMANCE.md, "Start-up"); the server keeps
/// swift-crypto for its keys.
public struct Digest: ~Copyable {
  public enum Algorithm: Sendable {
    case sha1, sha256

    /// Bytes of a finished digest.
    public var length: Int { self == .sha1 ? 20 : 32 }

    fileprivate var code: Int32 { self == .sha1 ? Int32(CRYPTOSHIM_SHA1) : Int32(CRYPTOSHIM_SHA256) }
  }

  public let algorithm: Algorithm
  private let context: UnsafeMutableRawPointer

  /// A new running hash. Without libcrypto (Debian's libssl3, which OpenSSH and curl need
  /// too) snaprev cannot name a blob or an identifier, and stops here with the reason, as it
  /// would at start without libpng.
  public init(_ algorithm: Algorithm) {
    guard let context = cryptoshim_digest_new(algorithm.code) else {
      fatalError("snaprev: cannot compute \(algorithm == .sha1 ? "SHA-1" : "SHA-256"): \(String(cString: cryptoshim_error()))")
    }
    self.algorithm = algorithm
    self.context = context
  }

  deinit { cryptoshim_digest_free(context) }

  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // EVP_DigestUpdate of an initialised SHA context cannot fail.
    _ = cryptoshim_digest_update(context, base, bytes.count)
  }

  public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
      Array(bytes).withUnsafeBytes { update($0) }
    }
  }

  /// The digest of everything given; the hash is used up.
  public consuming func finish() -> [UInt8] {
    var out = [UInt8](repeating: 0, count: algorithm.length)
    _ = out.withUnsafeMutableBufferPointer { cryptoshim_digest_finish(context, $0.baseAddress) }
    // cryptoshim_digest_finish freed the context: deinit must not free it again.
    discard self
    return out
  }

  /// The digest of `bytes` in one call.
  public static func hash<Bytes: Collection<UInt8>>(_ algorithm: Algorithm, _ bytes: Bytes) -> [UInt8] {
    var digest = Digest(algorithm)
    digest.update(bytes)
    return digest.finish()
  }
}
