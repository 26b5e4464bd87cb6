import Foundation
import ProcessSpawn
import TestSupport
import Testing

/// `snaprev import`, `branches` and `archive`, run as the release binary would be.
@Suite struct ArchiveCommandTests {
  static let swhid = "swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764"
  static let hex = "cabcc7d7bf639bbe1cc3b41989e1806618dd5764"

  @Test func importPageFilesThenServeBothPages() throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let pagesDirectory = try TemporaryDirectory.create("archive-pages")
    defer { try? FileManager.default.removeItem(atPath: pagesDirectory) }
    let files = try ArchiveCLI.pageFiles(in: pagesDirectory)
    let imported = try ArchiveCLI.run(["import"] + files, store: store)
    #expect(imported.status == 0, "\(imported.stderrText)")
    #expect(imported.stdoutText == Self.swhid + "\n")
    #expect(imported.stderrText.contains("stored 1391 branches: 754 revisions, 636 releases, 1 alias"))
    #expect(ArchiveCLI.storedFiles(store) == ["\(Self.hex).branches"])

    let bodies = try ArchiveCLI.pageBodies()
    let first = try ArchiveCLI.run(["branches", Self.swhid, "--link"], store: store)
    #expect(first.status == 0)
    #expect(try ArchiveCLI.json(first.stdout) == bodies[0])
    #expect(first.stderrText == "Link: <https://archive.softwareheritage.org/api/1/snapshot/\(Self.hex)/?branches_count=1000&branches_from=refs/tags/v3.0-rc7>; rel=\"next\"\n")
    let second = try ArchiveCLI.run(["branches", Self.hex, "--from", "refs/tags/v3.0-rc7"], store: store)
    #expect(try ArchiveCLI.json(second.stdout) == bodies[1])

