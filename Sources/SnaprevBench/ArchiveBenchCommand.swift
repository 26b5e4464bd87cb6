import ArgumentParser
import DiffCore
import DurableFiles
import FoundationEssentials
import JSONCore
import ProcessSpawn
import SWHArchive
import SWHModel
import SWHWeb
import TextFormat

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `snaprev bench-archive`: the issue's scale targets on a synthetic snapshot.
public struct ArchiveBenchCommand: ParsableCommand {
  public init() {}

  public static let configuration = CommandConfiguration(
    commandName: "bench-archive",
    abstract: "Benchmark archived branch lists on a synthetic snapshot (release builds only).",
    discussion: """
      Generates a snapshot of --branches branches (heads, tags, refs/pull/*, aliases, \
      dangling) as one API page body and as a git repository with packed refs, then \
      measures, as medians of --runs runs: `snaprev import` and `snaprev archive` as child \
      processes (wall time and peak resident memory), the identifier of the stored list, \
      one API page of 1000 from the store (open, validate, page, JSON), the same through \
      `snaprev branches`, and one filtered browser page of 100.
      """,
    shouldDisplay: false)

  @Option(name: .long, help: "How many branches.")
  public var branches = 1_000_000

  @Option(name: .long, help: "Timed runs per measurement (the median is reported).")
  public var runs = 5

  @Option(name: .long, help: "Work directory (default: a new temporary directory, removed afterwards).")
  public var directory: String?

  @Flag(name: .long, help: "Skip the git repository (`snaprev archive`) measurement.")
  public var skipGit = false

  public func validate() throws {
    guard branches >= 1000 else { throw ValidationError("--branches must be at least 1000") }
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
  }

  public func run() throws {
    let work = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-bench-archive-\(getpid())").path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { if directory == nil { try? FileManager.default.removeItem(atPath: work) } }
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path

    print("bench-archive: \(branches) branches, median of \(runs) runs")
    let synthetic = SyntheticSnapshot(count: branches)
    let pagePath = work + "/page.json"
    try Data(synthetic.pageBody()).write(to: URL(fileURLWithPath: pagePath))
    let pageSize = (try? FileManager.default.attributesOfItem(atPath: pagePath)[.size] as? Int) ?? 0
    print("  page body: \(pageSize / 1_000_000) MB")

    var importTimes = [Double]()
    var importPeaks = [Int]()
    for run in 0..<runs {
      let store = "\(work)/store-import-\(run)"
      let measured = try ChildProcess.measure(binary, ["import", pagePath, "--store", store])
      guard measured.status == 0 else { throw ValidationError("snaprev import failed (exit \(measured.status))") }
      importTimes.append(measured.milliseconds)
      importPeaks.append(measured.peakBytes)
      if run > 0 { try? FileManager.default.removeItem(atPath: store) }
    }
    report("snaprev import (1 page body)", importTimes, peaks: importPeaks)

    let archive = ArchiveStore(storeRoot: "\(work)/store-import-0")
    let id = synthetic.id
    guard let stored = try archive.branchList(id) else { throw ValidationError("the imported snapshot is not in the store") }
    let identifier = try median { _ = stored.computeIdentifier() }
    report("identifier of the stored list", identifier)

    let middle = String(decoding: stored.name(at: stored.count / 2), as: UTF8.self)
    let page = try median {
      guard let list = try archive.branchList(id) else { return }
      let request = try SnapshotAPI.validate(id: id.hex, branchesFrom: middle, count: "1000", targetTypes: nil).get()
      _ = JSONWriter.bytes(SnapshotAPI.respond(to: request, from: list).body, style: .compactDRF)
    }
    report("API page of 1000 from the store (open+page+JSON)", page)
    let filtered = try median {
      guard let list = try archive.branchList(id) else { return }
      let request = try SnapshotAPI.validate(id: id.hex, branchesFrom: middle, count: "1000", targetTypes: "alias").get()
      _ = JSONWriter.bytes(SnapshotAPI.respond(to: request, from: list).body, style: .compactDRF)
    }
    report("API page, target_types=alias (sparse scan)", filtered)

    var branchesTimes = [Double]()
    var branchesPeaks = [Int]()
    for _ in 0..<runs {
      let measured = try ChildProcess.measure(binary, ["branches", id.hex, "--from", middle, "--store", "\(work)/store-import-0"])
      branchesTimes.append(measured.milliseconds)
      branchesPeaks.append(measured.peakBytes)
    }
    report("snaprev branches (process, page of 1000)", branchesTimes, peaks: branchesPeaks)

    let browse = try median {
      guard let list = try archive.branchList(id) else { return }
      _ = list.rows(from: list.count / 2, count: 100, filter: BranchFilter(tab: .branches))
    }
    report("browser page of 100 (Branches tab)", browse)
    let search = try median {
      guard let list = try archive.branchList(id) else { return }
      _ = list.rows(from: 0, count: 100, filter: BranchFilter(tab: .all, nameContains: Array("zzz-no-match".utf8)))
    }
    report("browser name filter, no match (full scan)", search)

    if !skipGit {
      let repository = work + "/repo"
      try synthetic.writeGitRepository(at: repository)
      var archiveTimes = [Double]()
      var archivePeaks = [Int]()
      var archivedID = ""
      for run in 0..<runs {
        let store = "\(work)/store-archive-\(run)"
        let measured = try ChildProcess.measure(binary, ["archive", repository, "--store", store], captureOutput: true)
        guard measured.status == 0 else { throw ValidationError("snaprev archive failed (exit \(measured.status))") }
        archivedID = measured.output.trimmingWhitespaceAndNewlines()
        archiveTimes.append(measured.milliseconds)
        archivePeaks.append(measured.peakBytes)
        try? FileManager.default.removeItem(atPath: store)
      }
      report("snaprev archive (git, packed refs)", archiveTimes, peaks: archivePeaks)
      print("  archived \(archivedID)")
    }
  }

