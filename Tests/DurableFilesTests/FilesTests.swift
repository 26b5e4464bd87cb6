import DurableFiles
import Foundation
import SystemPackage
import Testing

@Suite struct FilesTests {
  static func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func atomicWriteReplacesWholeFilesAndLeavesNoTemporary() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/a.json"
    try Files.writeAtomically(Array("first".utf8), to: path)
    try Files.writeAtomically([Array("sec".utf8), Array("ond".utf8)], to: path)
    #expect(try Files.read(path) == Array("second".utf8))
    #expect(try Files.list(directory) == ["a.json"])
    let mapped = try #require(try Files.map(path))
    #expect(Array(mapped.bytes) == Array("second".utf8))
    #expect(try Files.readIfPresent(directory + "/missing") == nil)
    #expect(try Files.map(directory + "/missing") == nil)
  }

  @Test func makeDirectoriesCreatesEveryLevelAndRefusesAFileInTheWay() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try Files.makeDirectories(directory + "/a/b/c")
    #expect(Files.isDirectory(directory + "/a/b/c"))
    try Files.makeDirectories(directory + "/a/b/c")  // already there: nothing to do
    try Files.writeAtomically([UInt8](), to: directory + "/file")
    #expect(throws: FileError(path: directory + "/file", operation: "mkdir", errno: .notDirectory)) {
      try Files.makeDirectories(directory + "/file")
    }
    let error = FileError(path: directory + "/file/x", operation: "mkdir", errno: .notDirectory)
    #expect(error.description == "\(directory)/file/x: cannot mkdir: Not a directory")
  }

  @Test func errorsNameThePathTheOperationAndTheErrno() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // The directory is missing: creating the temporary file fails and names it.
    let error = try #require(throws: FileError.self) { try Files.writeAtomically(Array("x".utf8), to: directory + "/none/a") }
    #expect(error.operation == "create" && error.errno == .noSuchFileOrDirectory)
    #expect(error.path.hasPrefix(directory + "/none/.a.tmp-"))
    #expect(throws: FileError(path: directory + "/missing", operation: "open directory", errno: .noSuchFileOrDirectory)) {
      try Files.syncDirectory(directory + "/missing")
    }
  }

  @Test func pendingFilesBecomeVisibleOnlyWhenCommitted() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let pending = try PendingFile(path: directory + "/late", chunks: [Array("late".utf8)])
    #expect(!Files.exists(directory + "/late"))
    try pending.commit()
    try Files.syncDirectory(directory)
    #expect(try Files.read(directory + "/late") == Array("late".utf8))
    let dropped = try PendingFile(path: directory + "/dropped", chunks: [Array("x".utf8)])
    dropped.discard()
    #expect(try Files.list(directory) == ["late"])
  }

  @Test func staleTemporariesOfDeadWritersAreRemovedLiveOnesKept() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // A process id that cannot exist (above the kernel's pid_max of 4,194,304).
    let dead = directory + "/.2026-visit-ab.json.tmp-9999999-17"
    let live = directory + "/.2026-visit-ab.json.tmp-\(getpid())-18"
    let unrelated = directory + "/.hidden-file"
    for path in [dead, live, unrelated] { #expect(FileManager.default.createFile(atPath: path, contents: Data())) }
    Files.removeStaleTemporaries(in: directory)
    #expect(try Files.list(directory).sorted() == [".2026-visit-ab.json.tmp-\(getpid())-18", ".hidden-file"])
  }

  @Test func theLockIsExclusiveAcrossOpenFileDescriptions() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/lock"
    var lock: FileLock? = try FileLock(path: path)
    // flock locks belong to the open file description: a second open in this process
    // must not get it while the first is held.
    let other = open(path, O_RDWR)
    defer { close(other) }
    #expect(flock(other, LOCK_EX | LOCK_NB) != 0)
    lock = nil
    #expect(lock == nil)
    #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
  }

  @Test func temporaryFilesHoldTheirBytesUntilReleased() throws {
    var file: TemporaryFile? = try TemporaryFile(contents: Array("hello".utf8))
    let path = try #require(file?.path)
    #expect(try Files.read(path) == Array("hello".utf8))
    file = nil
    #expect(!Files.exists(path))
  }
}
