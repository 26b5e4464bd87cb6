import Foundation
import Testing

@testable import SnapshotModel

@Suite struct BaseSelectionTests {
  static func artifact(_ id: String, head: String?, base: String? = nil, repo: String? = nil, baseRepo: String? = nil,
    app: String? = "app", config: String? = nil, project: String = "default") -> Artifact
  {
    Artifact(
      id: id, project: project, appId: app, buildConfiguration: config,
      vcs: VCSInfo(headSha: head, baseSha: base, headRepoName: repo, baseRepoName: baseRepo),
      createdAt: Date(timeIntervalSince1970: 0), diffThreshold: nil, selective: false, imageCount: 1)
  }

  @Test func theNewestMatchingBuildIsTheBase() {
    let head = Self.artifact("9", head: "h", base: "b", repo: "org/app")
    let candidates = [
      Self.artifact("1", head: "b", repo: "org/app"),
      Self.artifact("2", head: "b", repo: "org/app"),
      Self.artifact("3", head: "b", repo: "org/other"),
      Self.artifact("4", head: "b", repo: "org/app", app: "other"),
      Self.artifact("5", head: "b", repo: "org/app", config: "Release"),
      Self.artifact("6", head: "b", repo: "org/app", project: "p2"),
      Self.artifact("7", head: "x", repo: "org/app"),
    ]
    #expect(BaseSelection.base(for: head, among: candidates)?.id == "2")
    // The base repo wins over the head repo (forks); a repo nobody gave matches any.
    let fork = Self.artifact("9", head: "h", base: "b", repo: "me/fork", baseRepo: "org/other")
    #expect(BaseSelection.base(for: fork, among: candidates)?.id == "3")
    let anonymous = Self.artifact("9", head: "h", base: "b")
    #expect(BaseSelection.base(for: anonymous, among: candidates)?.id == "3")
    #expect(BaseSelection.base(for: Self.artifact("9", head: "h"), among: candidates) == nil)
  }
}
