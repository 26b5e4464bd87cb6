import Foundation
import SWHModel
import SWHTestSupport
import Testing

@Suite struct IdentifierTests {
  @Test func everyFixtureVectorHashesToItsID() throws {
    let vectors = try SWHTestData.vectors()
    #expect(vectors.count == 10)
    for vector in vectors {
      let computed = SnapshotIdentifier.compute(for: vector.branches)
      #expect(computed.hex == vector.expectedID, "\(vector.label)")
      if !vector.manifestHex.isEmpty {
        #expect(SWHTestData.hex(SnapshotIdentifier.manifest(of: vector.branches)) == vector.manifestHex, "\(vector.label)")
      }
      // The stored form hashes the same, both when built and when re-read.
      let list = try SWHTestData.list(vector.branches)
      #expect(list.id.hex == vector.expectedID, "\(vector.label)")
      #expect(list.computeIdentifier().hex == vector.expectedID, "\(vector.label)")
      #expect(list.count == vector.branches.count, "\(vector.label)")
    }
  }

  @Test func the1391BranchSnapshotAssembledFromItsTwoPages() throws {
    let list = try SWHTestData.cabcc7d7List()
    #expect(list.count == 1391)
    #expect(list.id.hex == "cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
    #expect(list.counts.all.revision == 754)
    #expect(list.counts.all.release == 636)
    #expect(list.counts.all.alias == 1)
    #expect(SWHID.snapshot(list.id) == "swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
  }

  @Test func emptyAndDanglingWorkedExamples() throws {
    #expect(SnapshotIdentifier.compute(for: []).hex == "1a8893e6a86f444e8be8e7bda6cb34fb1735a00e")
    #expect(SnapshotIdentifier.manifest(of: []) == Array("snapshot 0\u{0}".utf8))
    let dangling = [Branch(name: "HEAD", target: .dangling)]
    #expect(SnapshotIdentifier.compute(for: dangling).hex == "c84502e821eb21ed84e9fd3ec40973abc8b32353")
  }

  /// Derived vectors (not from upstream tests), computed with swh.model 8.4.1's
  /// `Snapshot(branches=…).id`; the fixture's derived set was not shipped.
  @Test(arguments: [
    ("utf8_name_and_alias", "e3c985543e948d57dd7398e58546f7075b8601b2"),
    ("non_utf8_name", "2c44dacab573b4f73bc129919f76c18be15a708d"),
    ("byte_order", "0214c0aea26b756dda0939157bcbd8cc3fdf9ce3"),
    ("nfc_vs_nfd", "8a950d89f28d741feeceaaaabe6c95ee938c327c"),
    ("utf8_vs_utf16_order", "060aacda4754d1a6765f66d6c805ac52f1977adf"),
    ("alias_chain_dangling", "ac315351ebada48e0b9ae3aab53cf7fc7ad45ed4"),
    ("self_alias", "dfcb6df439790f18eb32817f2885476e671415c1"),
    ("escapes_and_controls", "4ff5791acf0d4a27076d7437f53bc179cb7587dc"),
  ])
  func derivedVector(label: String, expected: String) throws {
    let branches = try #require(DerivedVectors.all[label])
    #expect(SnapshotIdentifier.compute(for: branches).hex == expected)
    // Input order never matters: reversed input gives the same id.
    #expect(SnapshotIdentifier.compute(for: branches.reversed()).hex == expected)
    #expect(try SWHTestData.list(branches.reversed()).id.hex == expected)
  }

  @Test func namesSortAsBytesNotAsSwiftStrings() throws {
    let nfc = Array("caf\u{e9}".utf8)
    let nfd = Array("cafe\u{301}".utf8)
    // Swift String equality would merge these two names; bytes keep them apart.
    #expect("caf\u{e9}" == "cafe\u{301}")
    let list = try SWHTestData.list([
      Branch(name: nfc, target: .dangling), Branch(name: nfd, target: .dangling),
    ])
    #expect(list.count == 2)
    #expect(list.name(at: 0) == nfd)  // "cafe…" < "caf\xc3…" as bytes
    let order = try SWHTestData.list(
      ["z", "é", "ab", "a/b", "a-b", "a", "B"].map { Branch(name: $0, target: .dangling) })
    #expect(order.branches.map { String(decoding: $0.name, as: UTF8.self) } == ["B", "a", "a-b", "a/b", "ab", "z", "é"])
  }

  @Test func swhidParsing() throws {
    let id = try SWHID.parseSnapshot("swh:1:snp:cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
    #expect(id.hex == "cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
    #expect(try SWHID.parseSnapshot("cabcc7d7bf639bbe1cc3b41989e1806618dd5764", allowBareHex: true) == id)
    #expect(throws: SWHIDError.badDigits("swh:1:snp:CABCC7D7BF639BBE1CC3B41989E1806618DD5764")) {
      try SWHID.parseSnapshot("swh:1:snp:CABCC7D7BF639BBE1CC3B41989E1806618DD5764")
    }
    #expect(throws: SWHIDError.notASnapshot("swh:1:rev:cabcc7d7bf639bbe1cc3b41989e1806618dd5764")) {
      try SWHID.parseSnapshot("swh:1:rev:cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
    }
    #expect(throws: SWHIDError.malformed("cabcc7d7")) { try SWHID.parseSnapshot("cabcc7d7") }
  }
}
