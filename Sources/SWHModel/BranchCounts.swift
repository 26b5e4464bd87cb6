/// How many branches of each kind a snapshot has, overall and outside `refs/pull/`.
public struct BranchCounts: Equatable, Sendable {
  /// Counts by kind over all branches.
  public var all: KindCounts
  /// Counts by kind over the branches whose names do not start with `refs/pull/`.
  public var outsidePullRequests: KindCounts

  public init(all: KindCounts = KindCounts(), outsidePullRequests: KindCounts = KindCounts()) {
    self.all = all
    self.outsidePullRequests = outsidePullRequests
  }

  /// The number in swh-web's "Branches (N)" tab: content, directory and revision targets
  /// outside `refs/pull/`; aliases are not counted (`archive.lookup_snapshot_sizes`).
  public var branchesTab: Int {
    outsidePullRequests.content + outsidePullRequests.directory + outsidePullRequests.revision
  }

  /// The number in swh-web's "Releases (N)" tab: release targets outside `refs/pull/`.
  public var releasesTab: Int { outsidePullRequests.release }

  public var total: Int { all.total }
}

public struct KindCounts: Equatable, Sendable {
  public var content = 0
  public var directory = 0
  public var revision = 0
  public var release = 0
  public var snapshot = 0
  public var alias = 0
  public var dangling = 0

  public init() {}

  public init(content: Int = 0, directory: Int = 0, revision: Int = 0, release: Int = 0, snapshot: Int = 0, alias: Int = 0, dangling: Int = 0) {
    self.content = content
    self.directory = directory
    self.revision = revision
    self.release = release
    self.snapshot = snapshot
    self.alias = alias
    self.dangling = dangling
  }

  public var total: Int { content + directory + revision + release + snapshot + alias + dangling }

  subscript(code: KindCode) -> Int {
    get {
      switch code {
      case .content: return content
      case .directory: return directory
      case .revision: return revision
      case .release: return release
      case .snapshot: return snapshot
      case .alias: return alias
      case .dangling: return dangling
      }
    }
    set {
      switch code {
      case .content: content = newValue
      case .directory: directory = newValue
      case .revision: revision = newValue
      case .release: release = newValue
      case .snapshot: snapshot = newValue
      case .alias: alias = newValue
      case .dangling: dangling = newValue
      }
    }
  }
}
