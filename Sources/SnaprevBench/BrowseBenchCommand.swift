import ArgumentParser
import TextFormat
#if canImport(Glibc)
  import Glibc
#endif
import BrowseUI
import FoundationEssentials
import SWHArchive
import SWHModel
import TerminalCanvas
import TerminalWidgets

/// `snaprev bench-browse`: the branch browser's keystroke time on a big snapshot.
public struct BrowseBenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "bench-browse",
    abstract: "Benchmark the branch browser's keystrokes on a synthetic snapshot (release builds only).",
    discussion: """
      Stores the synthetic snapshot of `snaprev bench-archive` (--branches branches: heads, \
      tags, refs/pull/*, aliases, dangling) with a title and date for every object target \
      in a temporary store, opens it memory-mapped as `snaprev browse` does, and times \
      update + render of each keystroke at --width x --height: median, 95th percentile and \
      worst, per kind of key. Counting a new filter's rows scans the whole list; the app \
      does it in the background, so those counts are timed apart. With --directory the \
      store is kept, and a second run reuses it: its peak memory is the browser's alone.
      """,
    shouldDisplay: false)

  @Option(name: .long, help: "How many branches.")
  public var branches = 1_000_000

  @Option(name: .long, help: "Screen width.")
  public var width = 200

  @Option(name: .long, help: "Screen height.")
  public var height = 50

  @Option(name: .long, help: "Work directory, kept and reused by the next run (default: a temporary directory, removed).")
  public var directory: String?

  public func validate() throws {
    guard branches >= 1000 else { throw ValidationError("--branches must be at least 1000") }
    guard width >= Chrome.minimumWidth, height >= Chrome.minimumHeight else {
      throw ValidationError("the screen must be at least \(Chrome.minimumWidth)x\(Chrome.minimumHeight)")
    }
  }

  public func run() throws {
    #if DEBUG
      print("warning: debug build; build with -c release for meaningful figures")
    #endif
    let work = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-bench-browse-\(getpid())").path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { if directory == nil { try? FileManager.default.removeItem(atPath: work) } }

    let clock = ContinuousClock()
    let archive = ArchiveStore(storeRoot: work + "/store")
    // A kept directory is reused, so a second run measures the browser's memory alone.
    let reused = try archive.summaries().first { $0.counts.total == branches }?.visit.snapshot
    let id = try reused ?? store(into: archive)
    print("bench-browse: \(branches) branches at \(width)x\(height)" + (reused == nil ? "" : " (stored snapshot reused)"))

    // Opening: map the list and its titles, count the first tab, draw the first frame.
    var state = BrowseState(snapshotID: id, width: width, height: height)
    var canvas = Canvas(width: width, height: height)
    let open = clock.measure {
      guard let list = try? archive.branchList(id) else { return }
      let snapshot = BrowsedSnapshot(list: list, targets: try? archive.targetTable(id), visit: try? archive.visits().last)
      _ = reduce(&state, .buildsLoaded(Self.builds(list)))
      _ = reduce(&state, .snapshotLoaded(snapshot))
      render(state, into: &canvas)
    }
    guard let screen = state.branches else { throw ValidationError("the snapshot did not open") }
    print(String(printf: "  open (map, validate, count the Branches tab, first frame): %.1f ms", BenchMeasure.milliseconds(open)))
    print("  Branches tab: \(screen.total) rows, \(screen.pageCount) pages of 100")

    // Counts the app runs in the background (`.countRows`), timed apart from the keys.
    var counts = [Double]()
    func keys(_ label: String, _ script: [Key]) {
      var samples = [Double]()
      samples.reserveCapacity(script.count)
      for key in script {
        var effects = [BrowseEffect]()
        let elapsed = clock.measure {
          effects = reduce(&state, .key(key))
          render(state, into: &canvas)
        }
        samples.append(BenchMeasure.milliseconds(elapsed))
        for case .countRows(let snapshot, let filter) in effects {
          guard let list = state.branches?.snapshot.list else { continue }
          var counted = 0
          counts.append(BenchMeasure.milliseconds(clock.measure { counted = list.count(matching: filter) }))
          _ = reduce(&state, .rowsCounted(snapshot: snapshot, filter: filter, count: counted))
        }
      }
      report(label, samples)
    }
    func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

    keys("j (next row; crosses pages)", Array(repeating: .character("j"), count: 3000))
    keys("k (previous row; crosses pages)", Array(repeating: .character("k"), count: 1000))
    keys("PgDn (a screen down)", Array(repeating: .pageDown, count: 500))
    keys("PgUp (a screen up)", Array(repeating: .pageUp, count: 200))
    keys("] (next page of 100)", Array(repeating: .character("]"), count: 300))
    keys("[ (previous page of 100)", Array(repeating: .character("["), count: 200))
    keys("G / g (last page, first page)", Array(repeating: [Key.character("G"), .character("g")], count: 20).flatMap { $0 })
    keys("Tab (switch tab)", Array(repeating: .tab, count: 20))
    keys("p (refs/pull/* toggle)", Array(repeating: .character("p"), count: 20))
    keys("/ + typing a filter (a page of matches per letter)", [.character("/")] + typed("fix/12") + [.backspace, .backspace] + typed("99"))
    keys("j in a filtered list", [.enter] + Array(repeating: .character("j"), count: 300))
    keys("Esc (clear the filter, back where it was)", [.escape])
    keys("/ + a filter that matches nothing (scans every row)", [.character("/")] + typed("zzz") + [.enter, .escape])
    report("background count of a new filter's rows (not on a keystroke)", counts)
    print("  peak resident memory: \(BenchMeasure.peakResidentBytes() / 1_048_576) MB")
  }

  /// The synthetic snapshot of bench-archive, with titles and dates for its targets.
  private func store(into archive: ArchiveStore) throws -> ObjectID {
    let synthetic = SyntheticSnapshot(count: branches)
    var builder = SnapshotBuilder(expectedCount: branches)
    var infos = [TargetInfo]()
    infos.reserveCapacity(branches)
    let words = ["Fix", "Add", "Speed up", "Document", "Refactor", "Bump"]
    for (position, (name, target)) in zip(synthetic.names, synthetic.targets).enumerated() {
      builder.add(name: name, target: target)
      if case .object(let kind, let objectID) = target {
        let title = "\(words[position % words.count]) \(String(decoding: name.suffix(24), as: UTF8.self))"
        infos.append(
          TargetInfo(
            id: objectID, kind: kind, title: Array(title.utf8), date: 1_500_000_000 + Int64(position) * 97,
            releaseName: kind == .release ? Array(name.dropFirst("refs/tags/".count)) : nil))
      }
    }
    let list = try builder.build()
    let visit = ArchiveVisit(
      snapshot: list.id, origin: "https://example.org/bench.git", date: 1_700_000_000, source: .file, location: "bench-browse")
    try archive.save(list, targets: infos, visit: visit)
    return list.id
  }

  /// A few builds linked to branches spread over the list (the ● markers are drawn).
  private static func builds(_ list: BranchList) -> [LinkedBuild] {
    stride(from: 1, to: list.count, by: max(1, list.count / 50)).enumerated().compactMap { number, index in
      guard case .object(_, let objectID) = list.target(at: index) else { return nil }
      return LinkedBuild(id: String(number + 1), headSHA: objectID.hex, appID: "com.example.bench")
    }
  }

  private func report(_ label: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return }
    let p95 = sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
    print(
      "  \(label): "
        + String(
          printf: "median %.2f ms, p95 %.2f ms, worst %.2f ms (%ld keys)", BenchMeasure.median(sorted), p95,
        sorted.last ?? 0, sorted.count))
  }
}
