import DiffCore
import Foundation
import JSONCore
import PNGCodec
import SnapshotModel
import SWHArchive
import SWHModel
import SWHWeb
import SnapshotStore
import TerminalCanvas
import Testing
import TextEscaping

@testable import SnaprevCLI

/// The one intended output change of the vocabulary step: every scalar of `TerminalUnsafe`
/// goes through every writer that can reach a terminal or a JSON/YAML output, and none
/// comes out raw. (Layout newlines of pretty JSON and YAML are the writers' own and allowed;
/// a raw U+000A from the input would show up as a line the value did not have, which the
/// round-trip checks catch.)
@Suite struct EscapingConformanceTests {
  static let unsafe = TerminalUnsafe.scalars

  /// Untrusted text around one unsafe scalar.
  static func hostile(_ scalar: Unicode.Scalar) -> String { "name-" + String(scalar) + "-end.png" }

  static func hasRaw(_ text: String, allowingLayoutNewlines: Bool = false) -> Bool {
    text.unicodeScalars.contains { TerminalUnsafe.contains($0) && !(allowingLayoutNewlines && $0 == "\n") }
  }

  static func label(_ scalar: Unicode.Scalar) -> Comment { "U+\(String(scalar.value, radix: 16, uppercase: true))" }

  @Test func canvasPutShowsEveryScalarEscaped() {
    for scalar in Self.unsafe {
      var canvas = Canvas(width: 60, height: 1)
      canvas.put(Self.hostile(scalar), x: 0, y: 0)
      #expect(!Self.hasRaw(canvas.cells.map(\.text).joined()), Self.label(scalar))
      #expect(!Self.hasRaw(SafeText.escaped(Self.hostile(scalar))), Self.label(scalar))
    }
  }

  @Test func diffJSONReportEscapesEveryScalarAndKeepsTheName() throws {
    for scalar in Self.unsafe {
      let side = DiffReport.Side(path: Self.hostile(scalar), width: 1, height: 1)
      let report = DiffReport(
        base: side, head: side, canvasWidth: 1, canvasHeight: 1, canvasPixels: 1, mismatchedPixels: 0, ratio: 0,
        changed: false, diffThreshold: 0, threshold: 0.1, includeAA: false, identicalBytes: true,
        output: Self.hostile(scalar), mask: nil)
      let json = report.json()
      #expect(!Self.hasRaw(json, allowingLayoutNewlines: true), Self.label(scalar))
      #expect(try JSONCore.JSONParser.parse(Array(json.utf8))["base"]?["path"] == .string(Self.hostile(scalar)))
      #expect(!Self.hasRaw(report.text, allowingLayoutNewlines: true), Self.label(scalar))
    }
  }

  @Test func storeJSONStylesEscapeEveryScalar() throws {
    for scalar in Self.unsafe {
      let value: JSONCore.JSONValue = .object([Self.hostile(scalar): .array([.string(Self.hostile(scalar))])])
      for style in [JSONCore.JSONWriter.Style.storePretty, .storeInline] {
        let text = JSONCore.JSONWriter.string(value, style: style)
        #expect(!Self.hasRaw(text, allowingLayoutNewlines: true), Self.label(scalar))
        #expect(try JSONCore.JSONParser.parse(Array(text.utf8)) == value)
      }
    }
  }

