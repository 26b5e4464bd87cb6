/// Why bytes are not the JSON expected: the message, and where reading stopped as a byte
/// offset and as a line and column (both 1-based), so callers can name the place either way.
public struct JSONError: Error, Equatable, CustomStringConvertible {
  public let message: String
  /// The byte where reading stopped, from 0.
  public let offset: Int
  public let line: Int
  public let column: Int

  public init(message: String, offset: Int, line: Int, column: Int) {
    self.message = message
    self.offset = offset
    self.line = line
    self.column = column
  }

  /// For files (the snapshot store's messages): "… at byte 123".
  public var description: String { "\(message) at byte \(offset)" }

  /// For documents read by people (API bodies): "… at line 3, column 7".
  public var lineDescription: String { "\(message) at line \(line), column \(column)" }

  /// The error at `offset` in `bytes`, with the line and column counted.
  static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ message: String) -> JSONError {
    let end = min(max(offset, 0), bytes.count)
    var line = 1
    var column = 1
    for byte in UnsafeBufferPointer(rebasing: bytes[0..<end]) {
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return JSONError(message: message, offset: end, line: line, column: column)
  }
}
