import DurableFiles
import FoundationEssentials
import JSONCore
import SWHModel
import TextEscaping

/// Branch lists inside the snaprev store (`<store>/archive/`, docs/STORE.md):
///
///     archive/lock                        writers' flock
///     archive/snapshots/<id>.branches     the branch list (BranchListFormat), immutable
///     archive/snapshots/<id>.targets      titles and dates of targets (TargetInfoTable)
///     archive/visits/<time>-<id>-<n>.json one per archive or import: origin, date, source
///
/// Every file is written whole under a temporary name and renamed into place.
public struct ArchiveStore: Sendable {
  /// The snaprev store's root directory (`--store`, `$SNAPREV_STORE` or `.snaprev`).
  public let root: String
  public var directory: String { root + "/archive" }
  var snapshotsDirectory: String { directory + "/snapshots" }
  var visitsDirectory: String { directory + "/visits" }

  public init(storeRoot: String) {
    var trimmed = storeRoot
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    root = trimmed
  }

  func branchesPath(_ id: ObjectID) -> String { "\(snapshotsDirectory)/\(id.hex).branches" }
  func targetsPath(_ id: ObjectID) -> String { "\(snapshotsDirectory)/\(id.hex).targets" }

  /// Stores a branch list (unless already stored), merges its target infos and records
  /// the visit. Nothing is written when the list's recorded id does not match its branches.
  @discardableResult
  public func save(_ list: BranchList, targets: [TargetInfo] = [], visit recorded: ArchiveVisit) throws(ArchiveStoreError) -> SaveOutcome {
    var visit = recorded
    do {
      try list.verify()
    } catch {
      throw .inconsistent(error.description)
    }
    guard visit.snapshot == list.id else {
      throw .inconsistent("the visit names \(visit.snapshot.hex) but the list is \(list.id.hex)")
    }
    try ArchiveFiles.makeDirectories(snapshotsDirectory)
    try ArchiveFiles.makeDirectories(visitsDirectory)
    let lock = try ArchiveFiles.lock(directory + "/lock")
    defer { withExtendedLifetime(lock) {} }
    Files.removeStaleTemporaries(in: snapshotsDirectory)
    Files.removeStaleTemporaries(in: visitsDirectory)

    // Visits are ordered by date (seconds), and the newest is an origin's latest visit; two
    // archives within one second would tie and be ordered by snapshot id instead. Under the
    // lock, a visit is therefore dated at least one second after every stored one.
    if let newest = try visits().last?.date, visit.date <= newest { visit.date = newest + 1 }

    var outcome = SaveOutcome(newSnapshot: false, visitFile: "")
    let name = visit.fileName(nonce: UInt32.random(in: 0...UInt32.max))
    outcome.visitFile = "\(visitsDirectory)/\(name)"
    // Every file is written and fsynced under a temporary name first, all at once (their
    // fsyncs overlap); the snapshot's files are renamed into place and their directory
    // fsynced before the visit that names them, so a crash leaves either no visit or a
    // visit whose snapshot is complete.
    var snapshotFiles = [PendingFile]()
    var visitFile: PendingFile? = nil
    defer {
      for file in snapshotFiles { file.discard() }
      visitFile?.discard()
    }
    try ArchiveFiles.mapped { () throws(FileError) in
      var files = [(path: String, chunks: [Data])]()
      if let existing = try? branchList(list.id), existing.id == list.id {
        outcome.newSnapshot = false
      } else {
        files.append((branchesPath(list.id), [list.data]))
        outcome.newSnapshot = true
      }
      if !targets.isEmpty {
        let existing = try? targetTable(list.id)
        let merged = Data(TargetInfoTable.encode((existing?.infos() ?? []) + targets))
        // The same repository archived again: the table is unchanged, nothing to rewrite.
        if existing?.data != merged { files.append((targetsPath(list.id), [merged])) }
      }
      files.append((outcome.visitFile, [Data(visit.json + [0x0A])]))
      var pending = try PendingFile.writeAll(files)
      visitFile = pending.removeLast()
      snapshotFiles = pending
      if !snapshotFiles.isEmpty {
        while let file = snapshotFiles.first {
          try file.commit()
          snapshotFiles.removeFirst()
        }
        try Files.syncDirectory(snapshotsDirectory)
      }
      if let file = visitFile {
        try file.commit()
        visitFile = nil
      }
      try Files.syncDirectory(visitsDirectory)
    }
    return outcome
  }

  /// The stored list, nil when this snapshot is not stored. Opening checks the header
  /// only (constant time); `verify(_:)` checks every record and the identifier.
  public func branchList(_ id: ObjectID) throws(ArchiveStoreError) -> BranchList? {
    let path = branchesPath(id)
    guard let data = try ArchiveFiles.map(path) else { return nil }
    let list: BranchList
    do {
      list = try BranchList(data: data)
    } catch {
      throw .corrupt(path: path, reason: error.description)
    }
    guard list.id == id else { throw .corrupt(path: path, reason: "it holds snapshot \(list.id.hex)") }
    return list
  }

