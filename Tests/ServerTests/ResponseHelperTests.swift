import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import SnaprevServer

/// The small pieces of the response path that replaced per-request work.
@Suite struct ResponseHelperTests {
  @Test func requestDurationsAreLoggedInTenthsOfAMillisecond() {
    #expect(ServerResponder.milliseconds(.zero) == "0.0")
    #expect(ServerResponder.milliseconds(.microseconds(49)) == "0.0")
    #expect(ServerResponder.milliseconds(.microseconds(50)) == "0.1")
    #expect(ServerResponder.milliseconds(.microseconds(12_345)) == "12.3")
    #expect(ServerResponder.milliseconds(.microseconds(12_351)) == "12.4")
    #expect(ServerResponder.milliseconds(.seconds(2) + .microseconds(7_960)) == "2008.0")
  }

  @Test func loggedPathsEscapeOnlyWhatIsUnsafe() {
    #expect(ServerResponder.loggable("/api/1/snapshot/ab/") == "/api/1/snapshot/ab/")
    #expect(ServerResponder.loggable("/a\u{1B}[2J/é") == "/a\\u{1b}[2J/\\u{e9}")
    #expect(ServerResponder.loggable(String(repeating: "a", count: 400)) == String(repeating: "a", count: 300))
  }

  @Test func ifNoneMatchComparesTagsWeakly() {
    let tag = "\"abc\""
    #expect(EntityTags.anyMatches("\"abc\"", tag))
    #expect(EntityTags.anyMatches("W/\"abc\"", tag))
    #expect(EntityTags.anyMatches("\"x\", W/\"abc\"", tag))
    #expect(EntityTags.anyMatches("*", tag))
    #expect(!EntityTags.anyMatches("\"abcd\"", tag))
    #expect(!EntityTags.anyMatches("abc", tag))
    #expect(!EntityTags.anyMatches("", tag))
  }

  @Test func aCachedPageIsSharedNotCopiedAndAnswers304ToItsTag() async throws {
    let body = Array("{\"id\":\"x\"}".utf8)
    let page = PageCache.Page(body: body, contentType: "application/json", link: "http://h/next")
    #expect(page.response.headers[.contentLength] == String(body.count))
    #expect(page.response.headers[.link] == "<http://h/next>; rel=\"next\"")
    #expect(page.response.headers[.eTag] == page.entityTag && page.entityTag.count == 66)
    // Every answer writes the cached page's own storage: no per-request copy.
    let cached = page.body.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    for _ in 0..<2 {
      let writer = CollectingWriter()
      try await page.response.body.write(writer)
      #expect(writer.record.addresses == [cached] && writer.record.bytes == body)
    }
    #expect(page.notModified(ifNoneMatch: nil) == nil)
    #expect(page.notModified(ifNoneMatch: "\"nope\"") == nil)
    let notModified = try #require(page.notModified(ifNoneMatch: page.entityTag))
    #expect(notModified.status == .notModified && notModified.headers[.eTag] == page.entityTag)
    #expect(notModified.body.contentLength == 0)
  }
}

/// A response body writer that keeps what it is given: each buffer's storage address and the bytes.
struct CollectingWriter: ResponseBodyWriter {
  final class Record {
    var addresses: [UInt] = []
    var bytes: [UInt8] = []
  }
  let record = Record()

  mutating func write(_ buffer: ByteBuffer) async throws {
    record.addresses.append(buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) })
    record.bytes += buffer.readableBytesView
  }

  consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
