import Foundation
import SnapshotModel
import SnapshotStore
import Testing
import TestSupport

/// `snaprev status` with a change request: its own exit code (5) until someone approves
/// over it; the note is printed escaped.
struct StatusChangesRequestedTests {
  @Test func aChangeRequestHasItsOwnExitCodeUntilAnApprovalOverridesIt() throws {
    let root = try ReviewE2E.demoStore()
    let store = SnapshotStore(root: root)
    let image = try #require(store.details(of: "2").items.first { $0.category == .changed }?.imageFileName)
    var status = try SnaprevBinary.run(["status", "2", "--store", root])
    #expect(status.status == 2)

    let bob = Reviewer(name: "Bob", username: "bob", source: .flag)
    try store.requestChanges(artifact: "2", imageFileName: image, note: "cut off\u{1B}[31m", reviewer: bob)
    status = try SnaprevBinary.run(["status", "2", "--store", root])
    #expect(status.status == 5)
    #expect(status.stdoutText.contains("changes requested:\n  \(image): cut off\\e[31m (Bob)\n"))
    #expect(status.stdoutText.hasSuffix("result: changes requested (approving overrides: snaprev approve 2)\n"))
    #expect(!status.stdoutText.contains("\u{1B}"))

    #expect(try SnaprevBinary.run(["approve", "2", "--reviewer", "alice", "--store", root]).status == 0)
    status = try SnaprevBinary.run(["status", "2", "--store", root])
    #expect(status.status == 0, "\(status.stdoutText)")
    #expect(!status.stdoutText.contains("changes requested"))

    // A request made after the approval stands again.
    try store.requestChanges(artifact: "2", imageFileName: image, note: "still wrong", reviewer: bob)
    #expect(try SnaprevBinary.run(["status", "2", "--store", root]).status == 5)
  }

  @Test func showsSentryResponseIsUnchangedByAChangeRequest() throws {
    let root = try ReviewE2E.demoStore()
    let before = try SnaprevBinary.run(["show", "2", "--store", root]).stdoutText
    let store = SnapshotStore(root: root)
    let image = try #require(store.details(of: "2").items.first?.imageFileName)
    try store.requestChanges(
      artifact: "2", imageFileName: image, note: "no", reviewer: Reviewer(name: "Bob", username: "bob", source: .flag))
    #expect(try SnaprevBinary.run(["show", "2", "--store", root]).stdoutText == before)
  }
}