  /// Checks a stored list completely: every record, and that it hashes to its id.
  public func verify(_ id: ObjectID) throws(ArchiveStoreError) {
    guard let list = try branchList(id) else { throw .corrupt(path: branchesPath(id), reason: "it is missing") }
    do {
      try list.verify()
    } catch {
      throw .corrupt(path: branchesPath(id), reason: error.description)
    }
  }

  public func targetTable(_ id: ObjectID) throws(ArchiveStoreError) -> TargetInfoTable? {
    let path = targetsPath(id)
    guard let data = try ArchiveFiles.map(path) else { return nil }
    do {
      return try TargetInfoTable(data: data)
    } catch {
      throw .corrupt(path: path, reason: error.description)
    }
  }

  /// Every recorded visit, oldest first. Unreadable visit files are reported, not skipped.
  public func visits() throws(ArchiveStoreError) -> [ArchiveVisit] {
    var visits = [ArchiveVisit]()
    for name in try ArchiveFiles.listDirectory(visitsDirectory) where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let path = "\(visitsDirectory)/\(name)"
      guard let bytes = try ArchiveFiles.read(path) else { continue }
      do {
        visits.append(try ArchiveVisit(json: bytes))
      } catch let error as JSONError {
        throw .corrupt(path: path, reason: error.lineDescription)
      } catch {
        throw .corrupt(path: path, reason: "\(error)")
      }
    }
    return visits.sorted { ($0.date, $0.snapshot) < ($1.date, $1.snapshot) }
  }

  /// The archived snapshots for a list screen: each visit with its snapshot's counts.
  public func summaries() throws(ArchiveStoreError) -> [ArchivedSnapshot] {
    var out = [ArchivedSnapshot]()
    var counts = [ObjectID: BranchCounts]()
    for visit in try visits() {
      if counts[visit.snapshot] == nil {
        guard let list = try branchList(visit.snapshot) else {
          throw .corrupt(path: branchesPath(visit.snapshot), reason: "a visit names it but the file is missing")
        }
        counts[visit.snapshot] = list.counts
      }
      out.append(ArchivedSnapshot(visit: visit, counts: counts[visit.snapshot] ?? BranchCounts()))
    }
    return out
  }
}

public struct SaveOutcome: Equatable, Sendable {
  /// False when the same snapshot was already stored (only a visit was added).
  public var newSnapshot: Bool
  public var visitFile: String
}

/// How the archive stores a visit: one small JSON file each (`archive/visits/`).
extension ArchiveVisit {
  /// The visit files' format version.
  public static let version = 1

  func fileName(nonce: UInt32) -> String {
    let stamp = isoDate.filter { $0 != "-" && $0 != ":" }
    return "\(stamp)-\(snapshot.hex)-\(String(nonce, radix: 16)).json"
  }

  /// Sorted keys, like the rest of the store's JSON, on one line (swh-web's compact layout).
  var json: [UInt8] {
    let members: [JSONObject.Member] = [
      ("date", .string(isoDate)), ("date_unix", .int(Int(date))), ("location", .string(location)),
      ("origin", .string(origin)), ("snapshot", .string(SWHID.snapshot(snapshot))), ("source", .string(source.rawValue)),
      ("version", .int(Self.version)),
    ]
    return JSONWriter.bytes(.object(JSONObject(sortedUnique: members)), style: .compactDRF)
  }

  init(json bytes: [UInt8]) throws {
    let value = try JSONParser.parse(bytes, options: .documentOrder)
    guard case .int(let version)? = value["version"] else { throw VisitFormatError("no version") }
    guard version == Self.version else { throw VisitFormatError("version \(version) is not supported (this snaprev reads \(Self.version))") }
    guard case .string(let swhid)? = value["snapshot"] else { throw VisitFormatError("no snapshot") }
    guard case .int(let date)? = value["date_unix"] else { throw VisitFormatError("no date_unix") }
    guard case .string(let sourceText)? = value["source"], let source = Source(rawValue: sourceText) else {
      throw VisitFormatError("no valid source")
    }
    guard case .string(let location)? = value["location"] else { throw VisitFormatError("no location") }
    var origin: String? = nil
    if case .string(let text)? = value["origin"] { origin = text }
    self.init(snapshot: try SWHID.parseSnapshot(swhid), origin: origin, date: Int64(date), source: source, location: location)
  }
}

struct VisitFormatError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

public enum ArchiveStoreError: Error, Equatable, CustomStringConvertible {
  case io(path: String, operation: String, reason: String)
  case corrupt(path: String, reason: String)
  case inconsistent(String)

  public var description: String {
    switch self {
    case .io(let path, let operation, let reason):
      return "\(SafeText.escaped(path)): cannot \(operation): \(reason)"
    case .corrupt(let path, let reason):
      return "\(SafeText.escaped(path)) is unreadable: \(reason)"
    case .inconsistent(let detail):
      return "refusing to store: \(detail)"
    }
  }
}
