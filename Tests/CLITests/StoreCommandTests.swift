import Foundation
import TestSupport
import Testing

/// The store commands end to end: the built binary, its output and exit codes.
@Suite(.serialized)
struct StoreCommandTests {
  static let base: [String: (UInt8, Int?)] = ["a.png": (10, nil), "b.png": (100, nil), "old.png": (50, nil)]
  static let head: [String: (UInt8, Int?)] = ["a.png": (10, nil), "b.png": (100, 3), "new.png": (50, nil), "c.png": (200, nil)]

  @Test func uploadShowStatusApproveAndListWorkTogether() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let baseDir = try StoreCLI.folder(root, "base", Self.base)
    let headDir = try StoreCLI.folder(root, "head", Self.head)

    let first = try SnaprevBinary.run(["upload", baseDir, "--head-sha", "s0", "--app-id", "app"] + store)
    #expect(first.status == 0, "\(first.stderrText)")
    #expect(first.stdoutText == "1\n")
    let second = try SnaprevBinary.run(
      ["upload", headDir, "--head-sha", "s1", "--base-sha", "s0", "--app-id", "app", "--pr", "4", "--json"] + store)
    #expect(second.status == 0, "\(second.stderrText)")
    let result = try #require(try StoreCLI.json(second.stdoutText) as? [String: Any])
    #expect(result["artifactId"] as? String == "2")
    #expect(result["imageCount"] as? Int == 4)
    #expect(result["approvalStatus"] as? String == "requires_approval")

    let shown = try SnaprevBinary.run(["show", "2"] + store)
    #expect(shown.status == 0)
    let details = try #require(try StoreCLI.json(shown.stdoutText) as? [String: Any])
    #expect(details["changed_count"] as? Int == 1)
    #expect(details["renamed_count"] as? Int == 1)
    #expect(details["added_count"] as? Int == 1)
    #expect(details["unchanged_count"] as? Int == 1)
    #expect(details["comparison_type"] as? String == "diff")
    let compact = try #require(try StoreCLI.json(try SnaprevBinary.run(["show", "2", "--compact-metadata"] + store).stdoutText) as? [String: Any])
    let added = try #require((compact["added"] as? [[String: Any]])?.first)
    #expect(Set(added.keys) == ["description", "display_name", "group", "image_file_name"])

    let status = try SnaprevBinary.run(["status", "2"] + store)
    #expect(status.status == 2)
    #expect(status.stdoutText.contains("requires approval"))
    #expect(try SnaprevBinary.run(["status", "1"] + store).status == 0)

    let approve = try SnaprevBinary.run(["approve", "2"] + store, environment: ["SNAPREV_REVIEWER": "carol"])
    #expect(approve.status == 0)
    #expect(approve.stdoutText.contains("by carol"))
    #expect(try SnaprevBinary.run(["approve", "2", "--reviewer", "dave"] + store).stdoutText == "Already approved\n")
    let approved = try SnaprevBinary.run(["status", "2"] + store)
    #expect(approved.status == 0)
    #expect(approved.stdoutText.contains("approved by carol (carol)"))

    let list = try SnaprevBinary.run(["list"] + store)
    #expect(list.status == 0)
    #expect(list.stdoutText.split(separator: "\n").count == 3)
    #expect(list.stdoutText.contains("1/1/0/1/1/0/0"))
    let listed = try #require(try StoreCLI.json(try SnaprevBinary.run(["list", "--json"] + store).stdoutText) as? [[String: Any]])
    #expect(listed.map { $0["approval_status"] as? String } == [nil, "approved"])

    let revoke = try SnaprevBinary.run(["unapprove", "2", "--reviewer", "erin"] + store)
    #expect(revoke.status == 0)
    #expect(try SnaprevBinary.run(["status", "2"] + store).status == 2)
    #expect(try SnaprevBinary.run(["unapprove", "1"] + store).status == 1)

