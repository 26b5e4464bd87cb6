import Foundation
import ProcessSpawn
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Input folders for the store's end-to-end tests.
enum StoreCLI {
  /// Writes `images` (name → grey level, optional mark) into a fresh folder.
  static func folder(_ root: String, _ name: String, _ images: [String: (UInt8, Int?)]) throws -> String {
    let path = root + "/" + name
    for (file, (color, mark)) in images {
      let url = URL(fileURLWithPath: path + "/" + file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(PNGFixtures.png(gray: color, mark: mark)).write(to: url)
    }
    return path
  }

  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  static func createStore(_ root: String, _ store: String) throws {
    let seed = try StoreCLI.folder(root, "seed", ["seed.png": (99, nil)])
    let seeded = try SnaprevBinary.run(["upload", seed, "--store", store])
    try #require(seeded.status == 0, "\(seeded.stderrText)")
  }

  /// Holds the store's lock, starts an upload, waits until it is blocked on the lock (its
  /// scan is done), runs `swap`, releases the lock, and waits (at most 20 s) for the upload.
  static func uploadWhileLocked(_ directory: String, store: String, swap: () throws -> Void) throws -> Spawn.Finished {
    let lock = open(store + "/lock", O_RDWR | O_CLOEXEC)
    try #require(lock >= 0)
    defer { close(lock) }
    try #require(flock(lock, LOCK_EX) == 0)
    let child = try SnaprevBinary.start(["upload", directory, "--store", store])
    var blocked = false
    for _ in 0..<400 where !blocked {
      blocked = ((try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? "")
        .split(separator: "\n").contains { $0.contains("->") && $0.split(separator: " ").contains("\(child.pid)") }
      if !blocked { usleep(25_000) }
    }
    try #require(blocked, "the upload never waited for the lock")
    try swap()
    flock(lock, LOCK_UN)
    if let finished = try child.wait(timeout: 20) { return finished }
    child.send(SIGKILL)
    return try child.wait()
  }

  /// Every writer's temporary file (`.NAME.tmp-PID-RANDOM`) anywhere in the store.
  static func temporaryFiles(_ store: String) -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: store)) ?? []).filter {
      ($0 as NSString).lastPathComponent.hasPrefix(".") && $0.contains(".tmp-")
    }
  }

  /// Blob files under `images/`.
  static func blobs(_ store: String) -> Set<String> {
    Set(((try? FileManager.default.subpathsOfDirectory(atPath: store + "/images")) ?? []).filter {
      $0.hasSuffix(".png") && !($0 as NSString).lastPathComponent.hasPrefix(".")
    })
  }
}
