/// Layout of a stored branch list (`<store>/archive/snapshots/<id>.branches`), version 1.
/// All integers are little-endian. See docs/STORE.md, "Archived branch lists".
///
///     header   160 bytes (below)
///     records  count × 40 bytes, in byte order of the branch names
///     names    the names, each followed by its alias target if it has one
///     index    u32 record numbers of the object-target branches, ordered by target id
///
/// A record is: name offset u64 (into names), name length u32, kind u8, 3 reserved bytes,
/// then 20 target bytes (an object id; for an alias a u64 offset and a u32 length of the
/// target name in names; zero when dangling), then 4 reserved bytes.
enum BranchListFormat {
  static let magic: [UInt8] = Array("SNPRVBRL".utf8)
  static let version: UInt32 = 1
  static let headerSize = 160
  static let recordSize = 40

  // Header field offsets.
  static let versionOffset = 8
  static let headerSizeOffset = 12
  static let idOffset = 16
  static let countOffset = 40
  static let recordsOffsetOffset = 48
  static let namesOffsetOffset = 56
  static let namesLengthOffset = 64
  static let indexOffsetOffset = 72
  static let indexCountOffset = 80
  static let countsOffset = 88  // 7 × u32 by kind code
  static let countsWithoutPullOffset = 116  // 7 × u32, branches outside refs/pull/

  // Record field offsets.
  static let nameOffsetField = 0
  static let nameLengthField = 8
  static let kindField = 12
  static let targetField = 16

  static let pullRequestPrefix: [UInt8] = Array("refs/pull/".utf8)
}

extension Array where Element == UInt8 {
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    var little = value.littleEndian
    Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
  }

  mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    var little = value.littleEndian
    Swift.withUnsafeBytes(of: &little) { bytes in
      for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
    }
  }
}

extension UnsafeRawBufferPointer {
  @inline(__always)
  func littleEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T {
    T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
  }
}
