import TextEscaping
import FoundationEssentials

/// A stored snapshot's branches: sorted by name bytes, read in place (from a memory-mapped
/// file or an in-memory buffer) without parsing the whole list.
public struct BranchList: Sendable {
  /// The encoded list (docs/STORE.md, "Archived branch lists").
  public let data: Data
  /// The identifier recorded when the list was built (`computeIdentifier()` recomputes it).
  public let id: ObjectID
  public let count: Int
  public let counts: BranchCounts

  let recordsOffset: Int
  let namesOffset: Int
  let namesLength: Int
  let indexOffset: Int
  let indexCount: Int

  public init(bytes: [UInt8]) throws(BranchListError) {
    try self.init(data: Data(bytes))
  }

  /// Checks the header and that the sections lie inside the data, in constant time so a
  /// page of a million-branch list stays cheap. Every later read is bounds-checked (a
  /// damaged record reads as an empty name, never out of bounds); `verify()` checks
  /// every record and the identifier.
  public init(data: Data) throws(BranchListError) {
    let result: Result<Layout, BranchListError> = data.withUnsafeBytes { raw in
      Layout.validate(raw)
    }
    let layout = try result.get()
    self.data = data
    id = layout.id
    count = layout.count
    counts = layout.counts
    recordsOffset = layout.recordsOffset
    namesOffset = layout.namesOffset
    namesLength = layout.namesLength
    indexOffset = layout.indexOffset
    indexCount = layout.indexCount
  }

  package func withRaw<R>(_ body: (RawBranchList) throws -> R) rethrows -> R {
    try data.withUnsafeBytes { raw in
      try body(
        RawBranchList(raw: raw, count: count, recordsOffset: recordsOffset, namesOffset: namesOffset, namesLength: namesLength))
    }
  }

  /// Checks every record (names and alias targets inside the names section, known kinds,
  /// target index in range) and that the branches hash to the recorded identifier.
  public func verify() throws(BranchListError) {
    let problem: String? = withRaw { raw in
      for index in 0..<count {
        if let problem = raw.recordProblem(index) { return "record \(index) \(problem)" }
      }
      for position in 0..<indexCount where indexEntry(raw, position) >= count {
        return "target index entry \(position) is out of range"
      }
      return nil
    }
    if let problem { throw .corrupt(problem) }
    let computed = computeIdentifier()
    guard computed == id else { throw .corrupt("its branches hash to \(computed.hex), not the recorded \(id.hex)") }
  }

  public func name(at index: Int) -> [UInt8] {
    withRaw { Array($0.name(index)) }
  }

  public func target(at index: Int) -> BranchTarget {
    withRaw { $0.target(index) }
  }

  public func branch(at index: Int) -> Branch {
    withRaw { Branch(name: Array($0.name(index)), target: $0.target(index)) }
  }

  public func targetType(at index: Int) -> TargetType? {
    withRaw { $0.kind(index).targetType }
  }

  /// All branches, in order (for small lists and tests; a page is cheaper).
  public var branches: [Branch] {
    withRaw { raw in (0..<count).map { Branch(name: Array(raw.name($0)), target: raw.target($0)) } }
  }

  /// The first index whose name is not less than `name` (`count` if there is none).
  public func lowerBound(_ name: some Collection<UInt8>) -> Int {
    let key = Array(name)
    return withRaw { raw in key.withUnsafeBytes { raw.lowerBound($0) } }
  }

  public func index(of name: some Collection<UInt8>) -> Int? {
    let key = Array(name)
    return withRaw { raw in
      key.withUnsafeBytes { key in
        let index = raw.lowerBound(key)
        return index < count && ByteOrder.compare(raw.name(index), key) == 0 ? index : nil
      }
    }
  }

  /// Recomputes the snapshot identifier from the stored branches.
  public func computeIdentifier() -> ObjectID {
    withRaw { raw in
      var length = 0
      for index in 0..<count { length += raw.manifestEntryLength(index) }
      var hasher = ManifestHasher(bodyLength: length)
      for index in 0..<count { raw.addToManifest(index, &hasher) }
      return hasher.finish()
    }
  }

  /// Indices of the branches whose target is the object `id` (any kind), in name order.
  public func indices(targeting id: ObjectID) -> [Int] {
    withRaw { raw in
      var low = 0
      var high = indexCount
      while low < high {
        let middle = (low + high) / 2
        if raw.object(indexEntry(raw, middle)) < id { low = middle + 1 } else { high = middle }
      }
      var found = [Int]()
      var position = low
      while position < indexCount {
        let index = indexEntry(raw, position)
        guard index < count, raw.object(index) == id else { break }
        found.append(index)
        position += 1
      }
      return found
    }
  }

