import Foundation
import ImageCompare
import PNGCodec

/// Reading PNG files for `snaprev diff` and `snaprev bench`, with errors that name the file.
public enum DiffInput {
  public struct ReadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
  }

  public static func read(_ path: String) throws(ReadError) -> PNGSource {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ReadError(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw ReadError(path: path, reason: "is a directory") }
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      return PNGSource(bytes: [UInt8](data), name: path)
    } catch {
      throw ReadError(path: path, reason: "cannot read: \(error.localizedDescription)")
    }
  }
}
