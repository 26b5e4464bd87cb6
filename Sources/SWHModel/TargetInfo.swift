import FoundationEssentials

/// What snaprev keeps about a branch's target for display (swh-web's Message and Date
/// columns). Never part of the identifier.
public struct TargetInfo: Equatable, Sendable {
  public var id: ObjectID
  public var kind: ObjectKind
  /// The first line of the commit or tag message, raw bytes.
  public var title: [UInt8]
  /// Author date of a revision, tagger date of a release: seconds since 1970 UTC.
  public var date: Int64?
  /// The date's offset from UTC, in minutes.
  public var utcOffsetMinutes: Int16
  /// A release's own name (the tag name inside the tag object).
  public var releaseName: [UInt8]?
  /// A release's target.
  public var releaseTarget: (kind: ObjectKind, id: ObjectID)?

  public init(
    id: ObjectID, kind: ObjectKind, title: [UInt8], date: Int64?, utcOffsetMinutes: Int16 = 0,
    releaseName: [UInt8]? = nil, releaseTarget: (kind: ObjectKind, id: ObjectID)? = nil
  ) {
    self.id = id
    self.kind = kind
    self.title = title
    self.date = date
    self.utcOffsetMinutes = utcOffsetMinutes
    self.releaseName = releaseName
    self.releaseTarget = releaseTarget
  }

  public static func == (lhs: TargetInfo, rhs: TargetInfo) -> Bool {
    lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.title == rhs.title && lhs.date == rhs.date
      && lhs.utcOffsetMinutes == rhs.utcOffsetMinutes && lhs.releaseName == rhs.releaseName
      && lhs.releaseTarget?.kind == rhs.releaseTarget?.kind && lhs.releaseTarget?.id == rhs.releaseTarget?.id
  }

  /// The date as swh-web prints it, e.g. `2021-03-04T10:00:00+01:00`, in the recorded offset.
  public var isoDate: String? {
    guard let date else { return nil }
    let local = date + Int64(utcOffsetMinutes) * 60
    let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
    let seconds = local - days * 86400
    let (year, month, day) = Self.civil(fromDays: days)
    let sign = utcOffsetMinutes < 0 ? "-" : "+"
    let offset = abs(Int(utcOffsetMinutes))
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let yearText = year >= 0 && year < 10000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
    return "\(yearText)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
      + "\(sign)\(two(Int64(offset / 60))):\(two(Int64(offset % 60)))"
  }

  /// Howard Hinnant's days-to-civil.
  static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }
}

/// A sorted, memory-mappable table of `TargetInfo` (`<id>.targets` in the store):
///
///     header  48 bytes: magic "SNPRVTGT", version u32, header size u32, count u64,
///             records offset u64, strings offset u64, strings length u64
///     records count × 80 bytes ordered by id: id (20), kind u8, flags u8 (1 = has date,
///             2 = has release target), UTC offset i16, date i64, title offset u64,
///             title length u32, release name length u32, release name offset u64,
///             release target kind u8, 3 reserved, release target id (20)
///     strings titles and release names
public struct TargetInfoTable: Sendable {
  static let magic: [UInt8] = Array("SNPRVTGT".utf8)
  static let version: UInt32 = 1
  static let headerSize = 48
  static let recordSize = 80

  public let data: Data
  public let count: Int
  let recordsOffset: Int
  let stringsOffset: Int
  let stringsLength: Int

  public init(data: Data) throws(BranchListError) {
    let checked: Result<(Int, Int, Int, Int), BranchListError> = data.withUnsafeBytes { raw in
      guard raw.count >= Self.headerSize else { return .failure(.truncated(size: raw.count)) }
      guard Array(raw[0..<8]) == Self.magic else { return .failure(.notABranchList) }
      let version = raw.littleEndian(at: 8, as: UInt32.self)
      guard version == Self.version else { return .failure(.unsupportedVersion(version)) }
      guard let count = Int(exactly: raw.littleEndian(at: 16, as: UInt64.self)),
        let records = Int(exactly: raw.littleEndian(at: 24, as: UInt64.self)),
        let strings = Int(exactly: raw.littleEndian(at: 32, as: UInt64.self)),
        let length = Int(exactly: raw.littleEndian(at: 40, as: UInt64.self)),
        count <= raw.count / Self.recordSize, records >= Self.headerSize, records <= raw.count,
        count * Self.recordSize <= raw.count - records, strings <= raw.count, length <= raw.count - strings
      else { return .failure(.corrupt("target table sections out of range")) }
      for index in 0..<count {
        let record = records + index * Self.recordSize
        let titleOffset = raw.littleEndian(at: record + 32, as: UInt64.self)
        let titleLength = UInt64(raw.littleEndian(at: record + 40, as: UInt32.self))
        let nameLength = UInt64(raw.littleEndian(at: record + 44, as: UInt32.self))
        let nameOffset = raw.littleEndian(at: record + 48, as: UInt64.self)
        guard titleOffset <= UInt64(length), titleLength <= UInt64(length) - titleOffset,
          nameOffset <= UInt64(length), nameLength <= UInt64(length) - nameOffset,
          KindCode(rawValue: raw[record + 20])?.objectKind != nil
        else { return .failure(.corrupt("target record \(index) out of range")) }
      }
      return .success((count, records, strings, length))
    }
    let (count, records, strings, length) = try checked.get()
    self.data = data
    self.count = count
    recordsOffset = records
    stringsOffset = strings
    stringsLength = length
  }