  /// A record number from the target index, clamped so a damaged entry stays in bounds.
  private func indexEntry(_ raw: RawBranchList, _ position: Int) -> Int {
    min(Int(raw.raw.littleEndian(at: indexOffset + 4 * position, as: UInt32.self)), max(count - 1, 0))
  }

  /// Indices of the branches whose target id starts with the given hex digits (at least 4).
  public func indices(targetingHexPrefix prefix: String) -> [Int] {
    let digits = Array(prefix.lowercased().utf8)
    guard digits.count >= 4, digits.count <= 40, digits.allSatisfy(Hex.isLowercaseHex) else { return [] }
    let low = ObjectID(hexUTF8: digits + [UInt8](repeating: UInt8(ascii: "0"), count: 40 - digits.count))
    guard let low else { return [] }
    return withRaw { raw in
      var lower = 0
      var upper = indexCount
      while lower < upper {
        let middle = (lower + upper) / 2
        if raw.object(indexEntry(raw, middle)) < low { lower = middle + 1 } else { upper = middle }
      }
      var found = [Int]()
      var position = lower
      while position < indexCount {
        let index = indexEntry(raw, position)
        guard index < count, raw.object(index).hex.utf8.starts(with: digits) else { break }
        found.append(index)
        position += 1
      }
      return found.sorted()
    }
  }
}

/// Header fields read and bounds-checked once.
private struct Layout {
  var id: ObjectID
  var count: Int
  var counts: BranchCounts
  var recordsOffset: Int
  var namesOffset: Int
  var namesLength: Int
  var indexOffset: Int
  var indexCount: Int

  static func validate(_ raw: UnsafeRawBufferPointer) -> Result<Layout, BranchListError> {
    typealias F = BranchListFormat
    guard raw.count >= F.headerSize else { return .failure(.truncated(size: raw.count)) }
    guard Array(raw[0..<8]) == F.magic else { return .failure(.notABranchList) }
    let version = raw.littleEndian(at: F.versionOffset, as: UInt32.self)
    guard version == F.version else { return .failure(.unsupportedVersion(version)) }
    func field(_ offset: Int) -> Int? { Int(exactly: raw.littleEndian(at: offset, as: UInt64.self)) }
    guard Int(raw.littleEndian(at: F.headerSizeOffset, as: UInt32.self)) == F.headerSize,
      let count = field(F.countOffset), let recordsOffset = field(F.recordsOffsetOffset),
      let namesOffset = field(F.namesOffsetOffset), let namesLength = field(F.namesLengthOffset),
      let indexOffset = field(F.indexOffsetOffset), let indexCount = field(F.indexCountOffset)
    else { return .failure(.corrupt("header sizes out of range")) }
    let (recordsBytes, overflow) = count.multipliedReportingOverflow(by: F.recordSize)
    guard !overflow, recordsOffset >= F.headerSize, recordsOffset <= raw.count,
      recordsBytes <= raw.count - recordsOffset,
      namesOffset <= raw.count, namesLength <= raw.count - namesOffset,
      indexOffset <= raw.count, indexCount <= count, indexCount * 4 <= raw.count - indexOffset
    else { return .failure(.corrupt("sections extend past the end of the file (\(raw.count) bytes)")) }

    var counts = BranchCounts()
    for code in KindCode.allCases {
      counts.all[code] = Int(raw.littleEndian(at: F.countsOffset + 4 * Int(code.rawValue), as: UInt32.self))
      counts.outsidePullRequests[code] = Int(
        raw.littleEndian(at: F.countsWithoutPullOffset + 4 * Int(code.rawValue), as: UInt32.self))
    }
    guard counts.all.total == count else { return .failure(.corrupt("kind counts do not add up to \(count)")) }

    let id = ObjectID(loadingFrom: raw, at: F.idOffset)
    return .success(
      Layout(
        id: id, count: count, counts: counts, recordsOffset: recordsOffset, namesOffset: namesOffset,
        namesLength: namesLength, indexOffset: indexOffset, indexCount: indexCount))
  }
}

public enum BranchListError: Error, Equatable, CustomStringConvertible {
  case truncated(size: Int)
  case notABranchList
  case unsupportedVersion(UInt32)
  case corrupt(String)

  public var description: String {
    switch self {
    case .truncated(let size): return "file is truncated (\(size) bytes, shorter than the header)"
    case .notABranchList: return "not a snaprev branch list (bad magic bytes)"
    case .unsupportedVersion(let version):
      return "branch list format version \(version) is not supported by this snaprev (it reads version \(BranchListFormat.version))"
    case .corrupt(let detail): return "branch list is corrupt: \(detail)"
    }
  }
}

