import DurableFiles
import FoundationEssentials
import ProcessSpawn
import SWHModel
import TextEscaping
import TextFormat

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A git repository's branch list, as `swh identify --type snapshot` sees it, plus what
/// snaprev keeps for display.
public struct GitSnapshot: Sendable {
  public var list: BranchList
  /// Titles and dates of the commits and tags the branches point at.
  public var targets: [TargetInfo]
  /// `remote.origin.url`, without any credentials, when the repository has one.
  public var remoteURL: String?
}

/// Reads refs by running git: every ref from `for-each-ref` (loose and packed; annotated
/// tags stay release targets, not peeled), `HEAD` (symbolic: an alias; detached: its
/// object), symbolic refs as aliases, and the symbolic refs whose target is missing,
/// which git lists nowhere but swh.model (through dulwich) includes.
public struct GitArchiveReader: Sendable {
  public var environment: [String: String]

  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    // GIT_DIR and friends would point git elsewhere than the directory asked for.
    var cleaned = environment.filter { !$0.key.hasPrefix("GIT_") }
    cleaned["LC_ALL"] = "C"
    self.environment = cleaned
  }

  public func read(directory: String) throws(GitReadError) -> GitSnapshot {
    guard let git = Spawn.locate("git", environment: environment) else { throw .gitNotFound }
    func run(_ arguments: [String], stdin: [UInt8] = []) throws(GitReadError) -> Spawn.Finished {
      do {
        return try Spawn.run(git, ["-C", directory] + arguments, environment: environment, stdin: .bytes(stdin))
      } catch {
        throw .cannotRun(error.description)
      }
    }
    func text(_ bytes: [UInt8]) -> String {
      String(decoding: bytes, as: UTF8.self).trimmingWhitespaceAndNewlines()
    }

    // HEAD lives in the git directory (one per work tree), refs in the common one. The
    // plain layouts are recognised without a process; git decides every other case.
    let gitDirectory: String
    let commonDirectory: String
    if let plain = Self.plainLayout(directory) {
      (gitDirectory, commonDirectory) = plain
    } else {
      let located = try run(["rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"])
      guard located.status == 0 else { throw .notARepository(path: directory, message: text(located.stderr)) }
      let directories = text(located.stdout).split(separator: "\n", omittingEmptySubsequences: false)
      guard directories.count == 2 else {
        throw .malformedOutput("git rev-parse printed \(directories.count) directories, not 2")
      }
      (gitDirectory, commonDirectory) = (String(directories[0]), String(directories[1]))
    }

    let listing = try run(["for-each-ref", GitOutput.forEachRefFormat])
    guard listing.status == 0 else {
      throw .gitFailed(command: "for-each-ref", status: listing.status, message: text(listing.stderr))
    }
    let output = listing.stdout

    let head = Array("HEAD".utf8)
    // HEAD is read as the file git itself reads (two processes fewer); only a form this
    // parser does not know is left to git.
    let headState: HeadState
    if let parsed = HeadState(file: gitDirectory + "/HEAD") {
      headState = parsed
    } else {
      headState = try HeadState.fromGit { arguments throws(GitReadError) in try run(arguments) }
    }
    var detachedHead: ObjectID? = nil
    if case .detached(let id) = headState { detachedHead = id }
    // Each distinct object once: its type, then (commits and tags) its title and date.
    var objects = Set<ObjectID>()
    var symbolicNames = Set<[UInt8]>()
    var refCount = 0
    try GitOutput.forEachRef(output) { object, symbolic, name throws(GitReadError) in
      refCount += 1
      if !symbolic.isEmpty {
        symbolicNames.insert(Array(name))
        return
      }
      guard let id = ObjectID(hexUTF8: object) else {
        throw .malformedOutput("ref \"\(SafeText.escaped(bytes: name))\" names object \"\(SafeText.escaped(bytes: object))\"")
      }
      objects.insert(id)
    }
    if let detachedHead { objects.insert(detachedHead) }
    let sorted = objects.sorted()
    let check = try run(["cat-file", "--batch-check"], stdin: Array(sorted.map { $0.hex + "\n" }.joined().utf8))
    guard check.status == 0 else { throw .gitFailed(command: "cat-file --batch-check", status: check.status, message: text(check.stderr)) }
    let types = try GitOutput.parseBatchCheck(check.stdout)

    var builder = SnapshotBuilder(expectedCount: refCount + 1)
    try GitOutput.forEachRef(output) { object, symbolic, name throws(GitReadError) in
      if !symbolic.isEmpty {
        builder.add(name: name, target: .alias(Array(symbolic)))
        return
      }
      guard let id = ObjectID(hexUTF8: object), let kind = types[id] else {
        throw .malformedOutput("ref \"\(SafeText.escaped(bytes: name))\" points at \(String(decoding: object, as: UTF8.self)), which git cannot find")
      }
      builder.add(name: name, target: .object(kind, id))
    }
    var names = symbolicNames
    if case .symbolic(let target) = headState {
      builder.add(name: head, target: .alias(target))
    } else if let detachedHead, let kind = types[detachedHead] {
      builder.add(name: head, target: .object(kind, detachedHead))
    }
    names.insert(head)

    for (name, target) in LooseSymbolicRefs.scan(commonDirectory: commonDirectory) where !names.contains(name) {
      builder.add(name: name, target: .alias(target))
    }

    let list: BranchList
    do {
      list = try builder.build()
    } catch {
      throw .malformedOutput(error.description)
    }

    var targets = [TargetInfo]()
    let wanted = sorted.filter { types[$0] == .revision || types[$0] == .release }
    if !wanted.isEmpty {
      let input = wanted.map { $0.hex + "\n" }.joined()
      let batch = try run(["cat-file", "--batch"], stdin: Array(input.utf8))
      guard batch.status == 0 else { throw .gitFailed(command: "cat-file --batch", status: batch.status, message: text(batch.stderr)) }
      for (id, summary) in try GitOutput.parseBatch(batch.stdout) {
        if let info = summary.info(id: id) { targets.append(info) }
      }
    }

    let remote = try run(["config", "--get", "remote.origin.url"])
    let remoteURL = remote.status == 0 ? Self.withoutCredentials(text(remote.stdout)) : nil
    return GitSnapshot(list: list, targets: targets, remoteURL: remoteURL?.isEmpty == false ? remoteURL : nil)
  }

  /// The git and common directory of the two plain layouts, found as git's discovery finds
  /// them first: `DIRECTORY/.git` a repository directory, or DIRECTORY itself one (bare).
  /// A work tree of `git worktree` (a `commondir` file), a `.git` file, or anything else is
  /// nil, and `git rev-parse` answers. Saves a process (2-3 ms, docs/PERFORMANCE.md).
  static func plainLayout(_ directory: String) -> (git: String, common: String)? {
    func isRepository(_ path: String) -> Bool {
      Files.isRegularFile(path + "/HEAD") && Files.isDirectory(path + "/objects") && Files.isDirectory(path + "/refs")
        && !Files.exists(path + "/commondir")
    }
    let dotGit = directory + "/.git"
    if Files.exists(dotGit) { return Files.isDirectory(dotGit) && isRepository(dotGit) ? (dotGit, dotGit) : nil }
    return isRepository(directory) ? (directory, directory) : nil
  }

  /// Drops a `user:password@` part so a token in a remote URL is never stored or shown.
  static func withoutCredentials(_ url: String) -> String {
    guard let scheme = url.firstRange(of: "://") else { return url }
    let rest = url[scheme.upperBound...]
    let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
    guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
    return String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...])
  }
}

