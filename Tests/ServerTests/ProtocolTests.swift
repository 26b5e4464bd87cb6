import JSONCore
import Foundation
import SnapshotStore
import Testing

@testable import SnaprevServer

@Suite struct ProtocolTests {
  static let boundary = "b0undary"

  static func multipart(_ parts: [(headers: [String], body: [UInt8])], close: Bool = true) -> [UInt8] {
    var out = [UInt8]()
    for part in parts {
      out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"part\"\r\n".utf8)
      for header in part.headers { out += Array("\(header)\r\n".utf8) }
      out += Array("\r\n".utf8) + part.body + Array("\r\n".utf8)
    }
    if close { out += Array("--\(boundary)--\r\n".utf8) }
    return out
  }

  @Test func parsesHeadAndInsertParts() throws {
    let key = "org/proj/" + String(repeating: "ab", count: 32)
    let body = Self.multipart([
      (["x-sn-batch-operation-kind: head", "x-sn-batch-operation-key: \(ObjectstoreBatch.percentEncodeAll(key))"], []),
      (["x-sn-batch-operation-kind: insert", "x-sn-batch-operation-key: \(ObjectstoreBatch.percentEncodeAll(key))",
        "content-encoding: zstd"], [1, 2, 3]),
    ])
    let operations = try ObjectstoreBatch.parse(body, contentType: "multipart/form-data; boundary=\(Self.boundary)")
    #expect(operations.count == 2)
    #expect(operations[0].kind == .head && operations[0].key == key && operations[0].body.isEmpty)
    #expect(operations[1].kind == .insert && operations[1].body == [1, 2, 3])
    #expect(operations[1].headers["content-encoding"] == "zstd")
  }

  @Test func refusesTruncatedAndNonMultipartBodies() throws {
    let whole = Self.multipart([(["x-sn-batch-operation-kind: head", "x-sn-batch-operation-key: a"], [])])
    #expect(throws: BatchFailure.truncated) {
      try ObjectstoreBatch.parse(Array(whole.dropLast(12)), contentType: "multipart/form-data; boundary=\(Self.boundary)")
    }
    #expect(throws: BatchFailure.notMultipart) { try ObjectstoreBatch.parse(whole, contentType: "application/json") }
  }

  /// A part may hold the text `--boundary--` (only CR LF `--boundary` is reserved); a body
  /// cut right after the next part's boundary line then passed as a shorter batch
  /// (found by the server_multipart fuzz target).
  @Test func aBodyCutAfterABoundaryLineIsTruncatedEvenWhenAPartQuotesTheClosingDelimiter() throws {
    let type = "multipart/form-data; boundary=\(Self.boundary)"
    let whole = Self.multipart([
      (["x-sn-batch-operation-kind: head"], Array("x--\(Self.boundary)--".utf8)), (["x-sn-batch-operation-kind: insert"], [1, 2]),
    ])
    #expect(try ObjectstoreBatch.parse(whole, contentType: type).map(\.kindText) == ["head", "insert"])
    let secondBoundary = Array("\r\n--\(Self.boundary)".utf8)
    guard let start = (0...(whole.count - secondBoundary.count)).first(where: { whole[$0..<($0 + secondBoundary.count)].elementsEqual(secondBoundary) })
    else {
      Issue.record("no second boundary")
      return
    }
    for cut in [start + secondBoundary.count, start + secondBoundary.count + 1, start + secondBoundary.count + 2] {
      #expect(throws: BatchFailure.truncated, "cut at \(cut)") { try ObjectstoreBatch.parse(Array(whole[..<cut]), contentType: type) }
    }
    // No delimiter MultipartKit recognizes (three hyphens), only the text of the closing one:
    // not an empty batch (found by the fuzz target too).
    #expect(throws: BatchFailure.truncated) {
      try ObjectstoreBatch.parse(Array("preamble---\(Self.boundary)--\r\n".utf8), contentType: type)
    }
    // The closing delimiter with or without an epilogue is complete.
    #expect(try ObjectstoreBatch.parse(whole + Array("epilogue".utf8), contentType: type).count == 2)
    #expect(try ObjectstoreBatch.parse(Array(whole.dropLast(2)), contentType: type).count == 2)
  }

  /// MultipartKit 4.7.1 traps (index out of range) on a part header name byte of 0x80 or
  /// more, which killed `snaprev serve`; found by the server_multipart fuzz target.
  @Test func nonASCIIPartHeadersAreRefusedBeforeMultipartKitSeesThem() throws {
    let type = "multipart/form-data; boundary=\(Self.boundary)"
    func body(_ headerBlock: [UInt8]) -> [UInt8] {
      Array("--\(Self.boundary)\r\n".utf8) + headerBlock + Array("\r\n\r\n\r\n--\(Self.boundary)--\r\n".utf8)
    }
    let name = body(Array("x-sn-batch-operation".utf8) + [0xF4] + Array("kind: head".utf8))
    #expect(throws: BatchFailure.syntax("part headers must be ASCII (byte 0xF4 at offset 32)")) {
      try ObjectstoreBatch.parse(name, contentType: type)
    }
    // A bare LF does not end a header line for MultipartKit; the next line is still checked.
    let afterBareLF = body(Array("k: a\nb\n\r\n".utf8) + [0xC3, 0xA9] + Array(": x".utf8))
    #expect(throws: BatchFailure.syntax("part headers must be ASCII (byte 0xC3 at offset 21)")) {
      try ObjectstoreBatch.parse(afterBareLF, contentType: type)
    }
    // In a second part too; part bodies (zstd, PNG bytes) may hold any byte.
    let second = Self.multipart([
      (["x-sn-batch-operation-kind: head"], [0xF4, 0x80, 0xFF]), (["x-sn-batch-operation-kind: head", "x-\u{E9}: 1"], []),
    ])
    #expect(throws: BatchFailure.self) { try ObjectstoreBatch.parse(second, contentType: type) }
    let binary = Self.multipart([(["x-sn-batch-operation-kind: insert"], [0xF4, 0x0D, 0x0A, 0xFF, 0x3A])])
    #expect(try ObjectstoreBatch.parse(binary, contentType: type).map(\.body) == [[0xF4, 0x0D, 0x0A, 0xFF, 0x3A]])
  }

  @Test func answersWithIndexAndStatusParts() throws {
    let (body, type) = try ObjectstoreBatch.respond([
      .init(index: 0, status: 404, reason: "Not Found", key: "o/p/k"), .init(index: 1, status: 201, reason: "Created", key: nil),
    ])
    #expect(type.hasPrefix("multipart/form-data; boundary="))
    let parsed = try ObjectstoreBatch.parse(body, contentType: type)
    #expect(parsed.map { $0.headers["x-sn-batch-operation-index"] } == ["0", "1"])
    #expect(parsed.map { $0.headers["x-sn-batch-operation-status"] } == ["404 Not Found", "201 Created"])
    #expect(parsed[0].headers["x-sn-batch-operation-key"] == "o%2Fp%2Fk")
  }

  /// The refusal of an unknown operation quotes the client's kind, escaped: sentry-cli
  /// prints the answer to a terminal.
  @Test func anUnknownOperationKindIsQuotedEscaped() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-kind-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let operation = BatchOperation(
      kind: nil, kindText: "wipe\u{1B}[2J\u{202E}", key: "org/proj/" + String(repeating: "ab", count: 32), headers: [:],
      body: [])
    let answer = ObjectstoreEndpoints.perform(
      operation, index: 0, org: "org", project: "proj", objects: UploadedObjects(store: SnapshotStore(root: root)), limit: 1 << 20)
    let text = String(decoding: answer.body, as: UTF8.self)
    #expect(answer.status == 400)
    #expect(text.hasPrefix("unsupported operation wipe"), "\(text)")
    #expect(!answer.body.contains(0x1B), "raw ESC in \(text.debugDescription)")
    #expect(!text.unicodeScalars.contains("\u{202E}"), "raw bidi override in \(text.debugDescription)")
  }

  @Test func pathsWithDotSegmentsOrNULAreRefused() {
    #expect(RequestPath.parse("/api/0/../x/") == .failure(.dotSegment))
    #expect(RequestPath.parse("/api/0/%2e%2e/x/") == .failure(.dotSegment))
    #expect(RequestPath.parse("/api/0/a%00b/") == .failure(.nul))
    #expect(RequestPath.parse("/api/0/a%2Fb/") == .failure(.encodedSlash))
    #expect(RequestPath.parse("/api/0/a%zz/") == .failure(.badEscape))
    #expect(RequestPath.parse("/api/0/a%2") == .failure(.badEscape))
    #expect(RequestPath.parse("/api/0/x%20y/") == .success(RequestPath(segments: ["api", "0", "x y"], trailingSlash: true)))
    // A "/" followed by a combining mark is one Character, but still a separator: split on
    // bytes (found by the server_requests fuzz target; before, "../\u{301}" was one segment).
    #expect(RequestPath.parse("/api/0/../\u{301}") == .failure(.dotSegment))
    #expect(RequestPath.parse("/a/\u{301}b/") == .success(RequestPath(segments: ["a", "\u{301}b"], trailingSlash: true)))
    #expect(QueryParameters("a=1&\u{301}b=2&c\u{301}=3")["a"] == "1")
    #expect(QueryParameters("a=1&\u{301}b=2&c\u{301}=3")["\u{301}b"] == "2")
  }

  @Test func uploadGrantsAreBoundToProjectAndTime() {
    let grants = UploadGrant(lifetime: 60)
    let now = Date()
    let grant = grants.issue(projectScope: "web", now: now)
    #expect(grants.verify(header: "Bearer \(grant)", projectScope: "web", now: now))
    #expect(!grants.verify(header: "Bearer \(grant)", projectScope: "ios", now: now))
    #expect(!grants.verify(header: "Bearer \(grant)", projectScope: "web", now: now.addingTimeInterval(61)))
    #expect(!grants.verify(header: "Bearer \(grant)x", projectScope: "web", now: now))
    #expect(!UploadGrant().verify(header: "Bearer \(grant)", projectScope: "web", now: now))
    #expect(ObjectstoreScope.value(forProject: "my.app") == "x-" + "my.app".utf8.map { String(format: "%02x", $0) }.joined())
    #expect(ObjectstoreScope.value(forProject: "web-app") == "web-app")
  }

  static func manifest(_ images: String, extra: String = "") -> [UInt8] {
    Array(#"{"app_id":"app","images":{\#(images)}\#(extra)}"#.utf8)
  }

  static let hash = String(repeating: "0f", count: 32)

  @Test func manifestsPassSidecarKeysAndVCS() throws {
    let body = Self.manifest(
      #""b.png":{"content_hash":"\#(Self.hash)","width":2,"height":3,"display_name":"B","tags":["x"]},"a/c.png":{"content_hash":"\#(Self.hash)","width":1,"height":1}"#,
      extra: #","head_sha":"\#(String(repeating: "a", count: 40))","pr_number":7,"diff_threshold":0.02,"head_ref":"main""#)
    let manifest = try SnapshotManifest.parse(body)
    #expect(manifest.images.map(\.name) == ["a/c.png", "b.png"])
    #expect(manifest.images[1].sidecar.keys.sorted() == ["display_name", "tags"])
    #expect(manifest.vcs.prNumber == 7 && manifest.vcs.headRef == "main" && manifest.diffThreshold == 0.02)
  }

  @Test func badManifestsNameTheImage() {
    func detail(_ body: [UInt8]) -> String? {
      do {
        _ = try SnapshotManifest.parse(body, maxImages: 3)
        return nil
      } catch {
        return error.detail
      }
    }
    let ok = #"{"content_hash":"\#(Self.hash)","width":1,"height":1}"#
    #expect(detail(Array("{\"app_id\": ".utf8))?.hasPrefix("Malformed JSON body") == true)
    #expect(detail(Self.manifest(#""../up.png":\#(ok)"#)) == #"Image ../up.png: the name contains ".."."#)
    #expect(detail(Self.manifest(#""/abs.png":\#(ok)"#)) == "Image /abs.png: the name is an absolute path.")
    #expect(detail(Self.manifest(#""a\u0007.png":\#(ok)"#))?.contains("control character") == true)
    #expect(detail(Self.manifest(#""a.jpg":\#(ok)"#))?.contains("PNG screenshots only") == true)
    #expect(detail(Self.manifest(#""a.png":{"content_hash":"xyz"}"#))?.contains("content_hash") == true)
    #expect(
      detail(Self.manifest(#""big.png":{"content_hash":"\#(Self.hash)","width":8000,"height":5001}"#))
        == "Image big.png: 8000×5001 pixels exceeds the limit of 40000000 pixels.")
    #expect(
      detail(Self.manifest(#""a.png":\#(ok),"b.png":\#(ok),"c.png":\#(ok),"d.png":\#(ok)"#))
        == "Too many images: 4; the limit is 3 per upload.")
  }
}
