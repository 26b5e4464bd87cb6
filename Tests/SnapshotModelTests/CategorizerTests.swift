import Testing

@testable import SnapshotModel

/// The pure categorization core, with a fake differ standing in for pixel diffs.
@Suite struct CategorizerTests {
  private func image(_ name: String, _ key: String, threshold: Double? = nil, size: Int = 10) -> SnapshotImage {
    SnapshotImage(imageFileName: name, key: key, width: size, height: size, metadata: ImageMetadata(diffThreshold: threshold))
  }

  private func head(_ images: [SnapshotImage], global: Double? = nil, selective: Bool = false, all: [String]? = nil)
    -> HeadImageSet
  {
    HeadImageSet(
      images: Dictionary(uniqueKeysWithValues: images.map { ($0.imageFileName, $0) }), diffThreshold: global,
      selective: selective, allImageFileNames: all)
  }

  private func base(_ images: [SnapshotImage]) -> BaseImageSet {
    BaseImageSet(images: Dictionary(uniqueKeysWithValues: images.map { ($0.imageFileName, $0) }))
  }

  private func categories(_ entries: [ComparisonEntry]) -> [String: ImageCategory] {
    Dictionary(uniqueKeysWithValues: entries.map { ($0.imageFileName, $0.category) })
  }

  @Test func sortsEveryImageIntoItsCategoryAndDiffsOnlyDifferingKeys() {
    var diffed: [String] = []
    let entries = Categorizer.categorize(
      head: head([
        image("same.png", "k1"), image("edited.png", "k2b"), image("noise.png", "k3b"),
        image("new.png", "k4"), image("moved/new-name.png", "k5"), image("broken.png", "k6b"),
      ]),
      base: base([
        image("same.png", "k1"), image("edited.png", "k2"), image("noise.png", "k3"), image("gone.png", "k7"),
        image("old-name.png", "k5"), image("broken.png", "k6"),
      ])
    ) { candidate in
      diffed.append(candidate.imageFileName)
      switch candidate.imageFileName {
      case "edited.png": return .measured(changedPixels: 10, totalPixels: 100, diffImageKey: "mask")
      case "noise.png": return .measured(changedPixels: 0, totalPixels: 100, diffImageKey: nil)
      default: return .failed(.imageProcessingFailed)
      }
    }
    #expect(diffed.sorted() == ["broken.png", "edited.png", "noise.png"])
    #expect(
      categories(entries) == [
        "same.png": .unchanged, "edited.png": .changed, "noise.png": .unchanged, "new.png": .added,
        "moved/new-name.png": .renamed, "gone.png": .removed, "broken.png": .errored,
      ])
    let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.imageFileName, $0) })
    #expect(byName["edited.png"]?.diff == 0.1)
    #expect(byName["edited.png"]?.diffImageKey == "mask")
    #expect(byName["moved/new-name.png"]?.previousImageFileName == "old-name.png")
    #expect(byName["broken.png"]?.reason == .imageProcessingFailed)
    #expect(entries.map(\.imageFileName) == entries.map(\.imageFileName).sorted())
  }

  /// changed iff diff > threshold (strict), threshold = own, else global, else 0.
  @Test func appliesThresholdsStrictlyWithOwnThenGlobalThenZero() {
    let measure: (DiffCandidate) -> PixelDiffOutcome = { _ in
      .measured(changedPixels: 20, totalPixels: 100, diffImageKey: "m")
    }
    func category(own: Double?, global: Double?) -> ImageCategory? {
      Categorizer.categorize(
        head: head([image("x.png", "new", threshold: own)], global: global), base: base([image("x.png", "old")]),
        measure: measure
      ).first?.category
    }
    #expect(category(own: nil, global: nil) == .changed)  // 0.2 > 0
    #expect(category(own: nil, global: 0.2) == .unchanged)  // 0.2 > 0.2 is false
    #expect(category(own: nil, global: 0.19) == .changed)
    #expect(category(own: 0.5, global: 0.1) == .unchanged)  // own wins
    #expect(category(own: 0.1, global: 0.5) == .changed)
    let unchanged = Categorizer.categorize(
      head: head([image("x.png", "new")], global: 0.5), base: base([image("x.png", "old")]), measure: measure)
    #expect(unchanged.first?.diffImageKey == nil)
  }

  @Test func refusesCanvasesOverFortyMillionPixelsWithoutDiffing() {
    let big = SnapshotImage(imageFileName: "big.png", key: "b2", width: 8000, height: 5001)
    let entries = Categorizer.categorize(
      head: head([big]), base: base([SnapshotImage(imageFileName: "big.png", key: "b1", width: 10, height: 10)])
    ) { _ in
      Issue.record("an oversized pair must not be diffed")
      return .failed(.chunkFailed)
    }
    #expect(entries.first?.category == .errored)
    #expect(entries.first?.reason == .exceedsPixelLimit)
  }

  @Test func pairsRenamesByNameSimilarityWhenSeveralShareAKey() {
    let entries = Categorizer.categorize(
      head: head([image("home_dark.png", "same"), image("settings_dark.png", "same"), image("blank.png", "same")]),
      base: base([image("old/home_dark.png", "same"), image("old/settings_dark.png", "same")])
    ) { _ in .failed(.chunkFailed) }
    let renames = Dictionary(
      uniqueKeysWithValues: entries.filter { $0.category == .renamed }.map {
        ($0.imageFileName, $0.previousImageFileName ?? "")
      })
    #expect(renames == ["home_dark.png": "old/home_dark.png", "settings_dark.png": "old/settings_dark.png"])
    #expect(categories(entries)["blank.png"] == .added)
  }

  @Test func renamedAndEditedShowsAsAddedPlusRemoved() {
    let entries = Categorizer.categorize(
      head: head([image("new.png", "k2")]), base: base([image("old.png", "k1")])
    ) { _ in .failed(.chunkFailed) }
    #expect(categories(entries) == ["new.png": .added, "old.png": .removed])
  }

  @Test func selectiveUploadsSkipWhatTheyDidNotUpload() {
    let baseSet = base([image("a.png", "1"), image("b.png", "2"), image("c.png", "3"), image("d.png", "4")])
    let selective = Categorizer.categorize(head: head([image("a.png", "1")], selective: true), base: baseSet) {
      _ in .failed(.chunkFailed)
    }
    #expect(categories(selective) == ["a.png": .unchanged, "b.png": .skipped, "c.png": .skipped, "d.png": .skipped])

    // With the full list, base names outside it are removed; listed but not uploaded, skipped.
    let declared = Categorizer.categorize(
      head: head([image("a.png", "1"), image("e.png", "3")], selective: true, all: ["a.png", "b.png", "e.png"]),
      base: baseSet
    ) { _ in .failed(.chunkFailed) }
    #expect(categories(declared) == ["a.png": .unchanged, "b.png": .skipped, "e.png": .renamed, "d.png": .removed])
    #expect(declared.first { $0.imageFileName == "e.png" }?.previousImageFileName == "c.png")
  }

  @Test func selectiveRenamesCanComeFromSkippedNames() {
    let entries = Categorizer.categorize(
      head: head([image("renamed.png", "9")], selective: true),
      base: base([image("original.png", "9"), image("other.png", "8")])
    ) { _ in .failed(.chunkFailed) }
    #expect(categories(entries) == ["renamed.png": .renamed, "other.png": .skipped])
  }

  @Test func aMissingMeasurementIsAFailedChunk() {
    let plan = Categorizer.plan(head: head([image("x.png", "2")]), base: base([image("x.png", "1")]))
    #expect(plan.candidates.count == 1)
    let entries = Categorizer.assemble(plan, outcomes: [:])
    #expect(entries.first?.reason == .chunkFailed)
  }
}
