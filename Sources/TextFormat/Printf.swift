#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension String {
  /// C's `printf` formatting of numbers and C strings, for the places that want "%.1f" or
  /// "%8.2f": what `String(format:)` does, without it. `String(format:)` lives in the full
  /// Foundation (CoreFoundation's formatter), and linking that into `snaprev` costs every
  /// command about 1.7 ms of start-up in a probe, docs/PERFORMANCE.md ("Start-up"). The format must be
  /// a literal written in this code base: `%@` is not supported (interpolate Swift strings
  /// instead), and the arguments must be `Int`, `Int32`, `UInt8`, `UInt32`, `Double`, ...
  public init(printf format: StaticString, _ arguments: CVarArg...) {
    self = String.printf(format, arguments)
  }

  private static func printf(_ format: StaticString, _ arguments: [CVarArg]) -> String {
    let formatPointer = UnsafeRawPointer(format.utf8Start).assumingMemoryBound(to: CChar.self)
    // Most results fit in 64 bytes; one retry with the exact size covers the rest.
    var capacity = 64
    while true {
      let (written, text) = withVaList(arguments) { list -> (Int32, String) in
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
          guard let base = buffer.baseAddress else { return (0, "") }
          let count = vsnprintf(base, capacity, formatPointer, list)
          guard count >= 0, Int(count) < capacity else { return (count, "") }
          return (count, String(decoding: UnsafeRawBufferPointer(start: base, count: Int(count)), as: UTF8.self))
        }
      }
      if written < 0 { return "" }
      if Int(written) < capacity { return text }
      capacity = Int(written) + 1
    }
  }
}
