import DurableFiles
import Foundation
import NIOSSH
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The authorized_keys file as the server sees it: read at start (a bad line stops the
/// start), then read again whenever its modification time or size changes, checked on each
/// authentication attempt: a `stat` per attempt, so adding a reviewer needs no restart. A
/// changed file that no longer parses leaves the keys read before in force, and says why.
final class AuthorizedKeysFile: Sendable {
  let path: String
  private let state: Mutex<Loaded>
  private let report: @Sendable (String) -> Void

  struct Loaded: Sendable {
    var keys: AuthorizedKeys
    var stamp: Stamp
  }

  struct Stamp: Equatable, Sendable {
    var seconds: Int
    var nanoseconds: Int
    var size: Int
  }

  init(path: String, report: @escaping @Sendable (String) -> Void) throws(AuthorizedKeysError) {
    self.path = path
    self.report = report
    state = Mutex(try Self.read(path))
  }

  var keys: AuthorizedKeys { state.withLock { $0.keys } }

  /// The entry for `key` in the file as it is now.
  func entry(for key: NIOSSHPublicKey) -> AuthorizedKey? {
    state.withLock { (current: inout Loaded) -> AuthorizedKey? in
      if let stamp = Self.stamp(path), stamp != current.stamp {
        do {
          current = try Self.read(path)
        } catch {
          current.stamp = stamp  // say it once, not on every attempt
          report("\(error); the keys read before stay in force")
        }
      }
      return current.keys.entry(for: key)
    }
  }

  static func stamp(_ path: String) -> Stamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Stamp(seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec, size: Int(info.st_size))
  }

  static func read(_ path: String) throws(AuthorizedKeysError) -> Loaded {
    // The stamp first: a write racing with the read is then seen again on the next attempt.
    guard let stamp = stamp(path) else {
      throw AuthorizedKeysError(file: path, line: 0, problem: "cannot read the file: \(String(cString: strerror(errno)))")
    }
    let bytes: [UInt8]
    do {
      bytes = try Files.read(path)
    } catch {
      throw AuthorizedKeysError(file: path, line: 0, problem: "cannot read the file: \(error)")
    }
    return Loaded(keys: try AuthorizedKeys.parse(String(decoding: bytes, as: UTF8.self), file: path), stamp: stamp)
  }
}
