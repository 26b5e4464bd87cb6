import SystemCrypto
import Testing

/// FIPS 180-4's example vectors, whole and streamed in uneven pieces.
struct DigestTests {
  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  @Test(arguments: [
    ("", Digest.Algorithm.sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    ("abc", .sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("", .sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", .sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", .sha256,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
  ])
  func knownVectors(text: String, algorithm: Digest.Algorithm, expected: String) {
    #expect(Self.hex(Digest.hash(algorithm, Array(text.utf8))) == expected)
    #expect(Digest.hash(algorithm, Array(text.utf8)).count == algorithm.length)
  }

  /// One million "a": the long-message vector, fed in pieces of 1 to 997 bytes.
  @Test(arguments: [
    (Digest.Algorithm.sha1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
    (.sha256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
  ])
  func millionAsStreamed(algorithm: Digest.Algorithm, expected: String) {
    var digest = Digest(algorithm)
    var remaining = 1_000_000
    var piece = 1
    while remaining > 0 {
      let count = min(piece, remaining)
      digest.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
      remaining -= count
      piece = piece % 997 + 1
    }
    #expect(Self.hex(digest.finish()) == expected)
  }
}
