import JSONCore
import Foundation
import ProcessSpawn
import SnapshotStore
import TestSupport
import Testing

@testable import SnaprevServer

/// Every bad request of the issue gets a JSON `detail` (or, for a client that never sends a
/// whole request, a closed connection), never a hang; nothing half-stored.
@Suite(.serialized) struct BadRequestTests {
  static let limit = 1_000_000

  struct Context {
    let server: ServerProcess
    let store: String
    let writer: String
    var createURL: String { "\(server.baseURL)/api/0/projects/default/web/preprodartifacts/snapshots/" }
  }

  static func start(_ extra: [String] = []) throws -> Context {
    let root = try Harness.temporaryDirectory("bad")
    let store = root + "/store"
    let writer = try Harness.createToken(store: store, name: "ci", scopes: ["project:write"])
    let server = try ServerProcess(
      store: store, arguments: ["--max-request-bytes", String(limit), "--read-timeout", "2", "--orphan-grace", "1"] + extra)
    return Context(server: server, store: store, writer: writer)
  }

  static func post(_ context: Context, _ body: [UInt8], zstd: Bool = false) throws -> HTTPResult {
    var headers = ["Authorization": "Bearer \(context.writer)", "Content-Type": "application/json"]
    if zstd { headers["Content-Encoding"] = "zstd" }
    return try HTTP.send("POST", context.createURL, headers: headers, body: body)
  }

  /// The upload grant and objectstore batch URL handed to sentry-cli.
  static func objectstore(_ context: Context) throws -> (url: String, grant: String) {
    let options = try JSONParser.parse(
      try HTTP.get("\(context.server.baseURL)/api/0/projects/default/web/preprodartifacts/snapshots/upload-options/", token: context.writer).body)
    let base = options["objectstore"]?["url"]?.stringValue ?? ""
    return (base + "/v1/objects:batch/preprod/org=default;project=web/", options["objectstore"]?["authToken"]?.stringValue ?? "")
  }

  static func insert(_ context: Context, _ bytes: [UInt8], key: String? = nil) throws -> HTTPResult {
    let (url, grant) = try objectstore(context)
    let sha = key ?? UploadedObjects.sha256(bytes)
    let body = ProtocolTests.multipart([
      (["x-sn-batch-operation-kind: insert", "x-sn-batch-operation-key: default%2Fweb%2F\(sha)", "content-encoding: zstd"],
        try Zstd.compress(bytes))
    ])
    return try HTTP.send(
      "POST", url, headers: ["x-os-auth": "Bearer \(grant)", "Content-Type": "multipart/form-data; boundary=\(ProtocolTests.boundary)"],
      body: body)
  }