  private func median(_ body: () throws -> Void) throws -> [Double] {
    try body()  // warm-up
    var samples = [Double]()
    let clock = ContinuousClock()
    for _ in 0..<runs {
      let elapsed = try clock.measure(body)
      let (seconds, attoseconds) = elapsed.components
      samples.append(Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
    return samples
  }

  private func report(_ label: String, _ samples: [Double], peaks: [Int] = []) {
    let sorted = samples.sorted()
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    var line = "  \(label): median \(String(printf: "%.1f", median)) ms (min \(String(printf: "%.1f", sorted.first ?? 0)), max \(String(printf: "%.1f", sorted.last ?? 0)))"
    if let peak = peaks.max() { line += ", peak RSS \(peak / 1_048_576) MB" }
    print(line)
  }
}

/// A deterministic synthetic snapshot shaped like a big forge repository.
struct SyntheticSnapshot {
  public let names: [[UInt8]]
  public let targets: [BranchTarget]
  public let id: ObjectID
  /// Commit ids of the git repository variant (`writeGitRepository` creates them).
  public static let commitCount = 64

  public init(count: Int) {
    var generator = SplitMix(seed: 0x5EED)
    var names = [[UInt8]]()
    var targets = [BranchTarget]()
    names.reserveCapacity(count)
    let words = ["fix", "feature", "docs", "perf", "release", "hotfix", "ci", "deps", "ui", "api"]
    names.append(Array("HEAD".utf8))
    targets.append(.alias(Array("refs/heads/main".utf8)))
    names.append(Array("refs/heads/main".utf8))
    targets.append(.object(.revision, generator.objectID()))
    var index = 0
    while names.count < count {
      let name: String
      let target: BranchTarget
      switch index % 10 {
      case 0, 1, 2, 3: name = "refs/pull/\(index / 2)/\(index % 2 == 0 ? "head" : "merge")"; target = .object(.revision, generator.objectID())
      case 4, 5: name = "refs/heads/\(words[index % words.count])/\(index)-\(generator.next() % 100_000)"; target = .object(.revision, generator.objectID())
      case 6: name = "refs/tags/v\(index / 1000).\(index / 10 % 100).\(index % 10)-\(index)"; target = .object(.release, generator.objectID())
      case 7: name = "refs/remotes/origin/\(words[(index / 7) % words.count])-\(index)"; target = .object(.revision, generator.objectID())
      case 8: name = "refs/heads/alias-\(index)"; target = .alias(Array("refs/heads/main".utf8))
      default: name = "refs/heads/gone-\(index)"; target = .dangling
      }
      names.append(Array(name.utf8))
      targets.append(target)
      index += 1
    }
    self.names = names
    self.targets = targets
    var builder = SnapshotBuilder(expectedCount: count)
    for (name, target) in zip(names, targets) { builder.add(name: name, target: target) }
    id = (try? builder.build().id) ?? ObjectID(hex: String(repeating: "0", count: 40)) ?? SyntheticSnapshot.zero
  }

  public static let zero = SnapshotIdentifier.compute(for: [])

  /// One API body holding every branch (as `curl … | jq -c` would save a single huge page).
  public func pageBody() -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(names.count * 160)
    out += Array("{\"id\":\"\(id.hex)\",\"branches\":{".utf8)
    for (position, (name, target)) in zip(names, targets).enumerated() {
      if position > 0 { out.append(UInt8(ascii: ",")) }
      JSONWriter.writeString(NameEncoding.decodeWithEscape(name), style: .compactDRF, into: &out)
      out.append(UInt8(ascii: ":"))
      switch target {
      case .dangling:
        out += Array("null".utf8)
      case .alias(let targetName):
        out += Array("{\"target\":".utf8)
        JSONWriter.writeString(NameEncoding.decodeWithEscape(targetName), style: .compactDRF, into: &out)
        out += Array(",\"target_type\":\"alias\"}".utf8)
      case .object(let kind, let objectID):
        out += Array("{\"target\":\"\(objectID.hex)\",\"target_type\":\"\(kind.rawValue)\",\"target_url\":\"https://archive.softwareheritage.org/api/1/\(kind.rawValue)/\(objectID.hex)/\"}".utf8)
      }
    }
    out += Array("},\"next_branch\":null}".utf8)
    return out
  }

  /// A repository with a few commits and tags and every synthetic ref in packed-refs
  /// (object refs point at those commits and tags; dangling names are left out).
  public func writeGitRepository(at path: String) throws {
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    func git(_ arguments: [String]) throws -> String {
      var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
      for (key, value) in [("GIT_AUTHOR_NAME", "Bench"), ("GIT_AUTHOR_EMAIL", "bench@example.org"),
                           ("GIT_COMMITTER_NAME", "Bench"), ("GIT_COMMITTER_EMAIL", "bench@example.org"),
                           ("GIT_AUTHOR_DATE", "@1700000000 +0000"), ("GIT_COMMITTER_DATE", "@1700000000 +0000")] {
        environment[key] = value
      }
      let measured = try ChildProcess.measure("/usr/bin/env", ["git", "-C", path] + arguments, environment: environment, captureOutput: true)
      guard measured.status == 0 else { throw ValidationError("git \(arguments.joined(separator: " ")) failed") }
      return measured.output.trimmingWhitespaceAndNewlines()
    }
    _ = try git(["init", "-q", "-b", "main"])
    var commits = [String]()
    for number in 0..<Self.commitCount {
      _ = try git(["commit", "-q", "--allow-empty", "-m", "commit \(number)"])
      commits.append(try git(["rev-parse", "HEAD"]))
    }
    var tags = [(String, String)]()
    for number in 0..<8 {
      _ = try git(["tag", "-a", "bench-\(number)", "-m", "tag \(number)", commits[number]])
      tags.append((try git(["rev-parse", "refs/tags/bench-\(number)"]), commits[number]))
    }
    var lines = [([UInt8], [UInt8])]()
    for (position, (name, target)) in zip(names, targets).enumerated() where name.starts(with: Array("refs/".utf8)) {
      switch target {
      case .object(.release, _):
        let (tag, peeled) = tags[position % tags.count]
        lines.append((name, Array("\(tag) ".utf8) + name + Array("\n^\(peeled)".utf8)))
      case .object:
        lines.append((name, Array("\(commits[position % commits.count]) ".utf8) + name))
      case .alias, .dangling:
        continue
      }
    }
    lines.sort { ByteOrder.less($0.0, $1.0) }
    var packed = Array("# pack-refs with: peeled fully-peeled sorted \n".utf8)
    for (_, line) in lines { packed += line + [0x0A] }
    try Data(packed).write(to: URL(fileURLWithPath: path + "/.git/packed-refs"))
    for name in ["refs/heads/main"] { try? FileManager.default.removeItem(atPath: path + "/.git/" + name) }
    // The aliases, as loose symbolic refs.
    for (name, target) in zip(names, targets) {
      guard case .alias(let targetName) = target, name.starts(with: Array("refs/".utf8)) else { continue }
      let file = path + "/.git/" + String(decoding: name, as: UTF8.self)
      try FileManager.default.createDirectory(atPath: Files.parentDirectory(file), withIntermediateDirectories: true)
      try Data(Array("ref: ".utf8) + targetName + [0x0A]).write(to: URL(fileURLWithPath: file))
    }
  }
}

extension SplitMix {
  /// 20 bytes of the stream as an object id, for synthetic branch targets.
  mutating func objectID() -> ObjectID {
    var bytes = [UInt8]()
    for _ in 0..<3 {
      let word = next()
      for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    return ObjectID(bytes: bytes.prefix(20)) ?? SyntheticSnapshot.zero
  }
}

/// Runs a child process and measures its wall time and peak resident memory.
///
/// The child is started by a small python3 helper that waits for it with `wait4`: spawned
/// straight from this (large) process, Linux would charge the child with this process's
/// peak memory, which it records at `exec` for vfork-style spawns.
enum ChildProcess {
  public struct Measured {
    public var status: Int32
    public var milliseconds: Double
    public var peakBytes: Int
    public var output: String
  }