/// What HEAD is: an alias of a ref (which may not exist yet), or a detached object.
enum HeadState: Equatable {
  case symbolic([UInt8])
  case detached(ObjectID?)

  /// HEAD's file in the git directory: `ref: NAME` or 40 hex digits, each on one line.
  /// nil for anything else (a symlink HEAD, other whitespace): then git is asked.
  init?(file path: String) {
    guard let bytes = try? Files.readIfPresent(path), bytes.count < 4096, bytes.last == 0x0A else { return nil }
    let line = bytes.dropLast()
    let prefix = Array("ref: ".utf8)
    if line.starts(with: prefix) {
      let name = Array(line.dropFirst(prefix.count))
      guard !name.isEmpty, !name.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
      self = .symbolic(name)
    } else if line.count == 40, let id = ObjectID(hexUTF8: line) {
      self = .detached(id)
    } else {
      return nil
    }
  }

  /// As `git symbolic-ref -q HEAD` and, when detached, `git rev-parse -q --verify HEAD` say.
  static func fromGit(_ run: ([String]) throws(GitReadError) -> Spawn.Finished) throws(GitReadError) -> HeadState {
    let symbolic = try run(["symbolic-ref", "-q", "HEAD"])
    if symbolic.status == 0 { return .symbolic(Array(symbolic.stdout.prefix { $0 != 0x0A })) }
    guard symbolic.status == 1 else {
      let message = String(decoding: symbolic.stderr, as: UTF8.self).trimmingWhitespaceAndNewlines()
      throw .gitFailed(command: "symbolic-ref HEAD", status: symbolic.status, message: message)
    }
    let detached = try run(["rev-parse", "-q", "--verify", "HEAD"])
    guard detached.status == 0 else { return .detached(nil) }
    return .detached(ObjectID(hexUTF8: detached.stdout.prefix { $0 != 0x0A }))
  }
}