  /// Encodes infos (any order; one per id, later ones win).
  public static func encode(_ infos: [TargetInfo]) -> [UInt8] {
    var unique = [ObjectID: TargetInfo]()
    for info in infos { unique[info.id] = info }
    let sorted = unique.values.sorted { $0.id < $1.id }
    var strings = [UInt8]()
    var records = [UInt8]()
    records.reserveCapacity(sorted.count * recordSize)
    for info in sorted {
      var record = [UInt8](repeating: 0, count: recordSize)
      record.replaceSubrange(0..<20, with: info.id.bytes)
      record[20] = KindCode(info.kind).rawValue
      record[21] = (info.date == nil ? 0 : 1) | (info.releaseTarget == nil ? 0 : 2)
      record.storeLittleEndian(info.utcOffsetMinutes, at: 22)
      record.storeLittleEndian(info.date ?? 0, at: 24)
      record.storeLittleEndian(UInt64(strings.count), at: 32)
      record.storeLittleEndian(UInt32(info.title.count), at: 40)
      strings += info.title
      let name = info.releaseName ?? []
      record.storeLittleEndian(UInt32(name.count), at: 44)
      record.storeLittleEndian(UInt64(strings.count), at: 48)
      strings += name
      if let target = info.releaseTarget {
        record[56] = KindCode(target.kind).rawValue
        record.replaceSubrange(60..<80, with: target.id.bytes)
      }
      records += record
    }
    var out = [UInt8](repeating: 0, count: headerSize)
    out.replaceSubrange(0..<8, with: magic)
    out.storeLittleEndian(version, at: 8)
    out.storeLittleEndian(UInt32(headerSize), at: 12)
    out.storeLittleEndian(UInt64(sorted.count), at: 16)
    out.storeLittleEndian(UInt64(headerSize), at: 24)
    out.storeLittleEndian(UInt64(headerSize + records.count), at: 32)
    out.storeLittleEndian(UInt64(strings.count), at: 40)
    return out + records + strings
  }

  public func info(for id: ObjectID) -> TargetInfo? {
    data.withUnsafeBytes { raw in
      var low = 0
      var high = count
      while low < high {
        let middle = (low + high) / 2
        if ObjectID(loadingFrom: raw, at: recordsOffset + middle * Self.recordSize) < id { low = middle + 1 } else { high = middle }
      }
      guard low < count else { return nil }
      let record = recordsOffset + low * Self.recordSize
      guard ObjectID(loadingFrom: raw, at: record) == id else { return nil }
      let flags = raw[record + 21]
      func string(_ offsetField: Int, _ lengthField: Int) -> [UInt8] {
        let offset = stringsOffset + Int(raw.littleEndian(at: record + offsetField, as: UInt64.self))
        let length = Int(raw.littleEndian(at: record + lengthField, as: UInt32.self))
        return Array(raw[offset..<(offset + length)])
      }
      var info = TargetInfo(
        id: id, kind: KindCode(rawValue: raw[record + 20])?.objectKind ?? .revision, title: string(32, 40),
        date: flags & 1 != 0 ? raw.littleEndian(at: record + 24, as: Int64.self) : nil,
        utcOffsetMinutes: raw.littleEndian(at: record + 22, as: Int16.self))
      if info.kind == .release { info.releaseName = string(48, 44) }
      if flags & 2 != 0, let kind = KindCode(rawValue: raw[record + 56])?.objectKind {
        info.releaseTarget = (kind, ObjectID(loadingFrom: raw, at: record + 60))
      }
      return info
    }
  }
}

extension TargetInfoTable {
  /// Every info, in id order.
  public func infos() -> [TargetInfo] {
    let ids: [ObjectID] = data.withUnsafeBytes { raw in
      (0..<count).map { ObjectID(loadingFrom: raw, at: recordsOffset + $0 * Self.recordSize) }
    }
    return ids.compactMap { info(for: $0) }
  }
}
