import SWHModel
import TerminalCanvas
import TerminalWidgets

/// Which screen is showing.
public enum BrowseScreenID: Sendable, Equatable { case snapshots, branches }

/// Picking one of several builds made from the same commit.
public struct BuildChoice: Sendable, Equatable {
  public enum Purpose: Sendable, Equatable {
    /// Open the build in the reviewer.
    case open
    /// Remember it as the base of a comparison.
    case base
    /// Compare it, as head, with the remembered base.
    case head
  }

  public var purpose: Purpose
  public var branch: [UInt8]
  public var builds: [LinkedBuild]
  public var selected: Int

  public init(purpose: Purpose, branch: [UInt8], builds: [LinkedBuild], selected: Int = 0) {
    self.purpose = purpose
    self.branch = branch
    self.builds = builds
    self.selected = selected
  }
}

/// A modal box over the screen.
public enum BrowseOverlay: Sendable, Equatable {
  case help(scroll: Int)
  case chooseBuild(BuildChoice)
}

/// The branch (and its build) picked as the base of a comparison with `m`.
public struct BaseMark: Sendable, Equatable {
  public var branch: [UInt8]
  public var build: LinkedBuild

  public init(branch: [UInt8], build: LinkedBuild) {
    self.branch = branch
    self.build = build
  }
}

/// The list of archived snapshots (`snaprev browse` without an ID), newest visit first.
public struct SnapshotListScreen: Sendable {
  public var items: [ArchivedSnapshot] = []
  public var selected = 0
  public var offset = 0
  public var loading = false
  public var error: String?

  public init() {}
}

/// Where a (tab, filter) was left, so going back to it returns there.
public struct TabPosition: Sendable, Equatable {
  public var start: Int
  public var number: Int
  public var selected: Int
  public var offset: Int
  var breadcrumbs: [Int]
}

/// The page of rows on screen (at most `BranchScreen.pageSize`).
public struct VisiblePage: Sendable, Equatable {
  public var rows: [BranchRow]
  /// Just past the last row: where the scan for the next page starts.
  var end: Int

  public init(rows: [BranchRow] = [], end: Int = 0) {
    self.rows = rows
    self.end = end
  }
}

/// The Branches / Releases screen of one snapshot. Only the current page of rows (at most
/// `pageSize`) is materialized; paging reads the memory-mapped list again.
public struct BranchScreen: Sendable {
  /// swh-web's `PER_PAGE`.
  public static let pageSize = 100

  public let snapshot: BrowsedSnapshot
  /// Indices of the `refs/pull/` names (see `hiddenRun`).
  let pullRequests: Range<Int>
  public var filter: BranchFilter
  /// Rows in byte order (swh-web's, and the API's paging order) instead of the natural
  /// order; pages and positions below are positions in the order in force.
  public var byteOrder = false
  /// The filter as typed (the bytes searched are its UTF-8).
  public var filterText = ""
  public var editingFilter = false
  public var page = VisiblePage()
  /// Index (in the whole list) where this page starts.
  public var pageStart = 0
  /// 1-based page number.
  public var pageNumber = 1
  /// Where the pages before this one start, when known (swh-web's `branches_breadcrumbs`):
  /// "previous" then needs no backward scan.
  var breadcrumbs: [Int] = []
  /// Selected row, within `page.rows`.
  public var selected = 0
  /// First visible row, within `page.rows`.
  public var offset = 0
  /// How many rows the current filter shows in all (valid when `totalIsKnown`).
  public var total = 0
  /// False while a new filter's rows are being counted (in the background: counting a
  /// million rows is too slow for a keystroke); paging still works meanwhile.
  public var totalIsKnown = true
  /// The count asked of the shell, so it is asked once.
  var requestedCount: TotalKey?
  public var base: BaseMark?
  /// Where each (tab, filter) was left, so going back to it returns there.
  var saved: [TotalKey: TabPosition] = [:]
  var totals: [TotalKey: Int] = [:]

  struct TotalKey: Hashable {
    var tab: Int
    var pulls: Bool
    var name: [UInt8]

    init(_ filter: BranchFilter) {
      tab = filter.tab.key
      pulls = filter.showPullRequests
      name = filter.nameContains
    }
  }

  public init(snapshot: BrowsedSnapshot, filter: BranchFilter = BranchFilter()) {
    self.snapshot = snapshot
    self.filter = filter
    pullRequests = Self.pullRequestRun(snapshot.list)
    reloadFromStart()
  }

  public var selectedRow: BranchRow? { page.rows.indices.contains(selected) ? page.rows[selected] : nil }

  public var pageCount: Int { max(1, (total + Self.pageSize - 1) / Self.pageSize) }

  /// Known from the count, so the last page needs no scan to the end of the list; while
  /// counting, a full page may have a next one.
  public var hasNextPage: Bool {
    totalIsKnown ? firstRowNumber + page.rows.count < total : page.rows.count == Self.pageSize
  }
  public var hasPreviousPage: Bool { pageNumber > 1 }

  /// Position of the first row of this page among all rows the filter shows (0-based).
  public var firstRowNumber: Int { (pageNumber - 1) * Self.pageSize }
}

/// The whole browser: a value, changed only by `reduce`, drawn only by `render`.
public struct BrowseState: Sendable {
  public var width: Int
  public var height: Int
  public var colorMode: ColorMode
  public var screen: BrowseScreenID
  public var snapshots = SnapshotListScreen()
  public var branches: BranchScreen?
  public var builds = BuildLinks()
  public var overlay: BrowseOverlay?
  public var message: StatusMessage?
  /// The snapshot being opened, shown while it loads.
  public var loadingSnapshot: ObjectID?
  public var quitting = false

  /// A state showing the snapshot list (`snapshotID == nil`) or opening one snapshot.
  public init(snapshotID: ObjectID?, width: Int = 80, height: Int = 24, colorMode: ColorMode = .palette256) {
    self.width = width
    self.height = height
    self.colorMode = colorMode
    screen = snapshotID == nil ? .snapshots : .branches
    loadingSnapshot = snapshotID
    snapshots.loading = snapshotID == nil
  }

  /// The effects that load what the initial state shows.
  public var initialEffects: [BrowseEffect] {
    if let id = loadingSnapshot { return [.loadBuilds, .loadSnapshot(id)] }
    return [.loadBuilds, .loadSnapshots]
  }

  /// Below `Chrome.minimumWidth` x `Chrome.minimumHeight` only the "terminal too small" screen is drawn.
  public var isTooSmall: Bool { Chrome.isTooSmall(width: width, height: height) }

  /// The keymap contexts active now, most specific first.
  public var keyContexts: [BrowseKeyContext] {
    switch overlay {
    case .help: return [.help]
    case .chooseBuild: return [.chooser]
    case nil: break
    }
    if isTooSmall { return [.global] }
    switch screen {
    case .snapshots: return [.snapshots, .global]
    case .branches:
      guard let branches else { return [.global] }
      return branches.editingFilter ? [.filter] : [.branches, .global]
    }
  }
}