    // Importing again only records another visit.
    let again = try ArchiveCLI.run(["import"] + files.reversed(), store: store)
    #expect(again.status == 0)
    #expect(again.stderrText.contains("already stored"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/archive/visits").count == 2)
  }

  @Test func importRefusesIncompleteOrBrokenInput() throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let directory = try TemporaryDirectory.create("archive-pages")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let files = try ArchiveCLI.pageFiles(in: directory)

    let missing = try ArchiveCLI.run(["import", files[0]], store: store)
    #expect(missing.status == 2)
    #expect(missing.stderrText.contains("the 1000 branches received hash to swh:1:snp:"))
    #expect(missing.stderrText.contains("not the requested \(Self.swhid); nothing was stored"))
    #expect(ArchiveCLI.storedFiles(store).isEmpty)

    let broken = directory + "/broken.json"
    try Data(#"{"id": "\#(Self.hex)", "branches": {"HEAD": [1,]}}"#.utf8).write(to: URL(fileURLWithPath: broken))
    let malformed = try ArchiveCLI.run(["import", broken], store: store)
    #expect(malformed.status == 2)
    #expect(malformed.stderrText.contains("broken.json: branch \"HEAD\" is neither an object nor null"))

    let evil = directory + "/evil.json"
    let evilBody = #"{"id": "\#(Self.hex)", "branches": {"refs/heads/\u001b[2J\u009b31m": {"target": "x", "target_type": "bogus"}}}"#
    try Data(evilBody.utf8).write(to: URL(fileURLWithPath: evil))
    let escaped = try ArchiveCLI.run(["import", evil], store: store)
    #expect(escaped.status == 2)
    #expect(escaped.stderrText.contains(#"refs/heads/\e[2J\x9b31m"#))
    #expect(!hasRawControl(escaped.stderrText))

    let other = directory + "/other.json"
    try Data(#"{"id": "1a8893e6a86f444e8be8e7bda6cb34fb1735a00e", "branches": {}, "next_branch": null}"#.utf8)
      .write(to: URL(fileURLWithPath: other))
    let mixed = try ArchiveCLI.run(["import", files[0], other], store: store)
    #expect(mixed.status == 2)
    #expect(mixed.stderrText.contains("is a page of snapshot 1a8893e6a86f444e8be8e7bda6cb34fb1735a00e"))

    let absent = try ArchiveCLI.run(["import", directory + "/absent.json"], store: store)
    #expect(absent.status == 1)
    #expect(absent.stderrText.contains("absent.json: cannot read"))

    let errorBody = directory + "/404.json"
    try Data(#"{"exception":"NotFoundExc","reason":"Snapshot with id \#(Self.hex) not found!"}"#.utf8).write(to: URL(fileURLWithPath: errorBody))
    let saved404 = try ArchiveCLI.run(["import", errorBody], store: store)
    #expect(saved404.status == 2)
    #expect(saved404.stderrText.contains("the body is an API error, not a snapshot: NotFoundExc"))
    #expect(ArchiveCLI.storedFiles(store).isEmpty)

    // The empty snapshot is a complete snapshot on its own.
    let empty = try ArchiveCLI.run(["import", other], store: store)
    #expect(empty.status == 0)
    #expect(empty.stdoutText == "swh:1:snp:1a8893e6a86f444e8be8e7bda6cb34fb1735a00e\n")
  }

  @Test func importFromTheReplayedAPI() throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let server = try ReplayServer()
    let fetched = try ArchiveCLI.run(["import", "--api", server.base + "/api/1/", Self.swhid, "--origin", "https://github.com/example/repo"], store: store)
    #expect(fetched.status == 0, "\(fetched.stderrText)")
    #expect(fetched.stdoutText == Self.swhid + "\n")
    #expect(fetched.stderrText.contains("page 1: 1000 branches"))
    #expect(fetched.stderrText.contains("page 2: 391 branches"))
    let visits = try FileManager.default.contentsOfDirectory(atPath: store + "/archive/visits")
    let visit = try String(contentsOfFile: store + "/archive/visits/" + visits[0], encoding: .utf8)
    #expect(visit.contains(#""origin":"https://github.com/example/repo""#))
    #expect(visit.contains(#""source":"api""#))

    let unknown = try ArchiveCLI.run(["import", "--api", server.base, String(repeating: "1", count: 40)], store: store)
    #expect(unknown.status == 3)
    #expect(unknown.stderrText.contains("HTTP 404"))
    #expect(unknown.stderrText.contains("not found!"))
  }

  @Test func importReportsRateLimitsAndGarbage() throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let throttled = try ReplayServer(mode: "throttle-long")
    let limited = try ArchiveCLI.run(["import", "--api", throttled.base, Self.swhid], store: store)
    #expect(limited.status == 4)
    #expect(limited.stderrText.contains("rate limited by the API (HTTP 429"))
    #expect(limited.stderrText.contains("retry after 3600 s"))

    let once = try ReplayServer(mode: "throttle-once")
    let waited = try ArchiveCLI.run(["import", "--api", once.base, Self.swhid], store: store)
    #expect(waited.status == 0)
    #expect(waited.stderrText.contains("waiting 1 s as Retry-After asks"))

    let garbage = try ReplayServer(mode: "garbage")
    let refused = try ArchiveCLI.run(["import", "--api", garbage.base, Self.swhid, "--store", store + "/other"], store: store)
    #expect(refused.status == 2)
    #expect(refused.stderrText.contains("page 2 ("))
    #expect(refused.stderrText.contains("malformed JSON"))
    #expect(!FileManager.default.fileExists(atPath: store + "/other/archive/snapshots/\(Self.hex).branches"))

    let offline = try ArchiveCLI.run(["import", "--api", "http://127.0.0.1:9", Self.swhid], store: store)
    #expect(offline.status == 1)
    #expect(offline.stderrText.contains("cannot reach http://127.0.0.1:9/api/1/snapshot/"))

    let usage = try ArchiveCLI.run(["import", "--api", throttled.base], store: store)
    #expect(usage.status == 64)
  }

  /// Runs `body` with a store that holds the imported snapshot, removed afterwards.
  static func withImportedStore(_ body: (String) throws -> Void) throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let pagesDirectory = try TemporaryDirectory.create("archive-pages")
    defer { try? FileManager.default.removeItem(atPath: pagesDirectory) }
    let files = try ArchiveCLI.pageFiles(in: pagesDirectory)
    #expect(try ArchiveCLI.run(["import"] + files, store: store).status == 0)
    try body(store)
  }

  @Test func branchesAcceptsTheUniquePrefixBrowseAccepts() throws {
    try Self.withImportedStore { store in try Self.checkPrefixes(store: store) }
  }

  static func checkPrefixes(store: String) throws {
    let full = try ArchiveCLI.run(["branches", Self.hex, "--count", "3"], store: store)
    #expect(full.status == 0)
    for prefix in ["cabcc7d7", "CABC", "swh:1:snp:cabcc7d7bf6"] {
      let short = try ArchiveCLI.run(["branches", prefix, "--count", "3"], store: store)
      #expect(short.status == 0, "\(prefix): \(short.stderrText)")
      #expect(short.stdoutText == full.stdoutText, "\(prefix)")
    }
    // Too short for a prefix (browse needs 4 digits): the API's own answer, as before.
    let tooShort = try ArchiveCLI.run(["branches", "cab"], store: store)
    #expect(tooShort.stdoutText == #"{"exception":"BadInputExc","reason":"Invalid checksum query string cab"}"# + "\n")
  }

  @Test func branchesValidationErrorsAndNotFound() throws {
    try Self.withImportedStore { store in try Self.checkValidation(store: store) }
  }

  static func checkValidation(store: String) throws {
    let cases: [([String], Int32, String)] = [
      (["branches", "63ce369"], 2, #"{"exception":"BadInputExc","reason":"Invalid checksum query string 63ce369"}"#),
      (["branches", "xyz"], 4, #"{"error":"Resource not found","reason":"The resource /api/1/snapshot/xyz/ could not be found on the server."}"#),
      (["branches", Self.hex, "--count", "1001"], 2, #"{"exception":"ValidationError","reason":{"branches_count":["Ensure this value is less than or equal to 1000."]}}"#),
      (["branches", Self.hex, "--count=-1"], 2, #"{"exception":"ValidationError","reason":{"branches_count":["Ensure this value is greater than or equal to 0."]}}"#),
      (["branches", Self.hex, "--count", "500/"], 2, #"{"exception":"ValidationError","reason":{"branches_count":["A valid integer is required."]}}"#),
      (["branches", Self.hex, "--target-types", "revision,tag"], 2, #"{"exception":"ValidationError","reason":{"target_types":["Valid target type values are: content, directory, revision, release, snapshot, alias"]}}"#),
      (["branches", Self.hex, "--from", ""], 2, #"{"exception":"ValidationError","reason":{"branches_from":["This field may not be blank."]}}"#),
      (["branches", String(repeating: "b", count: 40)], 4, #"{"exception":"NotFoundExc","reason":"Snapshot with id bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb not found!"}"#),
    ]
    for (arguments, status, body) in cases {
      let run = try ArchiveCLI.run(arguments, store: store)
      #expect(run.status == status, "\(arguments)")
      #expect(run.stdoutText == body + "\n", "\(arguments)")
    }
    let yaml = try ArchiveCLI.run(["branches", Self.hex, "--count", "1", "--target-types", "release", "--yaml", "--base-url", "http://local.test/"], store: store)
    #expect(yaml.status == 0)
    #expect(yaml.stdoutText == """
      branches:
        refs/tags/v2.6.11:
          target: 5dc01c595e6c6ec9ccda4f6f69c131c0dd945f8c
          target_type: release
          target_url: http://local.test/api/1/release/5dc01c595e6c6ec9ccda4f6f69c131c0dd945f8c/
      id: cabcc7d7bf639bbe1cc3b41989e1806618dd5764
      next_branch: refs/tags/v2.6.11-tree

      """)
  }

  @Test func archiveAGitRepositoryThenServeIt() throws {
    let store = try TemporaryDirectory.create("archive-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let repository = try TemporaryDirectory.create("archive-git")
    defer { try? FileManager.default.removeItem(atPath: repository) }
    func git(_ arguments: [String]) throws -> String { try GitFixture.git(repository, arguments) }
    _ = try git(["init", "-q", "-b", "main"])
    _ = try git(["commit", "-q", "--allow-empty", "-m", "first"])
    _ = try git(["tag", "-a", "v1", "-m", "one"])
    let commit = try git(["rev-parse", "HEAD"])
    // A branch whose name is not UTF-8 (git accepts any byte above 0x7F).
    let refs = repository + "/.git/refs/heads/"
    try Data(commit.utf8 + [0x0A]).write(to: URL(fileURLWithPath: refs + "plain"))
    let odd = Array(refs.utf8) + [0x6C, 0x61, 0x74, 0x69, 0x6E, 0xE9]
    try (Array(commit.utf8) + [0x0A]).withUnsafeBytes { bytes in
      let fd = (odd + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
      }
      guard fd >= 0 else { throw ArchiveTestError("cannot write the odd ref") }
      defer { close(fd) }
      _ = write(fd, bytes.baseAddress, bytes.count)
    }

    let archived = try ArchiveCLI.run(["archive", repository, "--origin", "https://example.org/repo.git"], store: store)
    #expect(archived.status == 0, "\(archived.stderrText)")
    #expect(archived.stderrText.contains("stored 5 branches: 3 revisions, 1 release, 1 alias"))
    let swhid = archived.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    // The oracle (scripts/setup installs it); missing, the test fails and says so.
    let oracle = Fixtures.packageRoot.appendingPathComponent(".venv-swh/bin/swh")
    try #require(FileManager.default.isExecutableFile(atPath: oracle.path), "swh.model[cli] oracle missing at \(oracle.path): run scripts/setup")
    let identify = try Spawn.run(oracle.path, ["identify", "--type", "snapshot", repository])
    #expect(identify.stdoutText.hasPrefix(swhid + "\t"), "\(identify.stderrText)")

    let served = try ArchiveCLI.run(["branches", swhid, "--count", "2"], store: store)
    #expect(served.status == 0)
    #expect(served.stdoutText.hasPrefix(#"{"id":""#))
    #expect(served.stdoutText.contains(#""HEAD":{"target":"refs/heads/main","target_type":"alias","target_url":"https://archive.softwareheritage.org/api/1/revision/\#(commit)/"}"#))
    #expect(served.stdoutText.contains(#""refs/heads/latin\\xe9":{"target":"\#(commit)""#))
    #expect(served.stdoutText.hasSuffix(#""next_branch":"refs/heads/main"}"# + "\n"))
    let visits = try FileManager.default.contentsOfDirectory(atPath: store + "/archive/visits")
    #expect(visits.count == 1)
    #expect(ArchiveCLI.storedFiles(store).count == 2)  // .branches and .targets

    let notGit = try ArchiveCLI.run(["archive", store], store: store)
    #expect(notGit.status == 1)
    #expect(notGit.stderrText.contains("is not a git repository"))
  }
}