  private static let helper = """
    import os, subprocess, sys, time
    out = open(sys.argv[1], "wb")
    start = time.monotonic()
    child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    print(code if code >= 0 else 128 - code, usage.ru_maxrss, elapsed)
    """

  public static func measure(
    _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
    captureOutput: Bool = false
  ) throws -> Measured {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-out-\(UUID().uuidString)").path
    let reportPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-report-\(UUID().uuidString)").path
    defer {
      unlink(outputPath)
      unlink(reportPath)
    }
    let command = ["python3", "-c", helper, captureOutput ? outputPath : "/dev/null", executable] + arguments
    do {
      _ = try Spawn.run("/usr/bin/env", command, environment: environment, stdout: .file(reportPath), stderr: .discard)
    } catch {
      throw ValidationError("cannot run python3: \(error)")
    }
    let report = ((try? String(contentsOfFile: reportPath, encoding: .utf8)) ?? "").split(separator: " ")
    guard report.count == 3, let code = Int32(report[0]), let peak = Int(report[1]),
      let seconds = Double(report[2].trimmingWhitespaceAndNewlines())
    else { throw ValidationError("the measuring helper failed for \(executable)") }
    let output = captureOutput ? ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "") : ""
    return Measured(status: code, milliseconds: seconds * 1000, peakBytes: peak * 1024, output: output)
  }
}
