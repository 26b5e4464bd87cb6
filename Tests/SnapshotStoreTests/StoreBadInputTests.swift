import Foundation
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

#if canImport(Glibc)
  import Glibc
#endif

/// Every bad input from the issue: the upload fails with an error naming the file and the
/// problem, and nothing is written.
@Suite struct StoreBadInputTests {
  /// A store holding one artifact, and a fresh upload directory with one good image.
  struct Fixture {
    let directory: TemporaryDirectory
    let store: SnapshotStore
    let upload: String

    init() throws {
      directory = try TemporaryDirectory()
      store = SnapshotStore.testStore(directory.sub("store"))
      let first = directory.sub("first")
      try TestImages.write(try PNGFixtures.png(gray: 200), to: first + "/ok.png")
      _ = try store.upload(UploadRequest(directory: first))
      upload = directory.sub("upload")
      try TestImages.write(try PNGFixtures.png(gray: 1), to: upload + "/good.png")
    }

    /// Everything under the store, to check that a failed upload changed nothing.
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      let root = URL(fileURLWithPath: directory.sub("store"))
      let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
      while let url = enumerator?.nextObject() as? URL {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        files[url.path] = isDirectory.boolValue ? Data() : try Data(contentsOf: url)
      }
      files.removeValue(forKey: root.path + "/lock")
      return files
    }