/// Symbolic refs stored as loose files under `<common dir>/refs` (packed refs cannot be
/// symbolic). Names are read as raw bytes: they need not be UTF-8.
enum LooseSymbolicRefs {
  static func scan(commonDirectory: String) -> [([UInt8], [UInt8])] {
    var found = [([UInt8], [UInt8])]()
    walk(Array(commonDirectory.utf8) + Array("/refs".utf8), name: Array("refs".utf8), into: &found, depth: 0)
    return found
  }

  private static func withCPath<T>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> T?) -> T? {
    (path + [0]).withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { characters in
        guard let base = characters.baseAddress else { return nil }
        return body(base)
      }
    }
  }

  private static func walk(_ path: [UInt8], name: [UInt8], into found: inout [([UInt8], [UInt8])], depth: Int) {
    guard depth < 64, let directory = withCPath(path, { opendir($0) }) else { return }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      let child = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
      if child == [UInt8(ascii: ".")] || child == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
      let childPath = path + [UInt8(ascii: "/")] + child
      let childName = name + [UInt8(ascii: "/")] + child
      var info = stat()
      guard withCPath(childPath, { lstat($0, &info) }) == 0 else { continue }
      if (info.st_mode & S_IFMT) == S_IFDIR {
        walk(childPath, name: childName, into: &found, depth: depth + 1)
      } else if (info.st_mode & S_IFMT) == S_IFREG, GitOutput.dulwichReadsLooseRef(childName),
        let target = symbolicTarget(childPath)
      {
        found.append((childName, target))
      }
    }
  }

  /// The target of a `ref: <name>` file (its first line, as dulwich reads it).
  private static func symbolicTarget(_ path: [UInt8]) -> [UInt8]? {
    guard let fd = withCPath(path, { open($0, O_RDONLY | O_CLOEXEC) }), fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count > 5 else { return nil }
    let content = buffer[0..<count]
    guard content.starts(with: Array("ref: ".utf8)) else { return nil }
    var line = Array(content.dropFirst(5).prefix { $0 != 0x0A })
    while let last = line.last, last == 0x0D || last == 0x0A { line.removeLast() }
    return line
  }
}
