import BrowseUI
import TerminalCanvas
import Testing

/// The browser's screens as canvas goldens at 80x24 and 200x50 (and the too-small screen).
struct BrowseGoldenTests {
  static let sizes = [(80, 24), (200, 50)]

  static func screens(width: Int, height: Int) throws -> [(String, BrowseState)] {
    var out: [(String, BrowseState)] = []
    var list = BrowseState(snapshotID: nil, width: width, height: height)
    _ = reduce(&list, .buildsLoaded(BrowseSample.builds))
    _ = reduce(&list, .snapshotsLoaded(try BrowseSample.summaries()))
    out.append(("snapshots", list))

    var empty = BrowseState(snapshotID: nil, width: width, height: height)
    _ = reduce(&empty, .snapshotsLoaded([]))
    out.append(("snapshots-empty", empty))

    let branches = try BrowseSample.state(width: width, height: height)
    out.append(("branches", branches))

    var releases = branches
    BrowseSample.run(&releases, BrowseSample.keys("2"))
    out.append(("releases", releases))

    var hostile = branches
    BrowseSample.run(&hostile, BrowseSample.keys("/") + BrowseSample.keys("e") + [.key(.enter)])
    out.append(("filter-e", hostile))

    var noMatch = branches
    BrowseSample.run(&noMatch, BrowseSample.keys("/zzz"))
    out.append(("filter-no-match", noMatch))

    var pulls = branches
    BrowseSample.run(&pulls, BrowseSample.keys("p") + [.key(.end)])
    out.append(("pulls-last-page", pulls))

    var marked = branches
    BrowseSample.run(&marked, BrowseSample.keys("jjjjjjjjm"))
    out.append(("base-marked", marked))

    var chooser = branches
    BrowseSample.run(&chooser, BrowseSample.keys("jjj") + [.key(.enter)])
    out.append(("choose-build", chooser))

    var help = branches
    BrowseSample.run(&help, BrowseSample.keys("?"))
    out.append(("help", help))

    let real = try BrowseSample.state(BrowseSample.cabcc7d7(), width: width, height: height, builds: [])
    out.append(("cabcc7d7-branches", real))
    var realReleases = real
    BrowseSample.run(&realReleases, [.key(.tab), .key(.right)])
    out.append(("cabcc7d7-releases-page2", realReleases))
    return out
  }

  @Test(arguments: sizes.map { "\($0.0)x\($0.1)" })
  func screensMatchTheirGoldens(size: String) throws {
    let parts = size.split(separator: "x").compactMap { Int($0) }
    for (name, state) in try Self.screens(width: parts[0], height: parts[1]) {
      try BrowseGolden.check(render(state), "\(name)-\(size)")
    }
  }

  @Test func tooSmallScreenSaysSo() throws {
    let state = try BrowseSample.state(width: 50, height: 10)
    let canvas = render(state)
    try BrowseGolden.check(canvas, "too-small-50x10")
    #expect(canvas.text.contains("Terminal too small"))
    #expect(canvas.text.contains("50×10, needs 60×15"))
  }
}
