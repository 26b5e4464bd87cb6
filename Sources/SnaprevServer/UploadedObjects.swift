import Foundation
import SnapshotStore

#if canImport(Glibc)
  import Glibc
#endif

/// Objects that sentry-cli uploaded but no created snapshot has taken yet:
/// `<store>/server/objects/<sha256>`, each verified against its name when it arrives.
/// Creating a snapshot copies them into the store's images (through `SnapshotStore.upload`)
/// and removes them; the ones never referenced are removed after the grace period.
/// Objects are written to a temporary name and renamed, without fsync: a snapshot re-hashes
/// every object it takes, so a torn object after a power loss is refused, never stored.
struct UploadedObjects: Sendable {
  let directory: String
  let store: SnapshotStore

  init(store: SnapshotStore) {
    self.store = store
    directory = store.root + "/server/objects"
  }

  static func isSHA256(_ text: String) -> Bool { ContentHash.isSHA256Hex(text) }

  static func sha256(_ bytes: [UInt8]) -> String { ContentHash.sha256Hex(bytes) }

  func path(_ sha: String) -> String { directory + "/" + sha }

  /// Whether the object is here or already an image of the store (then it need not be sent).
  /// A pending object's clock restarts, so an upload in progress does not lose it.
  func contains(_ sha: String) -> Bool {
    if utimes(path(sha), nil) == 0 { return true }
    return store.imagePath(key: sha) != nil
  }

  /// Stores `bytes` as object `sha` after checking that they hash to it.
  func put(_ bytes: [UInt8], sha: String) throws(ObjectFailure) {
    guard Self.sha256(bytes) == sha else { throw .hashMismatch }
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw .io("cannot create \(directory): \(error.localizedDescription)")
    }
    let temporary = directory + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
      throw .io("cannot write \(temporary)")
    }
    guard rename(temporary, path(sha)) == 0 else {
      unlink(temporary)
      throw .io("cannot rename into \(path(sha)): \(String(cString: strerror(errno)))")
    }
  }

  /// The object's bytes, from the pending objects or from the store's images.
  func read(_ sha: String) -> [UInt8]? {
    if let data = FileManager.default.contents(atPath: path(sha)) { return [UInt8](data) }
    return try? store.imageData(key: sha)
  }

  /// Where the object's bytes are on disk (for hard-linking into a staging directory).
  func file(_ sha: String) -> String? {
    if access(path(sha), F_OK) == 0 { return path(sha) }
    return store.imagePath(key: sha)
  }

  func remove(_ shas: some Sequence<String>) {
    for sha in shas where Self.isSHA256(sha) { unlink(path(sha)) }
  }

  /// Removes objects (and dead temporaries) untouched for `grace` seconds. Returns how many.
  @discardableResult
  func removeOrphans(grace: Double, now: Date = Date()) -> Int {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
    var removed = 0
    for name in names {
      let file = directory + "/" + name
      var info = stat()
      guard stat(file, &info) == 0 else { continue }
      let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
      if now.timeIntervalSince1970 - modified >= grace, unlink(file) == 0 { removed += 1 }
    }
    return removed
  }
}

enum ObjectFailure: Error, Equatable, CustomStringConvertible {
  case hashMismatch
  case io(String)

  var description: String {
    switch self {
    case .hashMismatch: return "the object's SHA-256 is not its key"
    case .io(let reason): return reason
    }
  }
}
