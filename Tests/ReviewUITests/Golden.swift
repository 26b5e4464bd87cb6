import Foundation
import TestSupport

/// This target's goldens, in `Goldens/` beside this file.
let Golden = CanvasGolden(
  directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens"))
