import Foundation

/// A fresh directory under the system's temporary directory, removed when this object goes.
public final class TemporaryDirectory: Sendable {
  public let path: String

  public init(_ label: String = "tests") throws {
    path = try Self.create(label)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  public var url: URL { URL(fileURLWithPath: path) }

  /// A path inside the directory.
  public func sub(_ name: String) -> String { path + "/" + name }

  /// A fresh directory `snaprev-LABEL-…` that the caller owns: it removes it itself (or
  /// leaves it to the system's temporary-file cleanup, for paths a child process still uses).
  public static func create(_ label: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snaprev-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
