import JSONCore
import Foundation
import ProcessSpawn
import SnapshotStore
import Testing

@testable import SnaprevServer

/// The real sentry-cli 3.8.2 against `snaprev serve`: upload, details, images, download, info.
@Suite(.serialized) struct SentryClientTests {
  static let app = "com.example.app"
  static let baseSha = String(repeating: "a", count: 40)
  static let headSha = String(repeating: "b", count: 40)
  static let sidecar = #"{"display_name":"Primary button","group":"Buttons","tags":["ios","dark"],"custom_extra":{"nested":[1,2]}}"#

  /// The base and head folders of the issue: a change, a rename, an addition and a sidecar.
  static func folders(_ root: String) throws -> (base: String, head: String) {
    let base = root + "/base"
    let head = root + "/head"
    try Harness.folder(
      base, ["home.png": (100, nil), "button.png": (150, nil), "old/name.png": (200, nil)],
      sidecars: ["button.json": sidecar])
    try Harness.folder(
      head, ["home.png": (100, 5), "button.png": (150, nil), "new/name.png": (200, nil), "added.png": (50, nil)],
      sidecars: ["button.json": sidecar])
    return (base, head)
  }

  static func upload(_ server: ServerProcess, _ folder: String, token: String, head: String, base: String?, ref: String)
    throws -> Spawn.Finished
  {
    var arguments = [
      "--url", server.baseURL, "snapshots", "upload", folder, "--app-id", app, "--org", "acme", "--project", "web",
      "--auth-token", token, "--head-sha", head, "--head-ref", ref,
    ]
    if let base { arguments += ["--base-sha", base, "--base-ref", "main"] }
    return try Harness.run(Harness.sentryCLI, arguments, directory: FileManager.default.temporaryDirectory.path)
  }

