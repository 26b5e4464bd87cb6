import SWHModel
import TerminalCanvas
import TerminalWidgets

/// Everything that can change the browser's state: input, and the results of effects.
public enum BrowseAction: Sendable {
  case key(Key)
  /// A click or wheel notch (SGR mouse reports; `--no-mouse` turns them off).
  case mouse(MouseEvent)
  case resize(width: Int, height: Int)
  /// The archived snapshots, newest visit first.
  case snapshotsLoaded([ArchivedSnapshot])
  case snapshotLoaded(BrowsedSnapshot)
  case buildsLoaded([LinkedBuild])
  case loadFailed(String)
  /// A note from outside the browser (e.g. on coming back from the reviewer).
  case note(StatusMessage)
  /// The rows `filter` shows in snapshot `snapshot` (the answer to `.countRows`).
  case rowsCounted(snapshot: ObjectID, filter: BranchFilter, count: Int)
}

/// Work the shell does for the browser; results come back as actions.
public enum BrowseEffect: Sendable, Equatable {
  case loadSnapshots
  case loadSnapshot(ObjectID)
  case loadBuilds
  /// Count the rows `filter` shows (`BranchList.count(matching:)`), off the keystroke path.
  case countRows(snapshot: ObjectID, filter: BranchFilter)
  /// Open `build` in the reviewer; `branch` is the branch it was reached from.
  case openBuild(LinkedBuild, branch: [UInt8])
  /// Compare two builds in the reviewer, read-only: `base` as base, `head` as head.
  case compareBuilds(base: LinkedBuild, baseBranch: [UInt8], head: LinkedBuild, headBranch: [UInt8])
  case quit
}
