import Foundation

/// Paths to the fixtures committed under Tests/Fixtures (copied from shared/ with their licences).
public enum Fixtures {
  /// `Tests/Fixtures`, found from this source file so tests run from any working directory.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .appendingPathComponent("Fixtures")

  public static func url(_ relativePath: String) -> URL {
    root.appendingPathComponent(relativePath)
  }

  public static func bytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: url(relativePath)))
  }

  /// The package root (where Package.swift is).
  public static let packageRoot: URL = root.deletingLastPathComponent().deletingLastPathComponent()

}
