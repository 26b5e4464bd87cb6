import Foundation
import SWHModel
import SnapshotStore
import TestSupport
import Testing

/// The real `snaprev browse` in a real terminal (tmux): keys in, screen text out.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct TmuxTests {
  static func command(_ store: String, _ extra: String = "") -> String {
    "\(Tmux.quote(SnaprevBinary.path)) browse \(extra) --store \(Tmux.quote(store))"
  }

  @Test func importedSnapshotTabsPagesFilterAndQuit() throws {
    let store = try BrowseE2E.importedStore()
    let tmux = try Tmux(width: 100, height: 30, command: Self.command(store), environment: ["TERM": "xterm-256color"])
    try tmux.waitFor(all: ["archived snapshots", "cabcc7d7bf63", "636", "SoftwareHeritage", "1/1 snapshot visit"])
    try tmux.send("Enter")
    try tmux.waitFor(all: [
      "page 1/1 · rows 1–2 of 2", "Branches (1)", "Releases (636)", "★ HEAD → refs/heads/master", "d96d875",
      "refs/pull/* hidden",
    ])

    try tmux.send("p")
    try tmux.waitFor(all: ["page 1/8 · rows 1–100 of 755", "Branches (754)", "refs/pull/1"])
    try tmux.send("]")
    try tmux.waitFor("page 2/8 · rows 101–200 of 755")

    try tmux.send("Tab")
    try tmux.waitFor(all: ["page 1/7 · rows 1–100 of 636", "Branch name", "refs/tags/"])
    try tmux.send("G")
    try tmux.waitFor("page 7/7 · rows 601–636 of 636")
    try tmux.send("[")
    try tmux.waitFor("page 6/7 · rows 501–600 of 636")

    try tmux.send("/")
    try tmux.type("v3.0-rc")
    let screen = try tmux.waitFor(all: ["/v3.0-rc", "refs/tags/v3.0-rc7", " matches", "page 1/1 · rows 1–"])
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
    let tmux = try Tmux(
      width: 120, height: 32, command: Self.command(store, "\(id.hex.prefix(10)) --reviewer bob"),
      environment: ["TERM": "xterm-256color"])
    try tmux.waitFor(all: [
      "Trail profiles", "● refs/heads/feature/trail-profiles", "★ HEAD → refs/heads/main",
      "refs/heads/evil\\e[2J\\e[31mred",  // escaped, and the screen not cleared
      "dangling", "page 1/1 · rows 1–5 of 5",
    ])

    // HEAD, evil, feature: Enter opens build #2 in the reviewer; q comes back.
    try tmux.send("j", "j", "Enter")
    try tmux.waitFor(all: ["NEEDS APPROVAL", "#2  com.trailmix.app", "you: bob"])
    try tmux.send("q")
    try tmux.waitFor(all: ["Back from build #2", "● refs/heads/feature/trail-profiles"])

    // main as base, feature as head.
    try tmux.send("j", "j", "m")
    try tmux.waitFor("◆ base #1")
    try tmux.send("k", "k", "c")
    try tmux.waitFor(all: [
      "comparison ad hoc, read-only", "#2 vs #1", "refs/heads/main → refs/heads/feature/trail-profiles", "reviewed 0/7",
    ])
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
    let tmux = try Tmux(
      width: 100, height: 30, command: Self.command(store, "cabcc7d7"),
      environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
    try tmux.waitFor("Branches (1)")
    let colours = try tmux.capture(escapes: true)
    #expect(!colours.contains("38;5;") && !colours.contains("48;5;") && !colours.contains("38;2;"))
    #expect(colours.contains("\u{1B}[7m"))  // selection and bars in reverse video
    try tmux.resize(width: 50, height: 12)
    try tmux.waitFor(all: ["Terminal too small", "50×12, needs 60×15"])
    try tmux.resize(width: 140, height: 40)
    // The title bar spans the new width: the full identifier fits.
    let screen = try tmux.waitFor(all: ["Releases (636)", "page 1/1 · rows 1–2 of 2", "cabcc7d7bf639bbe1cc3b41989e1806618dd5764"])
    #expect(screen.split(separator: "\n").first?.contains("swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764") == true)
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
    #expect(try tmux.value("#{alternate_on}") == "0")
  }

  @Test func aSnapshotThatIsNotStoredFailsBeforeTheScreenIsTaken() throws {
    let store = try BrowseE2E.importedStore()
    var result = try ArchiveCLI.run(["browse", "abababab"], store: store)
    #expect(result.status == 1)
    #expect(result.stderrText.contains("snaprev browse: no archived snapshot starts with abababab"))
    result = try ArchiveCLI.run(["browse", "not-an-id"], store: store)
    #expect(result.status == 1 && result.stderrText.contains("is not a snapshot identifier"))
    result = try ArchiveCLI.run(["browse", String(repeating: "0", count: 40)], store: store)
    #expect(result.status == 1 && result.stderrText.contains("is not in the store"))
  }
}
