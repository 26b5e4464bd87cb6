import DiffCore
import Foundation
import PNGCodec
import TestSupport
import Testing

/// The demo pair scripts/demo shows (Resources/demo/diff) is reproducible from DemoScreen,
/// and differs the way a reviewer should notice: a few small, localised changes.
/// Set SNAPREV_REGENERATE_DEMO=1 to rewrite the two PNGs from the drawing code.
struct DemoScreenTests {
  static let directory = Fixtures.packageRoot.appendingPathComponent("Resources/demo/diff")

  @Test func committedPairMatchesTheDrawing() throws {
    let base = DemoScreen.render(edited: false)
    let head = DemoScreen.render(edited: true)
    let baseURL = Self.directory.appendingPathComponent("base.png")
    let headURL = Self.directory.appendingPathComponent("head.png")
    if ProcessInfo.processInfo.environment["SNAPREV_REGENERATE_DEMO"] == "1" {
      try Data(PNGCodec.encode(base, compressionLevel: 9)).write(to: baseURL, options: .atomic)
      try Data(PNGCodec.encode(head, compressionLevel: 9)).write(to: headURL, options: .atomic)
    }
    let committedBase = try PNGCodec.decode([UInt8](Data(contentsOf: baseURL)), source: "base.png")
    let committedHead = try PNGCodec.decode([UInt8](Data(contentsOf: headURL)), source: "head.png")
    #expect(committedBase == base)
    #expect(committedHead == head)
  }

  @Test func pairDiffersBySmallLocalisedChanges() {
    let result = SnapshotComparer.compare(
      base: DemoScreen.render(edited: false), head: DemoScreen.render(edited: true))
    #expect(result.canvasWidth == 390 && result.canvasHeight == 844)
    #expect(result.isChanged)
    #expect(result.mismatchedPixels > 300)
    #expect(result.ratio < 0.02)
    // Every counted pixel lies in one of the edited rows (toggle, badge, label).
    let mask = result.mask?.pixels ?? []
    let counted = mask.indices.filter { mask[$0] == 255 }.map { $0 / 390 }
    #expect(counted.allSatisfy { (368..<416).contains($0) || (488..<536).contains($0) || (656..<704).contains($0) })
  }
}
