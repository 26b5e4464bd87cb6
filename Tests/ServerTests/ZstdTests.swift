import Testing

@testable import SnaprevServer

@Suite struct ZstdTests {
  @Test func roundTripsBothFrameKinds() throws {
    let data = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 31 / 7) })
    for streamed in [false, true] {
      let packed = try Zstd.compress(data, streamed: streamed)
      #expect(packed.count < data.count)
      #expect(try Zstd.decompress(packed, limit: data.count) == data)
    }
  }

  @Test func aFrameWithoutContentSizeDecodes() throws {
    // sentry-cli's manifest: frame header descriptor byte 0x00 (no content size).
    let json = Array(#"{"app_id":"a","images":{}}"#.utf8)
    let packed = try Zstd.compress(json, streamed: true)
    #expect(packed[4] & 0xC0 == 0)
    #expect(try Zstd.decompress(packed, limit: 1 << 20) == json)
  }

  @Test func aBombStopsAtTheLimit() throws {
    let zeros = [UInt8](repeating: 0, count: 64 << 20)
    let bomb = try Zstd.compress(zeros, level: 19)
    #expect(bomb.count < 10_000)
    #expect(throws: Zstd.Failure.tooLarge(limit: 1 << 20)) { try Zstd.decompress(bomb, limit: 1 << 20) }
    // Exactly at the limit is fine.
    #expect(try Zstd.decompress(try Zstd.compress([UInt8](repeating: 7, count: 4096)), limit: 4096).count == 4096)
  }

  @Test func truncatedAndGarbageAreErrors() throws {
    let packed = try Zstd.compress(Array(repeating: 42, count: 50_000) + Array(0..<200), streamed: true)
    #expect(throws: Zstd.Failure.truncated) { try Zstd.decompress(Array(packed.dropLast(3)), limit: 1 << 20) }
    #expect(throws: (any Error).self) { try Zstd.decompress(Array("not zstd at all".utf8), limit: 1 << 20) }
    #expect(throws: Zstd.Failure.truncated) { try Zstd.decompress([], limit: 1 << 20) }
  }
}
