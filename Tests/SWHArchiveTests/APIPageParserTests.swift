import JSONCore
import SWHArchive
import SWHModel
import SWHTestSupport
import Testing

/// The page parser on the recorded swh-web bodies: what it says of each page, and the list
/// the pages build.
@Suite struct APIPageParserTests {
  @Test func theRecorded4BranchPageIsOneWholePage() throws {
    var builder = SnapshotBuilder()
    let page = try APIPageParser.parse(JSONWriter.bytes(try SWHTestData.sample4Body(), style: .compactDRF), into: &builder)
    #expect(page.branchCount == 4)
    #expect(page.nextBranch == nil)
    #expect(page.id.hex == "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a")
    #expect(try builder.build().id.hex == "6a3a2cf0b2b90ce7ae1cf0a221ed68035b686f5a")
  }

  @Test func theTwoPagesOfThe1391BranchSnapshotChainByNextBranch() throws {
    let pages = try SWHTestData.cabcc7d7Pages()
    #expect(pages.count == 2)
    var builder = SnapshotBuilder()
    let first = try APIPageParser.parse(JSONWriter.bytes(pages[0], style: .compactDRF), into: &builder)
    #expect(first.nextBranch == "refs/tags/v3.0-rc7")
    #expect(first.id.hex == "cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
    let second = try APIPageParser.parse(JSONWriter.bytes(pages[1], style: .compactDRF), into: &builder)
    #expect(second.nextBranch == nil)
    #expect(first.branchCount + second.branchCount == 1391)
    #expect(try builder.build().id.hex == "cabcc7d7bf639bbe1cc3b41989e1806618dd5764")
  }
}
