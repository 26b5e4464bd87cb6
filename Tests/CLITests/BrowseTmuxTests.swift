import Foundation
import SWHArchive
import SnapshotStore
import Testing
import TestSupport

/// The real `snaprev browse` in a real terminal (tmux): keys in, screen text out.
@Suite(.serialized)
struct BrowseTmuxTests {
  static func command(_ store: String, _ extra: String = "") -> String {
    "\(BrowseTmux.quote(Fixtures.snaprevBinary.path)) browse \(extra) --store \(BrowseTmux.quote(store))"
  }

  @Test func importedSnapshotTabsPagesFilterAndQuit() throws {
    let store = try BrowseE2E.importedStore()
    let tmux = try BrowseTmux(width: 100, height: 30, command: Self.command(store), environment: ["TERM": "xterm-256color"])
    var screen = try tmux.waitFor("archived snapshots")
    #expect(screen.contains("cabcc7d7bf63") && screen.contains("636") && screen.contains("SoftwareHeritage"))
    try tmux.send("Enter")
    screen = try tmux.waitFor("page 1/1 · rows 1–2 of 2")
    #expect(screen.contains("Branches (1)") && screen.contains("Releases (636)"))
    #expect(screen.contains("★ HEAD → refs/heads/master") && screen.contains("d96d875"))
    #expect(screen.contains("refs/pull/* hidden"))

    try tmux.send("p")
    screen = try tmux.waitFor("page 1/8 · rows 1–100 of 755")
    #expect(screen.contains("Branches (754)") && screen.contains("refs/pull/"))
    try tmux.send("]")
    try tmux.waitFor("page 2/8 · rows 101–200 of 755")

    try tmux.send("Tab")
    screen = try tmux.waitFor("page 1/7 · rows 1–100 of 636")
    #expect(screen.contains("Branch name") && screen.contains("refs/tags/"))
    try tmux.send("G")
    try tmux.waitFor("page 7/7 · rows 601–636 of 636")
    try tmux.send("[")
    try tmux.waitFor("page 6/7 · rows 501–600 of 636")

    try tmux.send("/")
    try tmux.type("v3.0-rc")
    screen = try tmux.waitFor("/v3.0-rc")
    #expect(screen.contains("refs/tags/v3.0-rc7") && screen.contains("match"))
    #expect(!screen.contains("refs/tags/v2."))
    try tmux.send("Enter")
    try tmux.send("Escape")  // clears the filter: back where the list was left
    try tmux.waitFor("page 6/7 · rows 501–600 of 636")
    try tmux.send("Tab")
    try tmux.waitFor("page 2/8 · rows 101–200 of 755")  // the Branches tab where it was left
    try tmux.send("Escape")
    try tmux.waitFor("archived snapshots")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    #expect(try tmux.value("#{alternate_on}") == "0")
  }

  @Test func branchBuildsOpenInTheReviewerAndComparisonsAreReadOnly() throws {
    let (store, id) = try BrowseE2E.linkedStore()
    let tmux = try BrowseTmux(
      width: 120, height: 32, command: Self.command(store, "\(id.hex.prefix(10)) --reviewer bob"),
      environment: ["TERM": "xterm-256color"])
    var screen = try tmux.waitFor("Trail profiles")
    #expect(screen.contains("● refs/heads/feature/trail-profiles"))
    #expect(screen.contains("★ HEAD → refs/heads/main"))
    #expect(screen.contains("refs/heads/evil\\e[2J\\e[31mred"))  // escaped, and the screen not cleared
    #expect(screen.contains("dangling"))

    // HEAD, evil, feature: Enter opens build #2 in the reviewer; q comes back.
    try tmux.send("j", "j", "Enter")
    screen = try tmux.waitFor("NEEDS APPROVAL")
    #expect(screen.contains("#2  com.trailmix.app") && screen.contains("you: bob"))
    try tmux.send("q")
    screen = try tmux.waitFor("Back from build #2")
    #expect(screen.contains("● refs/heads/feature/trail-profiles"))

    // main as base, feature as head.
    try tmux.send("j", "j", "m")
    try tmux.waitFor("◆ base #1")
    try tmux.send("k", "k", "c")
    screen = try tmux.waitFor("comparison ad hoc, read-only")
    #expect(screen.contains("#2 vs #1"))
    #expect(screen.contains("refs/heads/feature/trail-profiles → refs/heads/main"))
    try tmux.send("a")
    try tmux.waitFor("Read-only: #2 against base #1")
    try tmux.send("q")
    try tmux.waitFor("Back from the comparison #2 vs #1")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    #expect(try tmux.value("#{alternate_on}") == "0")
    #expect(try SnapshotStore(root: store).summary(of: "2").approval.status == .requiresApproval)
  }

  @Test func resizeTooSmallAndNoColorStillWork() throws {
    let store = try BrowseE2E.importedStore()
    let tmux = try BrowseTmux(
      width: 100, height: 30, command: Self.command(store, "cabcc7d7"),
      environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
    try tmux.waitFor("Branches (1)")
    let colours = try tmux.capture(escapes: true)
    #expect(!colours.contains("38;5;") && !colours.contains("48;5;") && !colours.contains("38;2;"))
    #expect(colours.contains("\u{1B}[7m"))  // selection and bars in reverse video
    try tmux.resize(width: 50, height: 12)
    let small = try tmux.waitFor("Terminal too small")
    #expect(small.contains("50×12, needs 60×15"))
    try tmux.resize(width: 140, height: 40)
    let screen = try tmux.waitFor("Releases (636)")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first.map { $0.contains("swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764") } == true)
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    #expect(try tmux.value("#{alternate_on}") == "0")
  }

  @Test func aSnapshotThatIsNotStoredFailsBeforeTheScreenIsTaken() throws {
    let store = try BrowseE2E.importedStore()
    var result = try ArchiveCLI.run(["browse", "abababab"], store: store)
    #expect(result.status == 1)
    #expect(result.stderr.contains("snaprev browse: no archived snapshot starts with abababab"))
    result = try ArchiveCLI.run(["browse", "not-an-id"], store: store)
    #expect(result.status == 1 && result.stderr.contains("is not a snapshot identifier"))
    result = try ArchiveCLI.run(["browse", String(repeating: "0", count: 40)], store: store)
    #expect(result.status == 1 && result.stderr.contains("is not in the store"))
  }
}