    /// Uploads, expects an error whose text contains every fragment, and an untouched store.
    func expectRejected(
      _ request: UploadRequest? = nil, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
      let before = try snapshot()
      do {
        _ = try store.upload(request ?? UploadRequest(directory: upload))
        Issue.record("the upload must fail", sourceLocation: sourceLocation)
      } catch {
        for fragment in fragments {
          #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
        }
      }
      #expect(try snapshot() == before, "nothing may be written", sourceLocation: sourceLocation)
      #expect(try store.summaries().map(\.id) == ["1"], sourceLocation: sourceLocation)
    }
  }

  @Test func moreImagesThanTheLimit() throws {
    let fixture = try Fixture()
    for index in 0..<3 { try TestImages.write(try PNGFixtures.png(gray: UInt8(index + 10)), to: fixture.upload + "/\(index).png") }
    try fixture.expectRejected(
      UploadRequest(directory: fixture.upload, maxImages: 3), mentions: ["upload", "more than the limit of 3"])
  }

  @Test func aFileThatIsNotAPNG() throws {
    let fixture = try Fixture()
    try TestImages.write("not a png at all", to: fixture.upload + "/sub/bad.png")
    try fixture.expectRejected(mentions: ["sub/bad.png", "not a valid PNG"])
  }

  @Test(arguments: [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    (#"{"display_name": 5}"#, "\"display_name\" must be a string or null"),
    (#"{"diff_threshold": 1.5}"#, "\"diff_threshold\" must be at least 0 and below 1"),
    (#"{"diff_threshold": "0.1"}"#, "\"diff_threshold\" must be a number"),
    (#"{"canvas_theme": "blue"}"#, "\"canvas_theme\" must be \"light\", \"dark\" or null"),
    (#"{"tags": 3}"#, "\"tags\" must be a list of strings or an object"),
    (#"{"tags": ["a", 1]}"#, "\"tags\" entries must be strings"),
    (#"{"key": "abc"}"#, "\"key\" is computed from the PNG"),
    (#"{"group": "a", "group": "b"}"#, "duplicate key"),
    ("", "empty file"),
  ])
  func anInvalidSidecar(text: String, problem: String) throws {
    let fixture = try Fixture()
    try TestImages.write(text, to: fixture.upload + "/good.json")
    try fixture.expectRejected(mentions: ["good.json", "invalid sidecar", problem])
  }

  @Test func aNameContainingDotDot() throws {
    let fixture = try Fixture()
    try TestImages.write(try PNGFixtures.png(gray: 200), to: fixture.upload + "/v1..2.png")
    try fixture.expectRejected(mentions: ["v1..2.png", "contains \"..\""])
  }

  @Test func aNameWithAControlCharacterIsRefusedAndShownEscaped() throws {
    let fixture = try Fixture()
    try TestImages.write(try PNGFixtures.png(gray: 200), to: fixture.upload + "/bell\u{07}\u{1B}[2J.png")
    try fixture.expectRejected(mentions: ["bell\\x07\\e[2J.png", "control character"])
    do {
      _ = try fixture.store.upload(UploadRequest(directory: fixture.upload))
    } catch {
      #expect(!error.description.contains("\u{1B}"), "no raw escape character in the message")
    }
  }

  @Test func aNameWithABackslash() throws {
    let fixture = try Fixture()
    try TestImages.write(try PNGFixtures.png(gray: 200), to: fixture.upload + "/win\\style.png")
    try fixture.expectRejected(mentions: ["win\\style.png", "backslash"])
  }

  @Test func absoluteAndDotDotNamesInTheFullNameList() throws {
    let fixture = try Fixture()
    func request(_ names: [String]) -> UploadRequest {
      UploadRequest(directory: fixture.upload, vcs: VCSInfo(baseSha: "x"), selective: true, allImageFileNames: names)
    }
    #expect(throws: StoreError.self) {
      _ = try UploadRequest.readAllImageFileNames(Array("good.png\n/etc/passwd.png\n".utf8), path: "names.txt")
    }
    do {
      _ = try UploadRequest.readAllImageFileNames(Array(#"["good.png", "../up.png"]"#.utf8), path: "names.json")
      Issue.record("a \"..\" entry must be refused")
    } catch {
      #expect(error.description.contains("names.json") && error.description.contains("\"..\""))
    }
    #expect(try UploadRequest.readAllImageFileNames(Array("good.png\r\n\nb/c.png\n".utf8), path: "n") == ["good.png", "b/c.png"])
    // A list that leaves out an uploaded name is inconsistent.
    try fixture.expectRejected(request(["other.png"]), mentions: ["--all-image-file-names", "good.png"])
  }

  @Test func aSymlinkThatLeavesTheDirectory() throws {
    let fixture = try Fixture()
    let outside = fixture.directory.sub("outside.png")
    try TestImages.write(try PNGFixtures.png(gray: 200), to: outside)
    try FileManager.default.createSymbolicLink(atPath: fixture.upload + "/escape.png", withDestinationPath: outside)
    try fixture.expectRejected(mentions: ["escape.png", "symbolic link leaves the upload directory"])
  }

  @Test func aDirectorySymlinkThatLeavesTheDirectory() throws {
    let fixture = try Fixture()
    let outside = fixture.directory.sub("elsewhere")
    try TestImages.write(try PNGFixtures.png(gray: 200), to: outside + "/x.png")
    try FileManager.default.createSymbolicLink(atPath: fixture.upload + "/linked", withDestinationPath: outside)
    try fixture.expectRejected(mentions: ["linked", "symbolic link leaves the upload directory"])
  }

  @Test func symlinksInsideTheDirectoryAreFollowedOnce() throws {
    let fixture = try Fixture()
    try TestImages.write(try PNGFixtures.png(gray: 77), to: fixture.upload + "/real/a.png")
    try FileManager.default.createSymbolicLink(atPath: fixture.upload + "/alias.png", withDestinationPath: "real/a.png")
    try FileManager.default.createSymbolicLink(atPath: fixture.upload + "/real/loop", withDestinationPath: "..")
    let result = try fixture.store.upload(UploadRequest(directory: fixture.upload))
    let names = try fixture.store.details(of: result.artifactId).items.map(\.imageFileName)
    #expect(names == ["alias.png", "good.png", "real/a.png"])
  }

  @Test func aFileNameThatIsNotUTF8() throws {
    let fixture = try Fixture()
    let png = try PNGFixtures.png(gray: 200)
    let name: [UInt8] = Array((fixture.upload + "/caf").utf8) + [0xE9] + Array(".png".utf8) + [0]
    let fd = name.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    }
    #expect(fd >= 0)
    _ = png.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    try fixture.expectRejected(mentions: ["caf\\xe9.png", "not valid UTF-8"])
  }

  @Test func optionsThatContradictEachOther() throws {
    let fixture = try Fixture()
    try fixture.expectRejected(
      UploadRequest(directory: fixture.upload, selective: true), mentions: ["--selective", "--base-sha"])
    try fixture.expectRejected(
      UploadRequest(directory: fixture.upload, diffThreshold: 1), mentions: ["--diff-threshold"])
    try fixture.expectRejected(
      UploadRequest(directory: fixture.upload, allImageFileNames: ["good.png"]),
      mentions: ["--all-image-file-names", "--selective"])
    try fixture.expectRejected(UploadRequest(directory: fixture.directory.sub("nope")), mentions: ["nope"])
  }

  @Test func aFailedFirstUploadCreatesNoStore() throws {
    let directory = try TemporaryDirectory()
    try TestImages.write("junk", to: directory.sub("in/x.png"))
    let store = SnapshotStore.testStore(directory.sub("store"))
    #expect(throws: StoreError.self) { _ = try store.upload(UploadRequest(directory: directory.sub("in"))) }
    #expect(!FileManager.default.fileExists(atPath: directory.sub("store")))
    #expect(throws: StoreError.noStore(path: directory.sub("store"))) { _ = try store.summaries() }
  }
}
