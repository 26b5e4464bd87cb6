import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A bare TCP client for the hostile tests: connect, send bytes, read what comes back.
final class RawClient {
  let fd: Int32

  /// Connects to 127.0.0.1:`port`; throws when nothing accepts.
  init(port: Int) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SSHTestFailure("socket: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
      close(fd)
      throw SSHTestFailure("connect to \(port): \(String(cString: strerror(errno)))")
    }
  }

  deinit { close(fd) }

  /// Sends everything (a peer that closed makes it stop early: MSG_NOSIGNAL).
  func send(_ bytes: [UInt8]) {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress.map { $0 + sent }, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      if count <= 0 { return }
      sent += count
    }
  }

  /// Reads until the peer closes or `seconds` pass without an end; returns the bytes and
  /// whether the peer closed.
  func read(for seconds: Double, until stop: ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool) {
    var bytes = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      let wait = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
      guard poll(&entry, 1, wait) > 0 else { continue }
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count <= 0 { return (bytes, true) }
      bytes += buffer[0..<count]
      if stop(bytes) { return (bytes, false) }
    }
    return (bytes, false)
  }

  /// Connects, sends `bytes`, reads for up to `readFor` seconds; the bytes that came back.
  static func exchange(port: Int, send bytes: [UInt8], readFor seconds: Double) throws -> [UInt8] {
    let client = try RawClient(port: port)
    client.send(bytes)
    return client.read(for: seconds).bytes
  }
}
