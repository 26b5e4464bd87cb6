import Foundation
import TestSupport

/// This target's goldens, in `Goldens/` beside this file.
let BrowseGolden = CanvasGolden(
  directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens"))
