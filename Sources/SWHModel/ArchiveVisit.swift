/// A stored snapshot as the archive lists it: its latest visit and its branch counts.
public struct ArchivedSnapshot: Equatable, Sendable {
  public var visit: ArchiveVisit
  public var counts: BranchCounts

  public init(visit: ArchiveVisit, counts: BranchCounts) {
    self.visit = visit
    self.counts = counts
  }
}

/// One archive or import of a snapshot: where it came from and when.
public struct ArchiveVisit: Equatable, Sendable {
  public enum Source: String, Sendable {
    case git, api, file
  }

  public var snapshot: ObjectID
  /// The origin URL (`--origin`, a git remote, the API), nil when unknown.
  public var origin: String?
  /// Seconds since 1970 UTC.
  public var date: Int64
  public var source: Source
  /// The git directory, API URL or file names it was read from.
  public var location: String

  public init(snapshot: ObjectID, origin: String?, date: Int64, source: Source, location: String) {
    self.snapshot = snapshot
    self.origin = origin
    self.date = date
    self.source = source
    self.location = location
  }

  public var isoDate: String {
    TargetInfo(id: snapshot, kind: .snapshot, title: [], date: date).isoDate.map {
      $0.hasSuffix("+00:00") ? String($0.dropLast(6)) + "Z" : $0
    } ?? ""
  }
}
