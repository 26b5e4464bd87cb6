import Foundation
import SnapshotStore
import Testing
import TestSupport

/// The team, live: the real `snaprev review` in tmux while other processes write the store.
/// Every change must show up without a key press, within a bounded wait.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ReviewLiveTmuxTests {
  /// inotify (the default) and the polling fallback (`SNAPREV_WATCH=poll`, 1 s period).
  @Test(arguments: ["inotify", "poll"])
  func anApprovalAndAnUploadFromAnotherProcessShowUpWithoutAKey(watch: String) throws {
    let store = try ReviewE2E.demoStore()
    let tmux = try Tmux(
      width: 110, height: 30,
      command: ReviewTmuxTests.command(store, "--reviewer alice"),
      environment: ["TERM": "xterm-256color", "SNAPREV_WATCH": watch])
    try tmux.waitFor(all: ["pick a build", "#2", "NEEDS APPROVAL"])

    // Another reviewer approves from the command line; no key is sent to the reviewer.
    let approve = try SnaprevBinary.run(["approve", "2", "--reviewer", "bob", "--store", store])
    #expect(approve.status == 0, "\(approve.outputText)")
    var screen = try tmux.waitFor(all: ["bob approved build #2"], timeout: 5)
    #expect(!screen.contains("NEEDS APPROVAL"))

    // An upload from CI: a new build appears in the list.
    let upload = try SnaprevBinary.run([
      "upload", ReviewE2E.demoBuilds + "/head", "--app-id", "com.trailmix.app", "--head-sha", "cccc3333",
      "--head-ref", "feature/live", "--store", store,
    ])
    #expect(upload.status == 0, "\(upload.outputText)")
    screen = try tmux.waitFor(all: ["New build #3", "#3"], timeout: 5)
    #expect(screen.contains("feature/live"))
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }

  /// Inside a build: another reviewer revokes (the `a` dialog then opens instead of saying
  /// "Already approved") and marks an image (shown as "seen by").
  @Test func aRevocationAndAMarkShowInsideTheBuild() throws {
    let store = try ReviewE2E.demoStore()
    #expect(try SnaprevBinary.run(["approve", "2", "--reviewer", "bob", "--store", store]).status == 0)
    let tmux = try Tmux(
      width: 110, height: 30, command: ReviewTmuxTests.command(store, "2 --reviewer alice"),
      environment: ["TERM": "xterm-256color"])
    try tmux.waitFor("APPROVED by bob")
    #expect(try SnaprevBinary.run(["unapprove", "2", "--reviewer", "carol", "--store", store]).status == 0)
    try tmux.waitFor(all: ["carol revoked the approval of build #2", "NEEDS APPROVAL"], timeout: 5)
    try tmux.send("a")
    try tmux.waitFor("Approve build #2?")
    try tmux.send("n")
    try tmux.waitFor("Approval cancelled")

    // Bob reviews the same build in his own terminal and marks the first image; both start
    // at the first unreviewed image, so Alice's facts line names him.
    let bob = try Tmux(
      width: 110, height: 30, command: ReviewTmuxTests.command(store, "2 --reviewer bob"),
      environment: ["TERM": "xterm-256color"])
    try bob.waitFor("reviewed 0/7")
    try bob.send("x")
    try bob.waitFor("reviewed 1/7")
    try tmux.waitFor(all: ["bob marked", "seen by bob", "reviewed 0/7"], timeout: 5)
    try bob.send("q")

    // A change request from a script: the header and the image say so, and the dialog
    // wants the override key.
    let image = try #require(
      SnapshotStore(root: store).details(of: "2").items.first { $0.category == .changed }?.imageFileName)
    let request = try SnaprevBinary.run([
      "request-changes", "2", image, "--note", "logo is blurry", "--reviewer", "dave", "--store", store,
    ])
    #expect(request.status == 0, "\(request.stderrText)")
    try tmux.waitFor(all: ["dave requested changes on", "CHANGES REQUESTED"], timeout: 5)
    try tmux.send("a")
    try tmux.waitFor(all: ["Changes requested by dave", "! approves over them"])
    try tmux.send("y")
    try tmux.waitFor("Changes were requested: ! approves over them")
    try tmux.send("!")
    try tmux.waitFor("APPROVED by alice")
    try tmux.send("q")
    try tmux.waitFor("EXIT=0")
  }
}
