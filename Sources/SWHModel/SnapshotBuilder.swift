import TextEscaping

/// Collects branches in any order and produces the stored, sorted `BranchList`.
///
/// Names live in one byte buffer rather than one array each: a million branches would
/// otherwise cost a million allocations.
public struct SnapshotBuilder: Sendable {
  private var blob: [UInt8] = []
  private var entries: [Entry] = []

  private struct Entry: Sendable {
    var nameOffset: Int
    var nameLength: Int
    var kind: KindCode
    var object: ObjectID
    var aliasOffset: Int
    var aliasLength: Int
  }

  private static let zeroID = ObjectID(word0: 0, word1: 0, word2: 0)

  public init(expectedCount: Int = 0) {
    entries.reserveCapacity(expectedCount)
    blob.reserveCapacity(expectedCount * 32)
  }

  public var count: Int { entries.count }

  public mutating func add(_ branch: Branch) {
    add(name: branch.name, target: branch.target)
  }

  public mutating func add(name: some Collection<UInt8>, target: BranchTarget) {
    let nameOffset = blob.count
    blob.append(contentsOf: name)
    var entry = Entry(
      nameOffset: nameOffset, nameLength: blob.count - nameOffset, kind: KindCode(target),
      object: Self.zeroID, aliasOffset: 0, aliasLength: 0)
    switch target {
    case .object(_, let id): entry.object = id
    case .alias(let targetName):
      entry.aliasOffset = blob.count
      blob.append(contentsOf: targetName)
      entry.aliasLength = targetName.count
    case .dangling: break
    }
    entries.append(entry)
  }

  /// Sorts by name, drops exact repeats (a branch seen on two pages) and encodes.
  /// Throws when one name has two different targets.
  public func build() throws(SnapshotBuildError) -> BranchList {
    let order = sortedOrder()
    let kept = try deduplicated(order)
    let bytes = encode(kept)
    do {
      return try BranchList(bytes: bytes)
    } catch {
      throw .internalInconsistency(error.description)
    }
  }

  private func sortedOrder() -> [Int] {
    var order = Array(entries.indices)
    blob.withUnsafeBytes { raw in
      entries.withUnsafeBufferPointer { entries in
        order.sort { left, right in
          let a = entries[left]
          let b = entries[right]
          let nameA = UnsafeRawBufferPointer(rebasing: raw[a.nameOffset..<(a.nameOffset + a.nameLength)])
          let nameB = UnsafeRawBufferPointer(rebasing: raw[b.nameOffset..<(b.nameOffset + b.nameLength)])
          let order = ByteOrder.compare(nameA, nameB)
          return order != 0 ? order < 0 : left < right
        }
      }
    }
    return order
  }

  private func deduplicated(_ order: [Int]) throws(SnapshotBuildError) -> [Int] {
    var kept = [Int]()
    kept.reserveCapacity(order.count)
    var conflict: [UInt8]? = nil
    blob.withUnsafeBytes { raw in
      for index in order {
        guard let previous = kept.last else {
          kept.append(index)
          continue
        }
        let a = entries[previous]
        let b = entries[index]
        let nameA = UnsafeRawBufferPointer(rebasing: raw[a.nameOffset..<(a.nameOffset + a.nameLength)])
        let nameB = UnsafeRawBufferPointer(rebasing: raw[b.nameOffset..<(b.nameOffset + b.nameLength)])
        guard ByteOrder.compare(nameA, nameB) == 0 else {
          kept.append(index)
          continue
        }
        let aliasA = UnsafeRawBufferPointer(rebasing: raw[a.aliasOffset..<(a.aliasOffset + a.aliasLength)])
        let aliasB = UnsafeRawBufferPointer(rebasing: raw[b.aliasOffset..<(b.aliasOffset + b.aliasLength)])
        let same = a.kind == b.kind && a.object == b.object && ByteOrder.compare(aliasA, aliasB) == 0
        if !same && conflict == nil { conflict = Array(nameA) }
      }
    }
    if let conflict { throw .conflictingTargets(name: conflict) }
    return kept
  }

