import SystemCrypto
import Testing

/// AES-GCM through libcrypto: the GCM specification's test cases 4 and 16 (McGrew and
/// Viega; the 12-byte IV and associated data SSH uses), in place both ways, and a tag that
/// does not match.
struct AESGCMTests {
  static func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return out
  }

  static let iv = bytes("cafebabefacedbaddecaf888")
  static let aad = bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2")
  static let plaintext = bytes(
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
  )

  @Test(arguments: [
    (
      "feffe9928665731c6d6a8f9467308308",
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
      "5bc94fbc3221a5db94fae95ae7121a47"
    ),
    (
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b"
    ),
  ])
  func specificationVectors(key: String, ciphertext: String, tag: String) throws {
    let sealing = try AESGCM(key: Self.bytes(key), direction: .seal)
    var data = Self.plaintext
    var madeTag = [UInt8](repeating: 0, count: AESGCM.tagLength)
    let sealed = Self.iv.withUnsafeBytes { iv in
      Self.aad.withUnsafeBytes { aad in
        data.withUnsafeMutableBytes { data in
          madeTag.withUnsafeMutableBytes { sealing.seal(iv: iv, authenticating: aad, data: data, tag: $0) }
        }
      }
    }
    #expect(sealed)
    #expect(data == Self.bytes(ciphertext))
    #expect(madeTag == Self.bytes(tag))

    // The same context opens packet after packet: the key is set once, the IV each time.
    let opening = try AESGCM(key: Self.bytes(key), direction: .open)
    for _ in 0..<2 {
      var copy = data
      #expect(open(opening, &copy, tag: madeTag))
      #expect(copy == Self.plaintext)
    }

    var forged = madeTag
    forged[15] ^= 1
    var copy = data
    #expect(!open(opening, &copy, tag: forged))
    #expect(copy.allSatisfy { $0 == 0 }, "a ciphertext that fails authentication leaves no plaintext behind")

    var changedAAD = Self.aad
    changedAAD[0] ^= 0x80
    copy = data
    let authentic = Self.iv.withUnsafeBytes { iv in
      changedAAD.withUnsafeBytes { aad in
        copy.withUnsafeMutableBytes { data in
          madeTag.withUnsafeBytes { opening.open(iv: iv, authenticating: aad, data: data, tag: $0) }
        }
      }
    }
    #expect(!authentic, "the associated data (SSH's packet length) is authenticated too")
  }

  private func open(_ context: borrowing AESGCM, _ data: inout [UInt8], tag: [UInt8]) -> Bool {
    Self.iv.withUnsafeBytes { iv in
      Self.aad.withUnsafeBytes { aad in
        data.withUnsafeMutableBytes { data in
          tag.withUnsafeBytes { context.open(iv: iv, authenticating: aad, data: data, tag: $0) }
        }
      }
    }
  }

  @Test func aKeyOfAnotherSizeIsRefusedByName() {
    #expect {
      _ = try AESGCM(key: [UInt8](repeating: 1, count: 24), direction: .seal)
    } throws: { error in
      "\(error)" == "AES-GCM takes a 16- or 32-byte key, not 24 bytes"
    }
  }
}
