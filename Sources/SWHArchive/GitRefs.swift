import SWHModel
import TextEscaping

/// One ref as git lists it.
struct GitRef: Equatable {
  var name: [UInt8]
  /// Hex object id the ref resolves to (empty for a symbolic ref git could not resolve).
  var objectHex: [UInt8]
  /// The target name when the ref is symbolic.
  var symbolicTarget: [UInt8]?
}

/// Parsing of git's outputs, as bytes (ref names need not be UTF-8).
enum GitOutput {
  /// The `for-each-ref` format these parsers expect: three NUL-terminated fields, then
  /// git's newline. Not `%(objecttype)`: git would look every ref's object up, one by one
  /// (10 s for a million refs to loose objects); types come from one `cat-file` per object.
  static let forEachRefFormat = "--format=%(objectname)%00%(symref)%00%(refname)%00"

  static func parseForEachRef(_ bytes: [UInt8]) throws(GitReadError) -> [GitRef] {
    var refs = [GitRef]()
    try forEachRef(bytes) { object, symbolic, name in
      refs.append(GitRef(name: Array(name), objectHex: Array(object), symbolicTarget: symbolic.isEmpty ? nil : Array(symbolic)))
    }
    return refs
  }

  /// Calls `body` with each record's object, symbolic target (empty when none) and name,
  /// without copying them (a million refs would otherwise be three million arrays).
  static func forEachRef(
    _ bytes: [UInt8],
    _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws(GitReadError) -> Void
  ) throws(GitReadError) {
    let result: Result<Void, GitReadError> = bytes.withUnsafeBytes { raw in
      var index = 0
      func field() -> UnsafeRawBufferPointer? {
        var end = index
        while end < raw.count && raw[end] != 0 { end += 1 }
        guard end < raw.count else { return nil }
        defer { index = end + 1 }
        return UnsafeRawBufferPointer(rebasing: raw[index..<end])
      }
      while index < raw.count {
        guard let object = field(), let symbolic = field(), let name = field() else {
          return .failure(.malformedOutput("git for-each-ref output ends inside a record"))
        }
        guard index < raw.count, raw[index] == 0x0A else {
          return .failure(.malformedOutput("git for-each-ref record for \"\(SafeText.escaped(bytes: name))\" is not newline-terminated"))
        }
        index += 1
        do throws(GitReadError) {
          try body(object, symbolic, name)
        } catch {
          return .failure(error)
        }
      }
      return .success(())
    }
    try result.get()
  }

  /// `git cat-file --batch-check` output (`<oid> <type> <size>` or `<oid> missing` lines).
  static func parseBatchCheck(_ bytes: [UInt8]) throws(GitReadError) -> [ObjectID: ObjectKind] {
    var types = [ObjectID: ObjectKind]()
    for line in bytes.split(separator: 0x0A) {
      let fields = line.split(separator: 0x20)
      guard fields.count >= 2, let id = ObjectID(hexUTF8: fields[0]) else {
        throw .malformedOutput("git cat-file --batch-check line is not understood")
      }
      if let kind = kind(ofGitType: fields[1]) { types[id] = kind }
    }
    return types
  }

  /// `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` per object
  /// (or `<oid> missing\n`), turned into display infos for commits and tags.
  static func parseBatch(_ bytes: [UInt8]) throws(GitReadError) -> [ObjectID: ObjectSummary] {
    var out = [ObjectID: ObjectSummary]()
    var index = 0
    while index < bytes.count {
      guard let lineEnd = bytes[index...].firstIndex(of: 0x0A) else {
        throw .malformedOutput("git cat-file output ends inside a header")
      }
      let header = bytes[index..<lineEnd].split(separator: 0x20)
      index = lineEnd + 1
      guard header.count >= 2, let id = ObjectID(hexUTF8: header[0]) else {
        throw .malformedOutput("git cat-file header is not understood")
      }
      if header[1].elementsEqual("missing".utf8) { continue }
      guard header.count == 3, let size = Int(String(decoding: header[2], as: UTF8.self)), size >= 0,
        size < bytes.count - index, bytes[index + size] == 0x0A
      else { throw .malformedOutput("git cat-file size is not understood") }
      let content = Array(bytes[index..<(index + size)])
      index += size + 1
      let type = Array(header[1])
      out[id] = ObjectSummary(type: type, content: content)
    }
    return out
  }

  /// Type words git uses, as snapshot target kinds.
  static func kind(ofGitType type: some Collection<UInt8>) -> ObjectKind? {
    switch String(decoding: type, as: UTF8.self) {
    case "blob": return .content
    case "tree": return .directory
    case "commit": return .revision
    case "tag": return .release
    default: return nil
    }
  }

