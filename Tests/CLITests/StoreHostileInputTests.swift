import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile uploads end to end (issue 10): escapes in sidecars, files swapped while the
/// upload waits for the store lock, corrupt PNGs, non-UTF-8 paths.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct StoreHostileInputTests {
  /// What a hostile sidecar tries: retitle the terminal, then clear the screen.
  static let attack = "\\u001b]2;owned\\u0007\\u001b[2J"
  static let attackShown = "\\e]2;owned\\x07\\e[2J"

  /// Defect 2: every upload error that quotes a sidecar key or value escapes it.
  @Test func sidecarKeysAndValuesAreEscapedInEveryUploadError() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let sidecars = [
      "tags-object": "{\"tags\": {\"\(Self.attack)\": 5}}",
      "duplicate": "{\"\(Self.attack)\": 1, \"\(Self.attack)\": 2}",
      "theme": "{\"canvas_theme\": \"\(Self.attack)\"}",
      "tags-list": "{\"tags\": [\"ok\", {\"\(Self.attack)\": 1}]}",
    ]
    for (label, sidecar) in sidecars.sorted(by: { $0.key < $1.key }) {
      let directory = try StoreCLI.folder(root, label, ["a.png": (10, nil)])
      try Data(sidecar.utf8).write(to: URL(fileURLWithPath: directory + "/a.json"))
      let run = try SnaprevBinary.run(["upload", directory, "--store", root + "/store"])
      #expect(run.status == 1, "\(label): \(run.stderrText)")
      #expect(run.stderrText.contains("a.json"), "\(label): names the sidecar: \(run.stderrText)")
      #expect(!hasRawControl(run.stderrText), "\(label): raw control in \(run.stderrText.debugDescription)")
      #expect(!run.stderrText.contains("\u{1B}") && !run.stderrText.contains("\u{07}"), "\(label)")
      if label != "tags-list" {
        #expect(run.stderrText.contains(Self.attackShown), "\(label): \(run.stderrText.debugDescription)")
      }
    }
    #expect(!FileManager.default.fileExists(atPath: root + "/store"))
  }

  /// Defect 4: a PNG swapped for a symlink (to identical bytes outside DIR) after the walk
  /// is refused, not followed.
  @Test func pngSwappedForASymlinkWhileWaitingForTheLockIsRefused() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    let directory = try StoreCLI.folder(root, "shots", ["a.png": (10, nil), "b.png": (20, nil)])
    let outside = root + "/outside.png"
    try FileManager.default.copyItem(atPath: directory + "/b.png", toPath: outside)
    try StoreCLI.createStore(root, store)

    let run = try StoreCLI.uploadWhileLocked(directory, store: store) {
      try FileManager.default.removeItem(atPath: directory + "/b.png")
      try FileManager.default.createSymbolicLink(atPath: directory + "/b.png", withDestinationPath: outside)
    }
    #expect(run.status == 1, "\(run.stderrText)")
    #expect(run.stderrText.contains("b.png"), "\(run.stderrText)")
    #expect(run.stderrText.contains("symbolic link"), "\(run.stderrText)")
    #expect(try SnaprevBinary.run(["show", "2", "--store", store]).status == 1, "no artifact 2")
  }

  /// Defect 4: a PNG swapped for a FIFO after the walk does not block the upload.
  @Test func pngSwappedForAFIFOFailsPromptlyNamingIt() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    let directory = try StoreCLI.folder(root, "shots", ["a.png": (10, nil), "b.png": (20, nil)])
    try StoreCLI.createStore(root, store)

    let started = Date()
    let run = try StoreCLI.uploadWhileLocked(directory, store: store) {
      try FileManager.default.removeItem(atPath: directory + "/b.png")
      #expect(mkfifo(directory + "/b.png", 0o644) == 0)
    }
    #expect(run.termination.signal == nil, "the upload blocked on the FIFO")
    #expect(run.status == 1, "\(run.stderrText)")
    #expect(run.stderrText.contains("b.png") && run.stderrText.contains("not a regular file"), "\(run.stderrText)")
    #expect(Date().timeIntervalSince(started) < 10)
  }

  /// Defect 5: a PNG with a bad IDAT CRC (PngSuite xcsn0g01) is refused at upload, all or nothing.
  @Test func corruptPNGIsRefusedAtUploadNamingTheFile() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let directory = try StoreCLI.folder(root, "shots", ["a.png": (10, nil)])
    try FileManager.default.copyItem(
      atPath: Fixtures.url("pngsuite/xcsn0g01.png").path, toPath: directory + "/xcsn0g01.png")
    let run = try SnaprevBinary.run(["upload", directory, "--store", root + "/store"])
    #expect(run.status == 1, "\(run.stderrText)")
    #expect(run.stderrText.contains("xcsn0g01.png") && run.stderrText.contains("CRC"), "\(run.stderrText)")
    #expect(run.stderrText.contains("nothing was uploaded"))
    #expect(!FileManager.default.fileExists(atPath: root + "/store/artifacts/1"))
    #expect(((try? FileManager.default.subpathsOfDirectory(atPath: root + "/store/images")) ?? []).allSatisfy {
      !$0.hasSuffix(".png")
    })
  }

  /// Defect 5: an image that cannot be decoded never lets a build pass without a human.
  @Test func erroredImageRequiresApproval() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = ["--store", root + "/store"]
    let base = try StoreCLI.folder(root, "base", ["a.png": (10, nil), "b.png": (20, nil)])
    let head = try StoreCLI.folder(root, "head", ["a.png": (10, nil)])
    try Data(try PNGFixtures.undecodable(gray: 20)).write(to: URL(fileURLWithPath: head + "/b.png"))
    #expect(try SnaprevBinary.run(["upload", base, "--head-sha", "s0"] + store).status == 0)
    #expect(try SnaprevBinary.run(["upload", head, "--head-sha", "s1", "--base-sha", "s0"] + store).status == 0)
    let status = try SnaprevBinary.run(["status", "2"] + store)
    #expect(status.stdoutText.contains("errored 1"), "\(status.stdoutText)")
    #expect(status.status == 2, "\(status.stdoutText)")
    #expect(status.stdoutText.contains("result: requires approval"))
    #expect(try SnaprevBinary.run(["approve", "2", "--reviewer", "alice"] + store).status == 0)
    #expect(try SnaprevBinary.run(["status", "2"] + store).status == 0)
  }

  /// Defect 11: a directory whose name holds byte 0xFF is refused with a message naming
  /// the argument (escaped), not reported missing.
  @Test func nonUTF8PathArgumentsAreRefusedClearly() throws {
    let root = try TemporaryDirectory.create("store-hostile")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let directory = Array((root + "/shots").utf8) + [0xFF]
    #expect(mkdirBytes(directory) == 0)
    let png = try PNGFixtures.png(gray: 10)
    let file = directory + Array("/a.png".utf8)
    #expect(writeBytes(png, to: file))
    // The shell passes the bytes through unchanged ($1 is the root, $2 the binary).
    let script = #"d="$1/shots$(printf '\377')"; "$2" upload "$d" --store "$1/store"; echo "upload=$?"; "#
      + #""$2" list --store "$d"; echo "list=$?""#
    let run = try Spawn.run("/bin/sh", ["-c", script, "sh", root, SnaprevBinary.path])
    #expect(run.stdoutText.contains("upload=1"), "\(run.outputText)")
    #expect(run.stdoutText.contains("list=1"), "\(run.outputText)")
    #expect(!run.stderrText.contains("No such file or directory"), "\(run.stderrText)")
    #expect(run.stderrText.contains("shots\\xff"), "\(run.stderrText)")
    #expect(run.stderrText.contains("not valid UTF-8"), "\(run.stderrText)")
    #expect(run.stderrText.contains("DIR") || run.stderrText.contains("<directory>"), "\(run.stderrText)")
    #expect(run.stderrText.contains("--store"), "\(run.stderrText)")
    #expect(!run.stderrText.unicodeScalars.contains("\u{FFFD}"), "no lossy decoding shown")
  }
}

private func mkdirBytes(_ path: [UInt8]) -> Int32 {
  (path + [0]).withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) }
  }
}

private func writeBytes(_ bytes: [UInt8], to path: [UInt8]) -> Bool {
  let fd = (path + [0]).withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
  }
  guard fd >= 0 else { return false }
  defer { close(fd) }
  return bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
}
