import Foundation
import TestSupport

/// Input folders for the store's end-to-end tests.
enum StoreCLI {
  /// Writes `images` (name → grey level, optional mark) into a fresh folder.
  static func folder(_ root: String, _ name: String, _ images: [String: (UInt8, Int?)]) throws -> String {
    let path = root + "/" + name
    for (file, (color, mark)) in images {
      let url = URL(fileURLWithPath: path + "/" + file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(PNGFixtures.png(gray: color, mark: mark)).write(to: url)
    }
    return path
  }

  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }
}