  static func manifest(_ images: [(String, String)]) -> [UInt8] {
    let entries = images.map { #""\#($0.0)":{"content_hash":"\#($0.1)","width":8,"height":8}"# }.joined(separator: ",")
    return Array(#"{"app_id":"app","images":{\#(entries)}}"#.utf8)
  }

  @Test func badBodiesAreJSONErrorsAndStoreNothing() throws {
    let context = try Self.start()
    func expectDetail(_ result: HTTPResult, _ status: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
      #expect(result.status == status, "\(result.text)", sourceLocation: sourceLocation)
      let detail = (try? JSONParser.parse(result.body))?["detail"]?.stringValue ?? ""
      #expect(detail.contains(fragment), "\(result.text)", sourceLocation: sourceLocation)
    }
    expectDetail(try Self.post(context, Array(#"{"app_id": "a", "images": {"#.utf8)), 400, "Malformed JSON")
    let bomb = try Zstd.compress([UInt8](repeating: 0, count: 64 << 20), level: 19)
    expectDetail(try Self.post(context, bomb, zstd: true), 400, "decompresses to more than \(Self.limit) bytes")
    expectDetail(try Self.post(context, [UInt8](repeating: 0x20, count: Self.limit + 1)), 413, "limit")
    expectDetail(try Self.post(context, Array("not zstd".utf8), zstd: true), 400, "zstd")

    // Objects: a good PNG, a file that is not a PNG, and an insert whose bytes are not its key.
    let png = [UInt8](try Harness.png(color: 9))
    let notPNG = Array("this is not a png".utf8)
    #expect(try Self.insert(context, png).text.contains("201 Created"))
    #expect(try Self.insert(context, notPNG).text.contains("201 Created"))
    let mismatch = try Self.insert(context, png, key: String(repeating: "0", count: 64))
    #expect(mismatch.status == 200 && mismatch.text.contains("400 Bad Request") && mismatch.text.contains("SHA-256"))
    let good = UploadedObjects.sha256(png)
    expectDetail(try Self.post(context, Self.manifest([("ok.png", good), ("../evil.png", good)])), 400, "Image ../evil.png")
    expectDetail(try Self.post(context, Self.manifest([("/etc/evil.png", good)])), 400, "absolute")
    expectDetail(try Self.post(context, Self.manifest([("bell\\u0007.png", good)])), 400, "control character")
    expectDetail(try Self.post(context, Self.manifest([("ok.png", good), ("broken.png", UploadedObjects.sha256(notPNG))])), 400, "Image broken.png: not a valid PNG")
    expectDetail(try Self.post(context, Self.manifest([("ok.png", good), ("gone.png", String(repeating: "1", count: 64))])), 400, "Image gone.png: its object")
    expectDetail(try Self.post(context, Array(Self.manifest([("ok.png", good)]).dropLast(1)) + Array(#","diff_threshold":7}"#.utf8)), 400, "diff-threshold")
    // All or nothing: not one of these created an artifact.
    #expect(!FileManager.default.fileExists(atPath: context.store + "/artifacts/1"))
    // The good manifest then works, and takes the pending object.
    let created = try Self.post(context, Self.manifest([("ok.png", good)]))
    #expect(created.status == 200 && created.text.contains(#""artifactId":"1""#))

    // Truncated multipart, and a batch without the upload grant.
    let (url, grant) = try Self.objectstore(context)
    let whole = ProtocolTests.multipart([(["x-sn-batch-operation-kind: head", "x-sn-batch-operation-key: default%2Fweb%2F\(good)"], [])])
    let truncated = try HTTP.send(
      "POST", url, headers: ["x-os-auth": "Bearer \(grant)", "Content-Type": "multipart/form-data; boundary=\(ProtocolTests.boundary)"],
      body: Array(whole.dropLast(10)))
    expectDetail(truncated, 400, "Truncated multipart body")
    expectDetail(try HTTP.send("POST", url, headers: ["Content-Type": "multipart/form-data; boundary=x"], body: whole), 401, "x-os-auth")
    // A non-ASCII byte in a part header name trapped inside MultipartKit and killed the server
    // (server_multipart fuzz target): now a 400, and the server keeps answering.
    let hostileHeader = Array("--\(ProtocolTests.boundary)\r\nx-sn-batch-operation".utf8) + [0xF4]
      + Array("kind: head\r\n\r\n\r\n--\(ProtocolTests.boundary)--\r\n".utf8)
    let refused = try HTTP.send(
      "POST", url, headers: ["x-os-auth": "Bearer \(grant)", "Content-Type": "multipart/form-data; boundary=\(ProtocolTests.boundary)"],
      body: hostileHeader)
    expectDetail(refused, 400, "part headers must be ASCII (byte 0xF4")
    #expect(context.server.isRunning)
    #expect(try Self.objectstore(context).grant.isEmpty == false)

    // Hostile paths, sent raw (URLSession would normalize them).
    for path in ["/api/0/../../etc/passwd", "/api/0/organizations/default/preprodartifacts/snapshots/1%00/", "/api/1/snapshot/%2e%2e/"] {
      let answer = try HTTP.raw(port: context.server.port, Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
      #expect(answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer)")
      #expect(answer.contains(#"{"detail":"Invalid path: "#))
    }
    #expect(context.server.stop() == 0)
  }

  @Test func slowAndIdleClientsAreTimedOut() throws {
    let context = try Self.start()
    let port = context.server.port
    // A body at one byte a second: 408 once the 2 s read timeout passes.
    let slowBody = try Socket(port: port)
    try slowBody.send(Array("POST /api/0/projects/default/web/preprodartifacts/snapshots/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(context.writer)\r\nContent-Length: 100\r\n\r\n".utf8))
    let started = Date()
    var answer = [UInt8]()
    for _ in 0..<6 {
      try? slowBody.send(Array("{".utf8))
      answer += slowBody.receiveAll(timeout: 1)
      if !answer.isEmpty { break }
    }
    slowBody.close()
    #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 408"))
    #expect(Date().timeIntervalSince(started) < 5)
    // Headers at one byte a second never complete: the connection is closed.
    let slowHead = try Socket(port: port)
    let headStarted = Date()
    var closed = false
    for byte in Array("GET /api/0/ HTTP/1.1\r\nHost: xxxxxxxx".utf8) {
      if (try? slowHead.send([byte])) == nil || slowHead.isClosed(within: 1) {
        closed = true
        break
      }
    }
    slowHead.close()
    #expect(closed && Date().timeIntervalSince(headStarted) < 6)

    // 1,000 idle connections: the server still answers at once, then closes them.
    var idle = [Socket]()
    for _ in 0..<1000 { idle.append(try Socket(port: port)) }
    let before = Date()
    let info = try HTTP.get("\(context.server.baseURL)/api/0/", token: context.writer)
    #expect(info.status == 200 && Date().timeIntervalSince(before) < 2)
    #expect(idle.prefix(20).allSatisfy { $0.isClosed(within: 6) })
    for socket in idle { socket.close() }
    #expect(context.server.stop() == 0)
  }

  @Test func unreferencedObjectsAreRemovedAfterTheGracePeriod() throws {
    let context = try Self.start()
    let png = [UInt8](try Harness.png(color: 77))
    #expect(try Self.insert(context, png).text.contains("201 Created"))
    let file = context.store + "/server/objects/" + UploadedObjects.sha256(png)
    #expect(FileManager.default.fileExists(atPath: file))
    let deadline = Date().addingTimeInterval(8)
    while FileManager.default.fileExists(atPath: file) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(!FileManager.default.fileExists(atPath: file))
    #expect(context.server.log.contains("removed 1 unreferenced uploaded object"))
    #expect(context.server.stop() == 0)
  }

  @Test func sigkillDuringUploadsLeavesOnlyWholeArtifacts() throws {
    let root = try Harness.temporaryDirectory("kill")
    let store = root + "/store"
    let writer = try Harness.createToken(store: store, name: "ci", scopes: ["project:write"])
    var images = [String: (UInt8, Int?)]()
    for index in 0..<120 { images["screen\(index).png"] = (UInt8(index), nil) }
    var uploaded = 0
    for (round, delay) in [0.3, 0.8, 1.5, 3.0].enumerated() {
      let folder = root + "/build\(round)"
      var changed = images
      changed["screen0.png"] = (UInt8(round), round)
      try Harness.folder(folder, changed)
      let server = try ServerProcess(store: store)
      let client = try Spawn.start(
        Harness.sentryCLI,
        [
          "--url", server.baseURL, "snapshots", "upload", folder, "--app-id", "app", "--org", "default", "--project", "web",
          "--auth-token", writer,
        ],
        environment: ["HOME": root, "SENTRY_DISABLE_UPDATE_CHECK": "1"], stdout: .discard, stderr: .discard)
      Thread.sleep(forTimeInterval: delay)
      server.killHard()
      if try client.wait().status == 0 { uploaded += 1 }
      // A new server serves every artifact that is there, whole.
      let restarted = try ServerProcess(store: store)
      let reader = try Harness.createToken(store: store, name: "r\(round)", scopes: ["project:read"])
      let ids = ((try? FileManager.default.contentsOfDirectory(atPath: store + "/artifacts")) ?? []).filter { !$0.hasPrefix(".") }
      for id in ids {
        let details = try HTTP.get("\(restarted.baseURL)/api/0/organizations/default/preprodartifacts/snapshots/\(id)/", token: reader)
        #expect(details.status == 200)
        #expect((try JSONParser.parse(details.body))["image_count"] == .int(120))
      }
      #expect(ids.count >= uploaded)
      let staging = (try? FileManager.default.contentsOfDirectory(atPath: store + "/server/staging")) ?? []
      #expect(staging.isEmpty, "abandoned staging: \(staging)")
      #expect(restarted.stop() == 0)
    }
  }
}
