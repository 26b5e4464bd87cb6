import SWHModel

/// A stored snapshot opened for browsing: the memory-mapped branch list (never copied
/// into rows), its titles and dates when known, and the visit it was opened from.
public struct BrowsedSnapshot: Sendable {
  public var list: BranchList
  public var targets: TargetInfoTable?
  public var visit: ArchiveVisit?
  /// The list's indices in `NaturalOrder` (version order for tags, numeric for
  /// `refs/pull/N`), and where the `refs/pull/` run lies in it (still one run: its names
  /// share a digit-free prefix).
  public let naturalOrder: [Int]
  let naturalPullRun: Range<Int>

  /// Sorts the names once (`NaturalOrder.permutation`): build this off the key path.
  public init(list: BranchList, targets: TargetInfoTable? = nil, visit: ArchiveVisit? = nil) {
    self.list = list
    self.targets = targets
    self.visit = visit
    let order = NaturalOrder.permutation(of: list)
    naturalOrder = order
    let pulls = BranchScreen.pullRequestRun(list)
    let positions = order.indices.filter { pulls.contains(order[$0]) }
    naturalPullRun = (positions.first ?? 0)..<((positions.last ?? -1) + 1)
  }

  public var id: ObjectID { list.id }
}

/// An uploaded image build as the browser links it to branches: by its `head_sha`.
public struct LinkedBuild: Sendable, Equatable {
  public var id: String
  public var headSHA: String
  public var appID: String?
  public var headRef: String?
  public var buildConfiguration: String?
  /// Approval in a few words ("NEEDS APPROVAL", "approved"), for the chooser.
  public var status: String?

  public init(
    id: String, headSHA: String, appID: String? = nil, headRef: String? = nil,
    buildConfiguration: String? = nil, status: String? = nil
  ) {
    self.id = id
    self.headSHA = headSHA
    self.appID = appID
    self.headRef = headRef
    self.buildConfiguration = buildConfiguration
    self.status = status
  }

  /// "#12 com.example.app Release".
  public var label: String {
    (["#\(id)"] + [appID, buildConfiguration].compactMap { $0 }).joined(separator: " ")
  }
}

/// Builds by the commit they were made from. A `head_sha` may be abbreviated (at least 7
/// hex digits, as git prints them); it then links every object id it is a prefix of.
public struct BuildLinks: Sendable {
  private var exact: [ObjectID: [LinkedBuild]] = [:]
  private var abbreviated: [(prefix: String, build: LinkedBuild)] = []
  public private(set) var count = 0

  public init(_ builds: [LinkedBuild] = []) {
    // Newest first: ids are store numbers, so larger is newer.
    for build in Self.newestFirst(builds) {
      let hex = build.headSHA.lowercased()
      if let id = ObjectID(hex: hex) {
        exact[id, default: []].append(build)
        count += 1
      } else if hex.count >= 7, hex.count < 40, hex.utf8.allSatisfy(Self.isHexDigit) {
        abbreviated.append((hex, build))
        count += 1
      }
    }
  }

  public var isEmpty: Bool { count == 0 }

  /// Builds made from `id`, newest first.
  public func builds(for id: ObjectID) -> [LinkedBuild] {
    let found = exact[id] ?? []
    guard !abbreviated.isEmpty else { return found }
    let hex = id.hex
    let more = abbreviated.filter { hex.hasPrefix($0.prefix) }.map(\.build)
    return more.isEmpty ? found : Self.newestFirst(found + more)
  }

  private static func newestFirst(_ builds: [LinkedBuild]) -> [LinkedBuild] {
    builds.sorted { (Int($0.id) ?? 0, $0.id) > (Int($1.id) ?? 0, $1.id) }
  }

  /// Builds of the commit a row ends at: its final object, or for a release the object the
  /// release points at (builds are made from commits, tags point at them).
  public func builds(for row: BranchRow) -> [LinkedBuild] {
    guard let final = row.finalObject else { return [] }
    var found = builds(for: final.id)
    if final.kind == .release, let target = row.info?.releaseTarget {
      let more = builds(for: target.id).filter { candidate in !found.contains { $0.id == candidate.id } }
      if !more.isEmpty { found = Self.newestFirst(found + more) }
    }
    return found
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
  }
}
