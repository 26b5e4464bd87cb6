import ArgumentParser
import TextEscaping

/// Path arguments must be UTF-8. Swift decodes argv lossily (an invalid byte becomes
/// U+FFFD), so a directory named with byte 0xFF would be looked up under another name and
/// reported as "No such file or directory" although it exists. The store keeps paths as
/// Strings, so such an argument is refused, named, with its bytes shown escaped.
public struct NonUTF8PathArgument: Error, CustomStringConvertible {
  public let argument: String
  public let bytes: [UInt8]

  public var description: String {
    "\(argument) \"\(SafeText.escaped(bytes: bytes))\" is not valid UTF-8; snaprev takes UTF-8 paths only "
      + "(rename it, or use a path to it that is UTF-8)"
  }

  /// Throws when `value` came from an argv entry (alone, or after `=`) that is not UTF-8.
  public static func check(_ value: String?, argument: String) throws {
    guard let value, value.unicodeScalars.contains("\u{FFFD}") else { return }
    for index in 1..<Int(CommandLine.argc) {
      guard let raw = CommandLine.unsafeArgv[index] else { continue }
      var bytes: [UInt8] = []
      var cursor = raw
      while cursor.pointee != 0 {
        bytes.append(UInt8(bitPattern: cursor.pointee))
        cursor += 1
      }
      guard String(validating: bytes, as: UTF8.self) == nil else { continue }
      let decoded = String(decoding: bytes, as: UTF8.self)
      if decoded == value { throw NonUTF8PathArgument(argument: argument, bytes: bytes) }
      if decoded.hasSuffix("=" + value), let equals = bytes.firstIndex(of: 0x3D) {
        throw NonUTF8PathArgument(argument: argument, bytes: Array(bytes[(equals + 1)...]))
      }
    }
  }
}