  /// Upload names may hold the unsafe scalars that are not category Cc (bidi and zero-width
  /// controls, LS, PS, U+FEFF): `ImageNames` only refuses control characters. They are
  /// stored as given and escaped on the way out: `show`, `list --json`, and the CLI's tables.
  @Test func storedNamesComeOutEscapedFromShowAndList() throws {
    let storable = Self.unsafe.filter { $0.properties.generalCategory != .control }
    #expect(storable.count == 18)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-escaping-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let upload = directory.appendingPathComponent("upload")
    try FileManager.default.createDirectory(at: upload, withIntermediateDirectories: true)
    let png = try PNGCodec.encode(RGBAImage(width: 2, height: 2, pixels: [UInt8](repeating: 200, count: 16)))
    for scalar in storable {
      guard case .success = ImageNames.validate(Self.hostile(scalar)) else {
        Issue.record("\(Self.label(scalar)) refused as a name")
        continue
      }
      try Data(png).write(to: upload.appendingPathComponent(Self.hostile(scalar)))
    }
    let store = SnapshotStore(root: directory.appendingPathComponent("store").path)
    let result = try store.upload(UploadRequest(directory: upload.path, appId: "app\u{202E}id"))
    let show = JSONCore.JSONWriter.string(try store.snapshotDetails(of: result.artifactId), style: .storePretty)
    #expect(!Self.hasRaw(show, allowingLayoutNewlines: true))
    for scalar in storable {
      #expect(show.contains(JSONCore.JSONWriter.string(.string(Self.hostile(scalar)), style: .storeInline)), Self.label(scalar))
    }
    let list = JSONCore.JSONWriter.string(.array(try store.summaries().map(ListCommand.json)), style: .storePretty)
    #expect(!Self.hasRaw(list, allowingLayoutNewlines: true))
    #expect(list.contains(#""app\u202eid""#))
    let uploaded = JSONCore.JSONWriter.string(result.json, style: .storePretty)
    #expect(!Self.hasRaw(uploaded, allowingLayoutNewlines: true))
  }

  @Test func storeErrorMessagesEscapeEveryScalar() {
    for scalar in Self.unsafe {
      let text = Self.hostile(scalar)
      let errors: [StoreError] = [
        .noStore(path: text), .corruptFile(path: text, reason: text),
        .unsupportedVersion(path: text, found: text, supported: 1), .unknownArtifact(id: text),
        .unknownImage(key: text), .invalidKey(text), .invalidUpload(path: text, reason: text),
        .tooManyImages(directory: text, count: 2, limit: 1), .io(path: text, operation: text, reason: text),
        .approvalNeedsForce(id: text, state: text), .notApproved(id: text),
        .unknownImageName(artifact: text, name: text),
      ]
      for error in errors { #expect(!Self.hasRaw(error.description), Self.label(scalar)) }
      let parse = Result { try JSONCore.JSONParser.parse(Array("{\"\(text)\": 1, \"\(text)\": 2}".utf8)) }
      if case .failure(let error) = parse { #expect(!Self.hasRaw("\(error)"), Self.label(scalar)) }
    }
  }

  /// The archive's `branches` output, JSON (DRF layout) and YAML (PyYAML layout).
  @Test func archiveJSONAndYAMLEscapeEveryScalar() throws {
    var builder = SnapshotBuilder()
    for scalar in Self.unsafe {
      builder.add(Branch(name: Array(Self.hostile(scalar).utf8), target: .alias(Array(Self.hostile(scalar).utf8))))
    }
    let list = try builder.build()
    let request = try SnapshotAPI.validate(id: list.id.hex, branchesFrom: nil, count: "1000", targetTypes: nil).get()
    let body = SnapshotAPI.respond(to: request, from: list).body
    let json = String(decoding: JSONWriter.bytes(body, style: .compactDRF), as: UTF8.self)
    #expect(!Self.hasRaw(json))
    #expect(try JSONParser.parse(Array(json.utf8), options: .documentOrder) == body)
    let yaml = String(decoding: YAMLWriter.document(body), as: UTF8.self)
    let rawInYAML = yaml.unicodeScalars.filter { TerminalUnsafe.contains($0) && $0 != "\n" }.map(Self.label)
    #expect(rawInYAML.isEmpty, "raw in YAML: \(rawInYAML)")
    // Every name appears double-quoted with the scalar as a YAML escape; but a line feed
    // makes PyYAML (and so swh-web) pick single quotes, where it is a line break of the
    // layout, not a raw control: kept byte-identical, and allowed by `rawInYAML` above.
    for scalar in Self.unsafe where scalar != "\n" {
      #expect(!yaml.contains("name-" + String(scalar)), Self.label(scalar))
    }
  }

  @Test func archiveErrorMessagesEscapeEveryScalar() {
    for scalar in Self.unsafe {
      let name = Array(Self.hostile(scalar).utf8)
      #expect(!Self.hasRaw(SafeText.escaped(bytes: name)), Self.label(scalar))
      #expect(!Self.hasRaw(APIPageError.branch(name, "is odd").description), Self.label(scalar))
    }
  }
}