/// Unchecked views into a validated branch list, for tight loops (package-wide: swh-web's
/// page body reads through it too).
package struct RawBranchList {
  let raw: UnsafeRawBufferPointer
  package let count: Int
  let recordsOffset: Int
  let namesOffset: Int
  let namesLength: Int

  /// The slice `offset..<offset+length` of the names section, empty when it does not fit.
  @inline(__always)
  private func names(_ offset: UInt64, _ length: UInt64) -> UnsafeRawBufferPointer {
    guard offset <= UInt64(namesLength), length <= UInt64(namesLength) - offset else {
      return UnsafeRawBufferPointer(rebasing: raw[0..<0])
    }
    let start = namesOffset + Int(offset)
    return UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(length))])
  }

  /// What is wrong with a record, nil when nothing is.
  func recordProblem(_ index: Int) -> String? {
    let record = record(index)
    let nameOffset = raw.littleEndian(at: record + BranchListFormat.nameOffsetField, as: UInt64.self)
    let nameLength = UInt64(raw.littleEndian(at: record + BranchListFormat.nameLengthField, as: UInt32.self))
    guard nameOffset <= UInt64(namesLength), nameLength <= UInt64(namesLength) - nameOffset else {
      return "names bytes outside the names section"
    }
    guard let kind = KindCode(rawValue: raw[record + BranchListFormat.kindField]) else { return "has an unknown kind" }
    if kind == .alias {
      let offset = raw.littleEndian(at: record + BranchListFormat.targetField, as: UInt64.self)
      let length = UInt64(raw.littleEndian(at: record + BranchListFormat.targetField + 8, as: UInt32.self))
      guard offset <= UInt64(namesLength), length <= UInt64(namesLength) - offset else {
        return "has an alias target outside the names section"
      }
    }
    return nil
  }

  @inline(__always)
  func record(_ index: Int) -> Int { recordsOffset + index * BranchListFormat.recordSize }

  @inline(__always)
  package func kind(_ index: Int) -> KindCode {
    KindCode(rawValue: raw[record(index) + BranchListFormat.kindField]) ?? .dangling
  }

  @inline(__always)
  package func name(_ index: Int) -> UnsafeRawBufferPointer {
    let record = record(index)
    return names(
      raw.littleEndian(at: record + BranchListFormat.nameOffsetField, as: UInt64.self),
      UInt64(raw.littleEndian(at: record + BranchListFormat.nameLengthField, as: UInt32.self)))
  }

  /// The alias target name (empty for other kinds).
  @inline(__always)
  package func aliasTarget(_ index: Int) -> UnsafeRawBufferPointer {
    let record = record(index)
    guard kind(index) == .alias else { return UnsafeRawBufferPointer(rebasing: raw[0..<0]) }
    return names(
      raw.littleEndian(at: record + BranchListFormat.targetField, as: UInt64.self),
      UInt64(raw.littleEndian(at: record + BranchListFormat.targetField + 8, as: UInt32.self)))
  }

  @inline(__always)
  package func object(_ index: Int) -> ObjectID {
    ObjectID(loadingFrom: raw, at: record(index) + BranchListFormat.targetField)
  }

  package func target(_ index: Int) -> BranchTarget {
    let kind = kind(index)
    switch kind {
    case .dangling: return .dangling
    case .alias: return .alias(Array(aliasTarget(index)))
    default: return .object(kind.objectKind ?? .revision, object(index))
    }
  }

  /// The bytes written after `<len>:` in the manifest.
  @inline(__always)
  func manifestTarget(_ index: Int) -> UnsafeRawBufferPointer {
    switch kind(index) {
    case .dangling: return UnsafeRawBufferPointer(rebasing: raw[0..<0])
    case .alias: return aliasTarget(index)
    default:
      let start = record(index) + BranchListFormat.targetField
      return UnsafeRawBufferPointer(rebasing: raw[start..<(start + 20)])
    }
  }

  func manifestEntryLength(_ index: Int) -> Int {
    ManifestHasher.entryLength(kind: kind(index), nameLength: name(index).count, targetLength: manifestTarget(index).count)
  }

  func addToManifest(_ index: Int, _ hasher: inout ManifestHasher) {
    hasher.add(kind: kind(index), name: name(index), target: manifestTarget(index))
  }

  package func lowerBound(_ key: UnsafeRawBufferPointer) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if ByteOrder.compare(name(middle), key) < 0 { low = middle + 1 } else { high = middle }
    }
    return low
  }

  package func hasPullRequestPrefix(_ index: Int) -> Bool {
    ByteOrder.hasPrefix(name(index), BranchListFormat.pullRequestPrefix)
  }
}
