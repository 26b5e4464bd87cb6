import DurableFiles
import FoundationEssentials
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
    guard Files.exists(path) else { throw ReadError(path: path, reason: "no such file") }
    guard !Files.isDirectory(path) else { throw ReadError(path: path, reason: "is a directory") }
    do {
      return PNGSource(bytes: try Files.read(path), name: path)
    } catch {
      throw ReadError(path: path, reason: "cannot read: \(error.reason)")
    }
  }
}
