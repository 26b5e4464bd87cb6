import Foundation
import JSONCore
import SnapshotModel
import TestSupport
import Testing

@testable import SnapshotStore

/// `show` and the server read only the base images the response prints (`.response`); the
/// document must be the one every base image gives, and damage must still be reported.
@Suite struct BaseMetadataSubsetTests {
  @Test func theResponseSubsetGivesTheSameDocumentAsAllBaseImages() throws {
    let (directory, store) = try StoreCorruptionTests.storeWithTwoArtifacts()
    try withExtendedLifetime(directory) {
      let all = try store.snapshotDetailsInput(of: "2", baseMetadata: .all)
      let subset = try store.snapshotDetailsInput(of: "2", baseMetadata: .response)
      let categories = Set(all.entries.map(\.category))
      #expect(categories.contains(.unchanged) && categories.contains(.changed), "\(categories)")
      let allBase = try #require(all.baseImages["1"]).manifest.images.map(\.imageFileName)
      let subsetBase = try #require(subset.baseImages["1"]).manifest.images.map(\.imageFileName)
      #expect(subsetBase.count < allBase.count, "unchanged images' base metadata is not read")
      #expect(Set(subsetBase) == SnapshotDetailsInput.baseNamesPrinted(all.entries).intersection(allBase))
      for compact in [false, true] {
        #expect(
          JSONWriter.bytes(SnapshotDetails.json(subset, compactMetadata: compact), style: .storePretty)
            == JSONWriter.bytes(SnapshotDetails.json(all, compactMetadata: compact), style: .storePretty))
      }
    }
  }

  @Test func aTruncatedBaseManifestIsStillReportedByShow() throws {
    let (directory, store) = try StoreCorruptionTests.storeWithTwoArtifacts()
    let path = directory.sub("store") + "/artifacts/1/images.json"
    let url = URL(fileURLWithPath: path)
    let bytes = try Data(contentsOf: url)
    try bytes.prefix(bytes.count - 40).write(to: url)
    #expect {
      _ = try store.snapshotDetails(of: "2")
    } throws: { error in
      guard case .corruptFile(let named, let reason) = error as? StoreError else { return false }
      return named == path && reason.contains("truncated")
    }
  }

  @Test func aWrongFieldInAPrintedBaseImageNamesItsPlaceInTheWholeFile() throws {
    let (directory, store) = try StoreCorruptionTests.storeWithTwoArtifacts()
    let all = try store.snapshotDetailsInput(of: "2", baseMetadata: .all)
    let printed = SnapshotDetailsInput.baseNamesPrinted(all.entries)
    let images = try #require(all.baseImages["1"]).manifest.images
    let position = try #require(images.firstIndex { printed.contains($0.imageFileName) })
    let path = directory.sub("store") + "/artifacts/1/images.json"
    guard case .object(var document) = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))),
      case .array(var list) = document["images"], case .object(var image) = list[position]
    else {
      Issue.record("unexpected manifest shape")
      return
    }
    image["width"] = .string("wide")
    list[position] = .object(image)
    document["images"] = .array(list)
    try Data(JSONWriter.bytes(.object(document), style: .storePretty)).write(to: URL(fileURLWithPath: path))
    #expect {
      _ = try store.snapshotDetails(of: "2")
    } throws: { error in
      guard case .corruptFile(let named, let reason) = error as? StoreError else { return false }
      return named == path && reason.contains("images[\(position)].width")
    }
  }
}
