import Foundation
import ProcessSpawn

#if canImport(Glibc)
  import Glibc
#endif

/// `replay_server.py` (beside this file) serving recorded swh-web snapshot pages on
/// 127.0.0.1, a free port, for one test. It stops when its standard input closes (our
/// end goes when this object does), after `--lifetime` seconds at the latest, or on SIGKILL.
public final class ReplayServer {
  public let port: Int
  /// The request targets the server saw, one a line.
  let log: String
  /// Its standard output: the port, then nothing.
  private let output: String
  private let child: Spawn.Child
  private let input: Int32

  /// The script, found from this source file so tests run from any working directory.
  public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("replay_server.py")

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  /// Serves `pages` (a JSON file like `swh/cabcc7d7-pages.json`) in one of the script's
  /// modes ("normal", or a failure it replays).
  public init(pages: URL = Fixtures.url("swh/cabcc7d7-pages.json"), mode: String = "normal") throws {
    let name = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)").path
    log = name + ".log"
    output = name + ".out"
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw Failure(description: "pipe failed: \(String(cString: strerror(errno)))") }
    // Our end must not leak into the child, or the server would never see end-of-input.
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    let started: Spawn.Child
    do {
      started = try Spawn.start(
        try Installed.path("python3"),
        [
          Self.script.path, "--pages", pages.path, "--mode", mode, "--log", log, "--lifetime", "60",
          "--exit-on-stdin-eof",
        ], stdin: .descriptor(ends[0]), stdout: .file(output))
    } catch {
      close(ends[0])
      close(ends[1])
      throw error
    }
    close(ends[0])
    child = started
    input = ends[1]
    // The first line it prints is the port; 10 s covers a cold python3 on a busy machine.
    let deadline = Date().addingTimeInterval(10)
    var found: Int?
    while found == nil, Date() < deadline, !started.hasExited {
      let text = FileManager.default.contents(atPath: output).map { String(decoding: $0, as: UTF8.self) }
      if let text, let newline = text.firstIndex(of: "\n") { found = Int(text[..<newline]) } else { usleep(10_000) }
    }
    guard let found else {
      close(input)
      started.send(SIGKILL)
      let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
      let result = (try? started.wait()).map(\.stderrText) ?? ""
      unlink(output)
      unlink(log)
      throw Failure(description: "the replay server did not start: \(printed)\(result)")
    }
    port = found
  }

  public var base: String { "http://127.0.0.1:\(port)" }

  /// The request targets the server saw, in order.
  public var requests: [String] {
    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  deinit {
    // Closing its standard input stops the server; SIGTERM is the fallback.
    close(input)
    child.send(SIGTERM)
    _ = try? child.wait()
    unlink(log)
    unlink(output)
  }
}