    // The diff mask and the images come back byte for byte.
    let changed = try #require((details["changed"] as? [[String: Any]])?.first)
    let maskKey = try #require(changed["diff_image_key"] as? String)
    let out = root + "/mask.png"
    #expect(try SnaprevBinary.run(["image", maskKey, "-o", out] + store).status == 0)
    #expect(FileManager.default.fileExists(atPath: out))
    let headKey = try #require((changed["head_image"] as? [String: Any])?["key"] as? String)
    let image = try SnaprevBinary.run(["image", headKey] + store)
    #expect(image.status == 0)
    #expect(image.stdout == (try PNGFixtures.png(gray: 100, mark: 3)))
  }

  @Test func statusExitCodesForWaitingAndFailure() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let headDir = try StoreCLI.folder(root, "head", Self.head)
    #expect(try SnaprevBinary.run(["upload", headDir, "--head-sha", "s1", "--base-sha", "s0"] + store).status == 0)
    let waiting = try SnaprevBinary.run(["status", "1"] + store)
    #expect(waiting.status == 4)
    #expect(waiting.stdoutText.contains("waiting_for_base"))
    #expect(try SnaprevBinary.run(["approve", "1"] + store).status == 1)
    #expect(try SnaprevBinary.run(["approve", "1", "--force", "--reviewer", "x"] + store).status == 0)
    #expect(try SnaprevBinary.run(["status", "1"] + store).status == 0)

    // A selective build whose chain can never complete: the comparison fails.
    let partial = try StoreCLI.folder(root, "partial", ["a.png": (1, nil)])
    _ = try SnaprevBinary.run(["upload", partial, "--head-sha", "p1", "--base-sha", "p2", "--selective"] + store)
    _ = try SnaprevBinary.run(["upload", partial, "--head-sha", "p2", "--base-sha", "p1", "--selective"] + store)
    let failed = try SnaprevBinary.run(["status", "3"] + store)
    #expect(failed.status == 3, "\(failed.stdoutText)")
    #expect(failed.stdoutText.contains("No complete base snapshot"))
  }

  @Test func statusListsErroredImagesWithTheirReasonAndRulesCanBeSet() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let baseDir = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (20, nil)])
    let headDir = try StoreCLI.folder(root, "head", ["a.png": (10, nil), "c.png": (30, nil)])
    // b.png's pixel data is damaged (its CRCs recomputed): it is stored but cannot be decoded.
    try Data(try PNGFixtures.undecodable(gray: 21)).write(to: URL(fileURLWithPath: headDir + "/b.png"))

    let rules = try SnaprevBinary.run(["store-rules", "--fail-on-added", "true"] + store)
    #expect(rules.status == 0)
    #expect(rules.stdoutText.contains("fail on added: true"))
    #expect(try SnaprevBinary.run(["upload", baseDir, "--head-sha", "s0"] + store).status == 0)
    #expect(try SnaprevBinary.run(["upload", headDir, "--head-sha", "s1", "--base-sha", "s0"] + store).status == 0)
    let status = try SnaprevBinary.run(["status", "2"] + store)
    #expect(status.status == 2, "added images need approval under the new rule")
    #expect(status.stdoutText.contains("errored images:\n  b.png: image_processing_failed"))
    #expect(status.stdoutText.contains("changed 0 · added 1 · removed 0 · renamed 0 · unchanged 1 · errored 1"))
    let shown = try #require(try StoreCLI.json(try SnaprevBinary.run(["show", "2"] + store).stdoutText) as? [String: Any])
    let errored = try #require((shown["errored"] as? [[String: Any]])?.first)
    #expect(errored["diff"] is NSNull && errored["diff_image_key"] is NSNull)
  }

  @Test func storeLocationFollowsFlagThenEnvironmentThenWorkingDirectory() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let baseDir = try StoreCLI.folder(root, "base", Self.base)
    #expect(try SnaprevBinary.run(["upload", baseDir], environment: ["SNAPREV_STORE": root + "/env"]).status == 0)
    #expect(FileManager.default.fileExists(atPath: root + "/env/store.json"))
    #expect(
      try SnaprevBinary.run(["upload", baseDir, "--store", root + "/flag"], environment: ["SNAPREV_STORE": root + "/env"]).status
        == 0)
    #expect(FileManager.default.fileExists(atPath: root + "/flag/artifacts/1/artifact.json"))
    #expect(!FileManager.default.fileExists(atPath: root + "/env/artifacts/2"))
    #expect(try SnaprevBinary.run(["upload", baseDir], directory: root).status == 0)
    #expect(FileManager.default.fileExists(atPath: root + "/.snaprev/artifacts/1/images.json"))
  }

  @Test func errorsNameTheFileAndEscapeIt() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let bad = root + "/bad"
    try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
    try Data(PNGFixtures.png(gray: 1)).write(to: URL(fileURLWithPath: bad + "/evil\u{1B}]0;x\u{07}.png"))
    let run = try SnaprevBinary.run(["upload", bad] + store)
    #expect(run.status == 1)
    #expect(run.stderrText.contains("evil\\e]0;x\\x07.png"))
    #expect(run.stderrText.contains("control character"))
    #expect(!run.stderrText.contains("\u{1B}"))
    #expect(!FileManager.default.fileExists(atPath: root + "/store"))
    let missing = try SnaprevBinary.run(["show", "1"] + store)
    #expect(missing.status == 1)
    #expect(missing.stderrText.contains("no snapshot store at"))
  }

  /// 50,001 files: the count is checked before any file is read.
  @Test func moreThanFiftyThousandImagesAreRefused() throws {
    let root = try TemporaryDirectory.create("store-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let many = root + "/many"
    for shard in 0..<51 {
      let directory = many + "/\(shard)"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for index in 0..<1000 where shard * 1000 + index < 50_001 {
        _ = FileManager.default.createFile(atPath: directory + "/\(index).png", contents: nil)
      }
    }
    let run = try SnaprevBinary.run(["upload", many, "--store", root + "/store"])
    #expect(run.status == 1)
    #expect(run.stderrText.contains("more than the limit of 50000"))
    #expect(!FileManager.default.fileExists(atPath: root + "/store"))
  }
}
