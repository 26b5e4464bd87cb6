#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process's standard output and error, written unbuffered and whole: a short write or
/// an interruption is retried, any other failure (a closed pipe) drops the rest. Swift's
/// `print` goes through stdio's buffer; this is for output that must not wait in it or be
/// interleaved with it (a command's bytes, a message on stderr).
public enum StandardStream: Sendable {
  case output, error

  public func write<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
    let descriptor = self == .output ? STDOUT_FILENO : STDERR_FILENO
    // What `print` left in stdio's buffer goes first: flushing all streams is the same here
    // (only stdout is buffered) and needs no reference to the global `stdout`.
    if self == .output { fflush(nil) }
    let written: Void? = bytes.withContiguousStorageIfAvailable { Self.write(descriptor, UnsafeRawBufferPointer($0)) }
    if written == nil { Array(bytes).withUnsafeBytes { Self.write(descriptor, $0) } }
  }

  public func write(_ text: String) { write(Array(text.utf8)) }

  private static func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) {
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
      let count = systemWrite(descriptor, base + offset, buffer.count - offset)
      if count > 0 {
        offset += count
      } else if count < 0, errno == EINTR {
        continue
      } else {
        return
      }
    }
  }
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
