import Testing

@testable import SnaprevSSH

/// What an SSH session may run, decided from the request text alone.
struct SessionCommandTests {
  @Test func theFourCommandsAndTheShell() {
    #expect(SessionCommand.parse(nil) == .success(.review(nil)))
    #expect(SessionCommand.parse("review") == .success(.review(nil)))
    #expect(SessionCommand.parse("review 12") == .success(.review("12")))
    #expect(SessionCommand.parse("  status\t12 ") == .success(.status("12")))
    #expect(SessionCommand.parse("approve build-7.a_b") == .success(.approve("build-7.a_b")))
    #expect(SessionCommand.parse("list") == .success(.list))
  }

  @Test(arguments: ["bash", "", "list -a", "status", "status 1 2", "rm -rf /", "scp -t .", "review 1 --store /"])
  func anythingElseIsNotAllowed(request: String) {
    #expect(SessionCommand.parse(request) == .failure(.notAllowed))
  }

  @Test(arguments: ["--force", "-1", "1;id", "$(id)", "../x", "é", String(repeating: "1", count: 129)])
  func anIDThatCouldBeAnOptionOrWorseIsRefused(id: String) {
    #expect(SessionCommand.parse("approve \(id)") == .failure(.badID))
  }

  @Test func theIdentityGoesOnlyWhereItIsRecorded() {
    let approve = SessionCommand.approve("2").arguments(store: "/s", name: "Ann B", fingerprint: "SHA256:x")
    #expect(approve == ["approve", "2", "--store", "/s", "--reviewer", "Ann B", "--reviewer-key", "SHA256:x"])
    #expect(SessionCommand.review(nil).arguments(store: "/s", name: "a", fingerprint: "f")
      == ["review", "--store", "/s", "--reviewer", "a", "--reviewer-key", "f"])
    #expect(SessionCommand.status("2").arguments(store: "/s", name: "a", fingerprint: "f") == ["status", "2", "--store", "/s"])
    #expect(SessionCommand.list.needsTerminal == false && SessionCommand.review("1").needsTerminal)
  }
}