  private func encode(_ kept: [Int]) -> [UInt8] {
    typealias F = BranchListFormat
    var namesLength = 0
    for index in kept { namesLength += entries[index].nameLength + entries[index].aliasLength }
    let recordsOffset = F.headerSize
    let namesOffset = recordsOffset + kept.count * F.recordSize
    let indexOffset = (namesOffset + namesLength + 7) & ~7
    var out = [UInt8](repeating: 0, count: namesOffset)
    out.reserveCapacity(indexOffset + kept.count * 4)
    out.replaceSubrange(0..<F.magic.count, with: F.magic)
    out.storeLittleEndian(F.version, at: F.versionOffset)
    out.storeLittleEndian(UInt32(F.headerSize), at: F.headerSizeOffset)
    out.storeLittleEndian(UInt64(kept.count), at: F.countOffset)
    out.storeLittleEndian(UInt64(recordsOffset), at: F.recordsOffsetOffset)
    out.storeLittleEndian(UInt64(namesOffset), at: F.namesOffsetOffset)
    out.storeLittleEndian(UInt64(namesLength), at: F.namesLengthOffset)
    out.storeLittleEndian(UInt64(indexOffset), at: F.indexOffsetOffset)

    var counts = BranchCounts()
    var bodyLength = 0
    var namesCursor = 0
    blob.withUnsafeBytes { raw in
      for (position, index) in kept.enumerated() {
        let entry = entries[index]
        let name = UnsafeRawBufferPointer(rebasing: raw[entry.nameOffset..<(entry.nameOffset + entry.nameLength)])
        let record = recordsOffset + position * F.recordSize
        out.storeLittleEndian(UInt64(namesCursor), at: record + F.nameOffsetField)
        out.storeLittleEndian(UInt32(entry.nameLength), at: record + F.nameLengthField)
        out[record + F.kindField] = entry.kind.rawValue
        out.append(contentsOf: name)
        switch entry.kind {
        case .alias:
          out.storeLittleEndian(UInt64(namesCursor + entry.nameLength), at: record + F.targetField)
          out.storeLittleEndian(UInt32(entry.aliasLength), at: record + F.targetField + 8)
          out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[entry.aliasOffset..<(entry.aliasOffset + entry.aliasLength)]))
        case .dangling:
          break
        default:
          let id = entry.object.bytes
          for (offset, byte) in id.enumerated() { out[record + F.targetField + offset] = byte }
        }
        namesCursor += entry.nameLength + entry.aliasLength
        counts.all[entry.kind] += 1
        if !ByteOrder.hasPrefix(name, F.pullRequestPrefix) { counts.outsidePullRequests[entry.kind] += 1 }
        let targetLength = entry.kind == .alias ? entry.aliasLength : (entry.kind == .dangling ? 0 : 20)
        bodyLength += ManifestHasher.entryLength(kind: entry.kind, nameLength: entry.nameLength, targetLength: targetLength)
      }
    }
    out += [UInt8](repeating: 0, count: indexOffset - out.count)

    // The target index: record numbers of object branches, ordered by (target, record).
    var byTarget = [(ObjectID, UInt32)]()
    for (position, index) in kept.enumerated() where entries[index].kind.objectKind != nil {
      byTarget.append((entries[index].object, UInt32(position)))
    }
    byTarget.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    for (_, position) in byTarget { out.appendLittleEndian(position) }
    out.storeLittleEndian(UInt64(byTarget.count), at: F.indexCountOffset)

    for code in KindCode.allCases {
      out.storeLittleEndian(UInt32(counts.all[code]), at: F.countsOffset + 4 * Int(code.rawValue))
      out.storeLittleEndian(UInt32(counts.outsidePullRequests[code]), at: F.countsWithoutPullOffset + 4 * Int(code.rawValue))
    }

    // The identifier, hashed from the records just written.
    var hasher = ManifestHasher(bodyLength: bodyLength)
    out.withUnsafeBytes { raw in
      let view = RawBranchList(
        raw: raw, count: kept.count, recordsOffset: recordsOffset, namesOffset: namesOffset, namesLength: namesLength)
      for position in 0..<kept.count { view.addToManifest(position, &hasher) }
    }
    let id = hasher.finish().bytes
    out.replaceSubrange(F.idOffset..<(F.idOffset + 20), with: id)
    return out
  }
}

public enum SnapshotBuildError: Error, Equatable, CustomStringConvertible {
  case conflictingTargets(name: [UInt8])
  case internalInconsistency(String)

  public var description: String {
    switch self {
    case .conflictingTargets(let name):
      return "branch \"\(SafeText.escaped(bytes: name))\" appears twice with different targets"
    case .internalInconsistency(let detail):
      return "internal error while encoding the branch list: \(detail)"
    }
  }
}
