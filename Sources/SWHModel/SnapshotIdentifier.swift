import SystemCrypto

/// The snapshot identifier: SHA-1 of `snapshot <len>\0` followed by, for each branch in
/// byte order of its name, `<type> <name>\0<len(target)>:<target>` (docs/ARCHIVE.md).
public enum SnapshotIdentifier {
  /// The full manifest (header included) of a set of branches; names must be distinct.
  public static func manifest(of branches: [Branch]) -> [UInt8] {
    var out = [UInt8]()
    let sorted = sortedByName(branches)
    var body = [UInt8]()
    for branch in sorted {
      let target = targetBytes(branch.target)
      body += KindCode(branch.target).manifestWord
      body.append(0x20)
      body += branch.name
      body.append(0)
      body += Array(String(target.count).utf8)
      body.append(UInt8(ascii: ":"))
      body += target
    }
    out += Array("snapshot \(body.count)".utf8)
    out.append(0)
    out += body
    return out
  }

  /// The identifier of a set of branches; names must be distinct.
  public static func compute(for branches: [Branch]) -> ObjectID {
    let sorted = sortedByName(branches)
    var length = 0
    for branch in sorted {
      length += ManifestHasher.entryLength(
        kind: KindCode(branch.target), nameLength: branch.name.count,
        targetLength: targetBytes(branch.target).count)
    }
    var hasher = ManifestHasher(bodyLength: length)
    for branch in sorted {
      let target = targetBytes(branch.target)
      branch.name.withUnsafeBytes { name in
        target.withUnsafeBytes { target in
          hasher.add(kind: KindCode(branch.target), name: name, target: target)
        }
      }
    }
    return hasher.finish()
  }

  static func sortedByName(_ branches: [Branch]) -> [Branch] {
    branches.sorted { ByteOrder.less($0.name, $1.name) }
  }

  static func targetBytes(_ target: BranchTarget) -> [UInt8] {
    switch target {
    case .object(_, let id): return id.bytes
    case .alias(let name): return name
    case .dangling: return []
    }
  }
}

/// Streams manifest entries into SHA-1 through a buffer (1M small updates would be slow).
struct ManifestHasher: ~Copyable {
  private var sha = Digest(.sha1)
  private var buffer = [UInt8]()
  private static let flushSize = 1 << 16

  init(bodyLength: Int) {
    buffer.reserveCapacity(Self.flushSize + 1024)
    buffer += Array("snapshot \(bodyLength)".utf8)
    buffer.append(0)
  }

  static func entryLength(kind: KindCode, nameLength: Int, targetLength: Int) -> Int {
    kind.manifestWordLength + 1 + nameLength + 1 + decimalDigits(targetLength) + 1 + targetLength
  }

  static func decimalDigits(_ value: Int) -> Int {
    var digits = 1
    var rest = value
    while rest >= 10 {
      rest /= 10
      digits += 1
    }
    return digits
  }

  mutating func add(kind: KindCode, name: UnsafeRawBufferPointer, target: UnsafeRawBufferPointer) {
    buffer += kind.manifestWordBytes
    buffer.append(0x20)
    buffer.append(contentsOf: name)
    buffer.append(0)
    appendDecimal(target.count)
    buffer.append(UInt8(ascii: ":"))
    buffer.append(contentsOf: target)
    if buffer.count >= Self.flushSize { flush() }
  }

  private mutating func appendDecimal(_ value: Int) {
    if value == 20 {
      buffer.append(UInt8(ascii: "2"))
      buffer.append(UInt8(ascii: "0"))
      return
    }
    buffer += Array(String(value).utf8)
  }

  private mutating func flush() {
    sha.update(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  consuming func finish() -> ObjectID {
    flush()
    let digest = sha.finish()
    return ObjectID(bytes: digest) ?? ObjectID(word0: 0, word1: 0, word2: 0)
  }
}

extension KindCode {
  private static let words: [[UInt8]] = KindCode.allCases.map { $0.manifestWord }

  var manifestWordBytes: [UInt8] { Self.words[Int(rawValue)] }
  var manifestWordLength: Int { Self.words[Int(rawValue)].count }
}