  @Test func uploadDetailsAndDownloadWithTheRealClient() throws {
    let root = try Harness.temporaryDirectory("sentry")
    let store = root + "/store"
    let (base, head) = try Self.folders(root)
    let writer = try Harness.createToken(store: store, name: "ci", scopes: ["project:write"])
    let reader = try Harness.createToken(store: store, name: "reader", scopes: ["project:read"])
    let server = try ServerProcess(store: store, arguments: ["--org", "acme"])

    let first = try Self.upload(server, base, token: writer, head: Self.baseSha, base: nil, ref: "main")
    #expect(first.status == 0, "\(first.stdoutText)\n\(first.stderrText)\n\(server.log)")
    #expect(first.stdoutText.contains("> Created snapshot 1 with 3 images"))
    #expect(first.stdoutText.contains("> View snapshots at \(server.baseURL)/api/0/organizations/acme/preprodartifacts/snapshots/1/"))
    let second = try Self.upload(server, head, token: writer, head: Self.headSha, base: Self.baseSha, ref: "feature")
    #expect(second.status == 0, "\(second.stdoutText)\n\(second.stderrText)")
    // Unchanged and renamed images are already stored: only the two new files travel.
    #expect(second.stdoutText.contains("> 2 of 4 images already uploaded, uploading 2 new"))
    #expect(second.stdoutText.contains("> Created snapshot 2 with 4 images"))

    // Details over HTTP are exactly `snaprev show`, full and compact.
    for compact in [false, true] {
      let url = "\(server.baseURL)/api/0/organizations/acme/preprodartifacts/snapshots/2/" + (compact ? "?compact_metadata=1" : "")
      let response = try HTTP.get(url, token: reader)
      let shown = try Harness.snaprev(["show", "2", "--store", store] + (compact ? ["--compact-metadata"] : []))
      #expect(response.status == 200 && response.header("Content-Type") == "application/json")
      #expect(response.body == [UInt8](shown.stdout))
    }
    let details = try JSONParser.parse(try HTTP.get("\(server.baseURL)/api/0/organizations/acme/preprodartifacts/snapshots/2/", token: reader).body)
    #expect(details["changed"]?.arrayValue?.compactMap { $0["head_image"]?["image_file_name"]?.stringValue } == ["home.png"])
    #expect(details["renamed"]?.arrayValue?.first?["base_image"]?["image_file_name"]?.stringValue == "old/name.png")
    #expect(details["renamed"]?.arrayValue?.first?["head_image"]?["image_file_name"]?.stringValue == "new/name.png")
    #expect(details["added"]?.arrayValue?.compactMap { $0["image_file_name"]?.stringValue } == ["added.png"])
    let button = details["unchanged"]?.arrayValue?.first { $0["image_file_name"]?.stringValue == "button.png" }
    #expect(button?["display_name"]?.stringValue == "Primary button")
    #expect(button?["custom_extra"]?["nested"] == .array([.int(1), .int(2)]))
    #expect(details["approval_status"]?.stringValue == "requires_approval")

    // The same folders through `snaprev upload` give the same build.
    let twin = root + "/twin"
    for (folder, sha, baseSha, ref) in [(base, Self.baseSha, nil as String?, "main"), (head, Self.headSha, Self.baseSha, "feature")] {
      var arguments = ["upload", folder, "--store", twin, "--project", "web", "--app-id", Self.app, "--head-sha", sha, "--head-ref", ref]
      if let baseSha { arguments += ["--base-sha", baseSha, "--base-ref", "main"] }
      #expect(try Harness.snaprev(arguments).status == 0)
    }
    let twinDetails = try JSONParser.parse([UInt8](try Harness.snaprev(["show", "2", "--store", twin]).stdout))
    for key in ["changed", "added", "removed", "renamed", "unchanged", "skipped", "errored", "images", "comparison_type",
      "comparison_state", "approval_status", "vcs_info", "image_count"]
    {
      #expect(details[key] == twinDetails[key], "\(key) differs from snaprev upload")
    }

    // Images and masks by the keys the details name.
    let homeKey = details["changed"]?.arrayValue?.first?["head_image"]?["key"]?.stringValue ?? ""
    let image = try HTTP.get("\(server.baseURL)/api/0/projects/acme/web/files/images/\(homeKey)/", token: reader)
    #expect(image.status == 200 && image.header("Content-Type") == "image/png")
    #expect(Data(image.body) == (try Data(contentsOf: URL(fileURLWithPath: head + "/home.png"))))
    let maskKey = details["changed"]?.arrayValue?.first?["diff_image_key"]?.stringValue ?? ""
    #expect(try HTTP.get("\(server.baseURL)/api/0/projects/acme/web/files/images/\(maskKey)/", token: reader).status == 200)

    // Another organization, an unknown build: 404; no token: 401; a reader cannot upload: 403.
    #expect(try HTTP.get("\(server.baseURL)/api/0/organizations/other/preprodartifacts/snapshots/2/", token: reader).status == 404)
    #expect(try HTTP.get("\(server.baseURL)/api/0/organizations/acme/preprodartifacts/snapshots/99/", token: reader).status == 404)
    let anonymous = try HTTP.get("\(server.baseURL)/api/0/organizations/acme/preprodartifacts/snapshots/2/")
    #expect(anonymous.status == 401 && anonymous.text.contains("\"detail\""))
    let denied = try Self.upload(server, head, token: reader, head: Self.headSha, base: Self.baseSha, ref: "feature")
    #expect(denied.status != 0 && denied.stderrText.contains("403"))

    // The CI gate over HTTP: requires approval (2), as `snaprev status` on the store.
    let gate = try Harness.snaprev(["status", "2", "--server", server.baseURL, "--token", reader, "--org", "acme"])
    #expect(gate.status == 2, "\(gate.stdoutText)\(gate.stderrText)")
    #expect(try Harness.snaprev(["status", "2", "--store", store]).status == 2)
    let waited = try Harness.snaprev(["status", "1", "--server", server.baseURL, "--token", reader, "--org", "acme", "--wait", "--timeout", "5"])
    #expect(waited.status == 0)

    // sentry-cli info, and the baseline download by branch and by id, byte for byte.
    let info = try Harness.run(Harness.sentryCLI, ["--url", server.baseURL, "info", "--auth-token", reader])
    #expect(info.status == 0 && info.stdoutText.contains("project:read"), "\(info.stdoutText)\(info.stderrText)")
    for (flags, folder, count) in [
      (["--app-id", Self.app, "--branch", "feature"], head, 4), (["--snapshot-id", "1"], base, 3),
      (["--app-id", Self.app, "--branch", "main"], base, 3),
    ] {
      let output = try Harness.temporaryDirectory("download")
      let download = try Harness.run(
        Harness.sentryCLI,
        ["--url", server.baseURL, "snapshots", "download", "--org", "acme", "--project", "web", "--auth-token", reader,
          "--output", output] + flags)
      #expect(download.status == 0, "\(download.stdoutText)\(download.stderrText)")
      let files = try FileManager.default.subpathsOfDirectory(atPath: output).filter { $0.hasSuffix(".png") }.sorted()
      #expect(files.count == count)
      for file in files {
        #expect(
          (try Data(contentsOf: URL(fileURLWithPath: output + "/" + file)))
            == (try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))), "\(file)")
      }
    }
    let missing = try Harness.run(
      Harness.sentryCLI,
      ["--url", server.baseURL, "snapshots", "download", "--org", "acme", "--auth-token", reader, "--app-id", "nope",
        "--output", root + "/none"])
    #expect(missing.status != 0 && missing.stderrText.contains("No baseline snapshot found"))

    // Uploaded objects became store images; nothing pending is left.
    let pending = (try? FileManager.default.contentsOfDirectory(atPath: store + "/server/objects")) ?? []
    #expect(pending.isEmpty)
    // One log line per request, never a token.
    #expect(server.log.contains("POST /api/0/projects/acme/web/preprodartifacts/snapshots/ 200"))
    #expect(!server.log.contains(writer) && !server.log.contains(reader))
    #expect(server.stop() == 0)
  }

  @Test func tokensScopesRevocationAndRateLimit() throws {
    let root = try Harness.temporaryDirectory("tokens")
    let store = root + "/store"
    let reader = try Harness.createToken(store: store, name: "reader", scopes: ["project:read"])
    let server = try ServerProcess(store: store, arguments: ["--failed-auth-limit", "5"])
    let url = "\(server.baseURL)/api/0/projects/default/web/preprodartifacts/snapshots/upload-options/"
    let forbidden = try HTTP.get(url, token: reader)
    #expect(forbidden.status == 403 && forbidden.text.contains("project:write"))
    let list = try Harness.snaprev(["token", "list", "--store", store])
    #expect(list.stdoutText.contains("reader") && list.stdoutText.contains("project:read") && !list.stdoutText.contains(reader))
    #expect(try Harness.snaprev(["token", "revoke", "reader", "--store", store]).status == 0)
    let revoked = try HTTP.get(url, token: reader)
    #expect(revoked.status == 401 && revoked.text == #"{"detail":"Invalid token"}"#)
    // Four more failures reach the limit of five; then even a valid token waits.
    let writer = try Harness.createToken(store: store, name: "writer", scopes: ["org:ci"])
    for _ in 0..<4 { #expect(try HTTP.get(url, token: "sntryu_" + String(repeating: "0", count: 64)).status == 401) }
    let limited = try HTTP.get(url, token: writer)
    #expect(limited.status == 429 && limited.header("Retry-After") != nil)
    #expect(server.stop() == 0)
  }
}
