import JSONCore
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// Large details are built in two halves on two threads; any split gives the same document.
@Suite struct SnapshotDetailsHalvesTests {
  @Test func itemsBuiltInHalvesAreTheSameDocument() throws {
    let (directory, store) = try StoreCorruptionTests.storeWithTwoArtifacts()
    let input = try withExtendedLifetime(directory) { try store.snapshotDetailsInput(of: "2") }
    #expect(input.entries.count >= 4)
    let categories = Set(input.entries.map(\.category))
    #expect(categories.count >= 3, "the halves cut across categories: \(categories)")
    for compact in [false, true] {
      let whole = SnapshotDetails.json(input, compactMetadata: compact, parallelFrom: .max)
      #expect(SnapshotDetails.json(input, compactMetadata: compact) == whole)
      for parallelFrom in [1, 2, input.entries.count] {
        let halves = SnapshotDetails.json(input, compactMetadata: compact, parallelFrom: parallelFrom)
        #expect(
          JSONWriter.bytes(halves, style: .storePretty) == JSONWriter.bytes(whole, style: .storePretty),
          "compact \(compact), halves from \(parallelFrom) entries")
      }
    }
  }
}
