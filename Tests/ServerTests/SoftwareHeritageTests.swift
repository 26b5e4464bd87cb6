import Foundation
import JSONCore
import ProcessSpawn
import TestSupport
import Testing

/// The Software Heritage API of `snaprev serve`, read by the official `swh.web.client`, by
/// `snaprev import --api`, and by plain HTTP for headers, formats and errors.
@Suite(.serialized) struct SoftwareHeritageTests {
  static let origin = "https://github.com/o/r"

  /// A git repository with 1,200 tags (two API pages) and a HEAD alias, archived twice
  /// (two visits of one origin, two snapshots).
  static func archivedStore(_ root: String) throws -> (store: String, swhids: [String]) {
    let repo = root + "/repo"
    let store = root + "/store"
    let git = "/usr/bin/git"
    func gitRun(_ arguments: [String], input: String? = nil) throws {
      var env = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"]
      env["HOME"] = root
      if let input {
        let file = root + "/stdin"
        try Data(input.utf8).write(to: URL(fileURLWithPath: file))
        let result = try Harness.run("/bin/sh", ["-c", "\(git) \(arguments.joined(separator: " ")) < \(file)"], environment: env, directory: repo)
        guard result.status == 0 else { throw HarnessError("git \(arguments): \(result.stderrText)") }
      } else {
        let result = try Harness.run(git, arguments, environment: env, directory: repo)
        guard result.status == 0 else { throw HarnessError("git \(arguments): \(result.stderrText)") }
      }
    }
    try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
    try gitRun(["init", "-q", "-b", "main"])
    try gitRun(["commit", "-q", "--allow-empty", "-m", "first"])
    let head = try Harness.run(git, ["rev-parse", "HEAD"], directory: repo).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    try gitRun(["update-ref", "--stdin"], input: (0..<1200).map { "create refs/tags/v\($0) \(head)\n" }.joined())
    var swhids = [String]()
    for _ in 0..<2 {
      let archived = try Harness.snaprev(["archive", repo, "--origin", origin, "--store", store])
      guard archived.status == 0 else { throw HarnessError("archive: \(archived.stderrText)") }
      swhids.append(archived.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
      try gitRun(["commit", "-q", "--allow-empty", "-m", "second"])
    }
    return (store, swhids)
  }

  @Test func theOfficialClientAndImportReadTheArchive() throws {
    let root = try Harness.temporaryDirectory("swh")
    let (store, swhids) = try Self.archivedStore(root)
    #expect(Set(swhids).count == 2)
    let token = try Harness.createToken(store: store, name: "reader", scopes: ["project:read"])
    let server = try ServerProcess(store: store)
    let api = server.baseURL + "/api/1/"

    let run = try Harness.run(Harness.python, [Fixtures.packageRoot.path + "/Tests/ServerTests/swh_client.py", api, token, Self.origin] + swhids)
    #expect(run.status == 0, "\(run.stderrText)\n\(server.log)")
    let result = try JSONParser.parse(Array(run.stdout), options: .documentOrder)
    for swhid in swhids {
      // Every branch through all pages, as `snaprev branches` lists them.
      var expected = [String: JSONValue]()
      var from: String? = nil
      repeat {
        let page = try Harness.snaprev(["branches", swhid, "--store", store] + (from.map { ["--from", $0] } ?? []))
        let body = try JSONParser.parse(Array(page.stdout), options: .documentOrder)
        guard case .object(let branches)? = body["branches"] else { break }
        for member in branches {
          if case .object = member.value, case .string(let target)? = member.value["target"], case .string(let type)? = member.value["target_type"] {
            let shown = type == "alias" ? target : "swh:1:\(["revision": "rev", "release": "rel", "directory": "dir", "content": "cnt", "snapshot": "snp"][type] ?? type):\(target)"
            expected[member.key] = .array([.string(shown), .string(type)])
          } else {
            expected[member.key] = .null
          }
        }
        if case .string(let next)? = body["next_branch"] { from = next } else { from = nil }
      } while from != nil
      let entry = result["snapshots"]?[swhid]
      #expect(expected.count == 1202)
      #expect(entry?["branches"]?.sortedForComparison == JSONValue.object(JSONObject(expected)).sortedForComparison)
      #expect(entry?["get"] == entry?["branches"])
      #expect(entry?["pages"] == .int(2))
      #expect(entry?["exists"] == .bool(true))
    }
    #expect(result["unknown_exists"] == .int(404))
    #expect(result["last_visit"]?["visit"] == .int(2))
    #expect(result["last_visit"]?["snapshot"] == .string(swhids[1].replacingOccurrences(of: "swh:1:snp:", with: "")) || result["last_visit"]?["snapshot"] == .string(swhids[1]),
      "last_visit: \(String(describing: result["last_visit"])), expected \(swhids[1])")
    if case .array(let visits)? = result["visits"] { #expect(visits.count == 2) } else { Issue.record("no visits") }
    #expect(result["known"]?[swhids[0]] == .bool(true))
    #expect(result["known"]?["swh:1:snp:" + String(repeating: "0", count: 40)] == .bool(false))

    // The raw API: body and Link as `snaprev branches`, YAML, HEAD, errors.
    let id = String(swhids[0].dropFirst("swh:1:snp:".count))
    let page = try HTTP.get("\(api)snapshot/\(id)/?branches_count=500", token: token)
    let printed = try Harness.snaprev(["branches", id, "--count", "500", "--store", store, "--base-url", server.baseURL, "--link"])
    #expect(page.status == 200 && page.body + [0x0A] == [UInt8](printed.stdout))
    #expect(page.header("Link") == "<" + printed.stderrText.replacingOccurrences(of: "Link: <", with: "").trimmingCharacters(in: .whitespacesAndNewlines))
    #expect(page.header("Link")?.hasPrefix("<\(server.baseURL)/api/1/snapshot/\(id)/?branches_count=500&branches_from=") == true)
    let yaml = try HTTP.get("\(api)snapshot/\(id)/?branches_count=3", token: token, headers: ["Accept": "application/yaml"])
    let yamlPrinted = try Harness.snaprev(["branches", id, "--count", "3", "--yaml", "--store", store, "--base-url", server.baseURL])
    #expect(yaml.header("Content-Type") == "application/yaml" && yaml.body == [UInt8](yamlPrinted.stdout))
    let head = try HTTP.send("HEAD", "\(api)snapshot/\(id)/", headers: ["Authorization": "Bearer \(token)"])
    #expect(head.status == 200 && head.body.isEmpty)
    #expect(try HTTP.send("HEAD", "\(api)snapshot/\(String(repeating: "0", count: 40))/", headers: ["Authorization": "Bearer \(token)"]).status == 404)
    // Pages are validated by their ETag: the same page again with If-None-Match is a 304
    // without a body (weak or listed tags too); another tag gets the whole page.
    let tag = try #require(page.header("ETag"))
    #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag.count == 66)
    #expect(page.header("Cache-Control") == "no-cache")
    for condition in [tag, "W/" + tag, "\"other\", \(tag)", "*"] {
      let revalidated = try HTTP.raw(
        port: server.port,
        Array("GET /api/1/snapshot/\(id)/?branches_count=500 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nIf-None-Match: \(condition)\r\nConnection: close\r\n\r\n".utf8))
      #expect(revalidated.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), "\(condition): \(revalidated.prefix(200))")
      #expect(revalidated.hasSuffix("\r\n\r\n") && revalidated.contains("ETag: \(tag)\r\n") && !revalidated.contains("Content-Length"))
    }
    let changed = try HTTP.get("\(api)snapshot/\(id)/?branches_count=500", token: token, headers: ["If-None-Match": "\"0\""])
    #expect(changed.status == 200 && changed.body == page.body && changed.header("ETag") == tag)
    let yamlTag = try #require(yaml.header("ETag"))
    #expect(yamlTag != tag)
    let yamlAgain = try HTTP.get("\(api)snapshot/\(id)/?branches_count=3", token: token, headers: ["Accept": "application/yaml", "If-None-Match": tag])
    #expect(yamlAgain.status == 200 && yamlAgain.body == yaml.body)
    #expect(try HTTP.get("\(api)snapshot/\(id)/?branches_count=500", headers: ["If-None-Match": tag]).status == 401)
    // Pages are cached by the parameters as sent: another spelling of the same request is
    // the same page, and a refused request stays refused the second time.
    let spelled = try HTTP.get("\(api)snapshot/swh:1:snp:\(id.uppercased())/?branches_count=+500", token: token)
    #expect(spelled.status == 200 && spelled.body == page.body && spelled.header("ETag") == tag)
    #expect(try HTTP.get("\(api)snapshot/\(id)/?branches_count=5000", token: token).status == 400)
    let tooMany = try HTTP.get("\(api)snapshot/\(id)/?branches_count=5000", token: token)
    #expect(tooMany.status == 400 && tooMany.text == #"{"exception":"ValidationError","reason":{"branches_count":["Ensure this value is less than or equal to 1000."]}}"#)
    let short = try HTTP.get("\(api)snapshot/63ce369/", token: token)
    #expect(short.status == 400 && short.text == #"{"exception":"BadInputExc","reason":"Invalid checksum query string 63ce369"}"#)
    let route = try HTTP.get("\(api)snapshot/xyz/", token: token)
    #expect(route.status == 404 && route.text.contains("Resource not found"))
    #expect(try HTTP.get("\(api)snapshot/\(id)/").status == 401)
    #expect(server.stop() == 0)

    // Anonymous reads with --public-archive, and `snaprev import` from this server.
    let open = try ServerProcess(store: store, arguments: ["--public-archive"])
    #expect(try HTTP.get("\(open.baseURL)/api/1/snapshot/\(id)/?branches_count=1").status == 200)
    let other = root + "/other"
    let imported = try Harness.snaprev(["import", "--api", open.baseURL + "/api/1/", swhids[0], "--store", other])
    #expect(imported.status == 0, "\(imported.stderrText)")
    let reprinted = try Harness.snaprev(["branches", swhids[0], "--store", other, "--count", "1000"])
    let original = try Harness.snaprev(["branches", swhids[0], "--store", store, "--count", "1000"])
    #expect(reprinted.stdout == original.stdout)
    #expect(open.stop() == 0)
  }
}

extension JSONValue {
  /// Objects with members sorted by key, recursively, so two documents compare by content.
  var sortedForComparison: JSONValue {
    switch self {
    case .object(let members):
      return .object(JSONObject(ordered: members.map { (key: $0.key, value: $0.value.sortedForComparison) }.sorted { $0.key < $1.key }))
    case .array(let items): return .array(items.map(\.sortedForComparison))
    default: return self
    }
  }
}