  /// dulwich 1.2's `check_ref_format`, which decides which loose refs swh.model sees.
  static func dulwichAcceptsRefName(_ name: [UInt8]) -> Bool {
    if name == [UInt8(ascii: "@")] || !name.contains(UInt8(ascii: "/")) { return false }
    for index in name.indices.dropLast() where name[index] == UInt8(ascii: ".") && name[index + 1] == UInt8(ascii: ".") {
      return false
    }
    for index in name.indices.dropLast() where name[index] == UInt8(ascii: "@") && name[index + 1] == UInt8(ascii: "{") {
      return false
    }
    let bad = Set(Array("\u{7f} ~^:?*[\\".utf8))
    if name.contains(where: { $0 < 0x20 || bad.contains($0) }) { return false }
    if let last = name.last, last == UInt8(ascii: "/") || last == UInt8(ascii: ".") { return false }
    for component in name.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
      if component.isEmpty || component.first == UInt8(ascii: ".") || component.elementsEqual(".lock".utf8) { return false }
      if component.count >= 5 && component.suffix(5).elementsEqual(".lock".utf8) { return false }
    }
    return true
  }

  /// Whether dulwich can read a loose ref of this name (its `_check_refname`): the name
  /// must pass `check_ref_format` both whole and without its `refs/` prefix.
  static func dulwichReadsLooseRef(_ name: [UInt8]) -> Bool {
    let prefix = Array("refs/".utf8)
    guard name.starts(with: prefix), dulwichAcceptsRefName(name) else { return false }
    return name == Array("refs/stash".utf8) || dulwichAcceptsRefName(Array(name.dropFirst(prefix.count)))
  }
}

/// A commit's or tag's raw content, parsed on demand.
struct ObjectSummary {
  var type: [UInt8]
  var content: [UInt8]

  /// Header lines up to the first blank line, and the message after it.
  private var parts: (headers: [ArraySlice<UInt8>], message: ArraySlice<UInt8>) {
    var headers = [ArraySlice<UInt8>]()
    var index = content.startIndex
    while index < content.endIndex {
      let end = content[index...].firstIndex(of: 0x0A) ?? content.endIndex
      if end == index { return (headers, content[min(end + 1, content.endIndex)...]) }
      headers.append(content[index..<end])
      index = min(end + 1, content.endIndex)
    }
    return (headers, content[content.endIndex...])
  }

  private func header(_ key: String, in headers: [ArraySlice<UInt8>]) -> ArraySlice<UInt8>? {
    let prefix = Array((key + " ").utf8)
    return headers.first { $0.starts(with: prefix) }.map { $0.dropFirst(prefix.count) }
  }

  /// `Name <email> 1700000000 +0100` → seconds and offset minutes.
  static func personDate(_ line: ArraySlice<UInt8>) -> (Int64, Int16)? {
    guard let close = line.lastIndex(of: UInt8(ascii: ">")) else { return nil }
    let fields = line[(close + 1)...].split(separator: 0x20)
    guard fields.count >= 2, let seconds = Int64(String(decoding: fields[0], as: UTF8.self)) else { return nil }
    let zone = Array(fields[1])
    guard zone.count == 5, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"),
      let hours = Int16(String(decoding: zone[1..<3], as: UTF8.self)),
      let minutes = Int16(String(decoding: zone[3..<5], as: UTF8.self))
    else { return (seconds, 0) }
    let offset = hours * 60 + minutes
    return (seconds, zone[0] == UInt8(ascii: "-") ? -offset : offset)
  }

  func info(id: ObjectID) -> TargetInfo? {
    guard let kind = GitOutput.kind(ofGitType: type), kind == .revision || kind == .release else { return nil }
    let (headers, message) = parts
    let title = Array(message.prefix { $0 != 0x0A })
    if kind == .revision {
      let date = header("author", in: headers).flatMap(Self.personDate)
      return TargetInfo(id: id, kind: .revision, title: title, date: date?.0, utcOffsetMinutes: date?.1 ?? 0)
    }
    let date = header("tagger", in: headers).flatMap(Self.personDate)
    var info = TargetInfo(id: id, kind: .release, title: title, date: date?.0, utcOffsetMinutes: date?.1 ?? 0)
    info.releaseName = header("tag", in: headers).map(Array.init)
    if let object = header("object", in: headers).flatMap({ ObjectID(hexUTF8: $0) }),
      let type = header("type", in: headers).flatMap({ GitOutput.kind(ofGitType: $0) })
    {
      info.releaseTarget = (type, object)
    }
    return info
  }
}

public enum GitReadError: Error, Equatable, CustomStringConvertible {
  case gitNotFound
  case notARepository(path: String, message: String)
  case gitFailed(command: String, status: Int32, message: String)
  case malformedOutput(String)
  case cannotRun(String)

  public var description: String {
    switch self {
    case .gitNotFound: return "git was not found on PATH"
    case .notARepository(let path, let message):
      return "\(SafeText.escaped(path)) is not a git repository: \(SafeText.escaped(message))"
    case .gitFailed(let command, let status, let message):
      return "`git \(command)` failed (exit \(status)): \(SafeText.escaped(message))"
    case .malformedOutput(let detail): return "unexpected output from git: \(detail)"
    case .cannotRun(let detail): return "cannot run git: \(SafeText.escaped(detail))"
    }
  }
}
