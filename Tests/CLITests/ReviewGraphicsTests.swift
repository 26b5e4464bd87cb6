import Foundation
import PNGCodec
import ProcessSpawn
import Synchronization
import Testing
import TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The reviewer on a pseudo-terminal that answers like kitty: it is detected, its images are
/// sent after the text, and every image it sent is deleted by the time it quits.
@Suite(.serialized, .tags(.endToEnd), .timeLimit(.minutes(2)))
struct ReviewGraphicsTests {
  /// Everything the reviewer wrote, and whether the fake terminal has answered the query.
  final class Screen: Sendable {
    let output = Mutex<[UInt8]>([])

    var bytes: [UInt8] { output.withLock { $0 } }

    func waitFor(_ predicate: ([UInt8]) -> Bool, timeout: Double = 10) -> Bool {
      let deadline = Date().addingTimeInterval(timeout)
      while Date() < deadline {
        if predicate(bytes) { return true }
        Thread.sleep(forTimeInterval: 0.05)
      }
      return false
    }
  }

  static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
    let needle = Array(text.utf8)
    guard needle.count <= bytes.count else { return false }
    return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
  }

  /// Every kitty graphics command in `bytes`: its keys and payload.
  static func kittyCommands(_ bytes: [UInt8]) -> [(keys: [String: String], payload: String)] {
    var commands: [(keys: [String: String], payload: String)] = []
    var i = 0
    while i + 2 < bytes.count {
      guard bytes[i] == 0x1B, bytes[i + 1] == UInt8(ascii: "_"), bytes[i + 2] == UInt8(ascii: "G") else {
        i += 1
        continue
      }
      var end = i + 3
      while end + 1 < bytes.count, !(bytes[end] == 0x1B && bytes[end + 1] == UInt8(ascii: "\\")) { end += 1 }
      let body = String(decoding: bytes[(i + 3)..<min(end, bytes.count)], as: UTF8.self)
      let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
      var keys: [String: String] = [:]
      for pair in parts[0].split(separator: ",") {
        let kv = pair.split(separator: "=", maxSplits: 1)
        if kv.count == 2 { keys[String(kv[0])] = String(kv[1]) }
      }
      commands.append((keys, parts.count > 1 ? String(parts[1]) : ""))
      i = end + 2
    }
    return commands
  }

  /// How often `text` occurs in `bytes`.
  static func occurrences(of text: String, in bytes: [UInt8]) -> Int {
    let needle = Array(text.utf8)
    guard needle.count <= bytes.count else { return 0 }
    return (0...(bytes.count - needle.count)).count { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
  }

  /// Runs `review 2` with `arguments` on a pty whose fake terminal answers `replies` to the
  /// capability query, types `keys` once the first frame is up, waits until the output
  /// satisfies `settled` (previews load in the background: on a loaded machine a fixed pause
  /// was not enough), quits, and returns all output.
  static func session(
    _ arguments: [String], replies: String, keys: [String], settled: ([UInt8]) -> Bool = { _ in true }
  ) throws -> [UInt8] {
    let store = try ReviewE2E.demoStore()
    let pty = try Spawn.openPseudoTerminal(for: "snaprev")
    let slave = open(pty.slave, O_RDWR | O_NOCTTY)
    try #require(slave >= 0)
    let screen = Screen()
    let master = pty.master
    let answer = Array(replies.utf8)
    let reader = Thread {
      var buffer = [UInt8](repeating: 0, count: 65536)
      var answered = false
      while true {
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { break }
        let all = screen.output.withLock { output in
          output += buffer[0..<count]
          return output
        }
        // DA1 (`CSI c`) ends the query: answer it once, as a terminal would.
        if !answered, contains(all, "\u{1B}[c") {
          answered = true
          _ = answer.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
        }
      }
    }
    reader.start()
    let child = try SnaprevBinary.start(
      ["review", "2", "--reviewer", "bob", "--store", store] + arguments,
      environment: [
        "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40", "TMUX": "", "TERM_PROGRAM": "", "LC_TERMINAL": "",
      ],
      stdin: .descriptor(slave), stdout: .descriptor(slave))
    close(slave)
    #expect(screen.waitFor { contains($0, "NEEDS APPROVAL") }, "the reviewer never drew")
    for key in keys {
      Thread.sleep(forTimeInterval: 0.3)
      _ = Array(key.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }
    let arrived = screen.waitFor(settled, timeout: 20)
    #expect(arrived, "the expected frames never arrived")
    Thread.sleep(forTimeInterval: 0.5)
    _ = Array("q".utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    let result = try child.wait(timeout: 10)
    #expect(result?.status == 0, "\(result?.stderrText ?? "still running")")
    if result == nil { child.send(SIGKILL) }
    close(master)
    return screen.bytes
  }

  @Test func kittyImagesAreSentAfterTheTextAndAllDeletedOnQuit() throws {
    let output = try Self.session(
      [], replies: "\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;16;8t\u{1B}[?62;c", keys: ["h", "\r", "s", "j"],
      settled: { Self.occurrences(of: "a=T", in: $0) >= 5 })
    let commands = Self.kittyCommands(output)
    // The first command is our query; then transmissions and deletions.
    #expect(commands.first?.keys["a"] == "q")
    var transmitted: [String] = []
    var deleted: [String] = []
    var pending: (keys: [String: String], payload: String)?
    for command in commands.dropFirst() {
      if command.keys["a"] == "d" {
        #expect(command.keys["d"] == "I")
        deleted.append(command.keys["i"] ?? "?")
        continue
      }
      if command.keys["a"] == "T" {
        pending = command
      } else if var current = pending {
        current.payload += command.payload
        pending = current
      }
      if command.keys["m"] == "0", let image = pending {
        // Every image decodes to its declared size: width x height x 3 (RGB) or 4 (RGBA).
        let data = try #require(Data(base64Encoded: image.payload))
        let width = Int(image.keys["s"] ?? "") ?? 0
        let height = Int(image.keys["v"] ?? "") ?? 0
        let channels = image.keys["f"] == "24" ? 3 : 4
        #expect(width > 0 && height > 0)
        #expect(data.count == width * height * channels)
        transmitted.append(image.keys["i"] ?? "?")
        pending = nil
      }
    }
    // Diff, head, head at 1:1, side by side (two), the next image's side by side (two).
    #expect(transmitted.count >= 5)
    #expect(Set(transmitted).count == transmitted.count)
    #expect(Set(deleted) == Set(transmitted), "images left in the terminal: \(Set(transmitted).subtracting(deleted))")
    // After the last deletion nothing more is sent.
    let lastDelete = try #require(Self.lastRange(of: "a=d,d=I,i=\(transmitted.last ?? "")", in: output))
    #expect(!Self.contains(Array(output[lastDelete...]), "a=T"))
  }

  @Test func sixelFramesDecodeToTheirDeclaredSize() throws {
    // foot's answers: no kitty reply, the cell size, DA1 with sixel (4).
    let output = try Self.session(
      [], replies: "\u{1B}[6;16;8t\u{1B}[?62;4;22c", keys: ["h"],
      settled: { Self.occurrences(of: "\u{1B}P0;1;0q\"1;1;", in: $0) >= 2 })
    #expect(Self.kittyCommands(output).count == 1)  // only the query
    let start = Array("\u{1B}P0;1;0q\"1;1;".utf8)
    var sixels: [[UInt8]] = []
    var i = 0
    while i + start.count < output.count {
      if output[i..<(i + start.count)].elementsEqual(start) {
        var end = i + start.count
        while end + 1 < output.count, !(output[end] == 0x1B && output[end + 1] == UInt8(ascii: "\\")) { end += 1 }
        sixels.append(Array(output[i..<min(output.count, end + 2)]))
        i = end
      }
      i += 1
    }
    #expect(sixels.count >= 2)  // the diff view, then the head
    let directory = try TemporaryDirectory("sixel-e2e")
    for (index, sixel) in sixels.enumerated() {
      let size = String(decoding: sixel[start.count...].prefix { $0 != UInt8(ascii: "#") }, as: UTF8.self)
        .split(separator: ";").compactMap { Int($0) }
      let path = directory.sub("\(index).six")
      try Data(sixel).write(to: URL(fileURLWithPath: path))
      let tool = try #require(Spawn.locate("sixel2png", environment: ProcessInfo.processInfo.environment))
      let decoded = try Spawn.run(tool, ["-i", path, "-o", path + ".png"])
      #expect(decoded.status == 0)
      let header = try PNGCodec.header(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".png"))), source: path)
      #expect([header.width, header.height] == size)
    }
  }

  @Test func blocksSendNoImagesAndAskNothing() throws {
    let output = try Self.session(["--graphics", "blocks"], replies: "", keys: ["h"])
    #expect(Self.kittyCommands(output).isEmpty)
    #expect(!Self.contains(output, "\u{1B}[16t"))
  }

  static func lastRange(of text: String, in bytes: [UInt8]) -> Int? {
    let needle = Array(text.utf8)
    guard needle.count <= bytes.count else { return nil }
    return (0...(bytes.count - needle.count)).last { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
  }
}
