import Foundation
import HTTPTypes
import Hummingbird
import SnapshotStore
import Synchronization

/// Rendered Software Heritage snapshot pages, by request. A stored snapshot never changes (its
/// file is named by the hash of its branches and written once), so a page, once rendered, is
/// right forever. Rendering a page of 1,000 branches costs about 2.8 ms (docs/PERFORMANCE.md);
/// on 2 cores that alone would keep 50 concurrent clients near 70 ms a request, while a cached
/// page is a dictionary lookup. Bounded in bytes: when full, it starts over.
final class PageCache: Sendable {
  /// The request as sent: the id path segment, the raw `branches_from`, `branches_count` and
  /// `target_types` (nil when absent), and the format.
  struct Key: Hashable, Sendable {
    var id: String
    var from: String?
    var count: String?
    var types: String?
    var yaml: Bool
  }

  /// A page as every 200 answer sends it: the body as one `ByteBuffer` that each response
  /// shares (a ByteBuffer is copy-on-write and nothing writes to it, so a response costs a
  /// reference count, not a copy), and its headers built once. `perf record` of the release
  /// server under `wrk -c50` on one 190 KB page (docs/PERFORMANCE.md) put 17.7% of the
  /// server's CPU in copying the cached `[UInt8]` into a fresh ByteBuffer per request, with
  /// the page faults of that 190 KB allocation.
  struct Page: Sendable {
    let body: ByteBuffer
    /// Content-Type, Content-Length, Link (when there is a next page), ETag, Cache-Control.
    let headers: HTTPFields
    /// A strong validator: the SHA-256 of the body, quoted (the body holds the public URL,
    /// so a restart with another `--public-url` changes it).
    let entityTag: String

    init(body bytes: [UInt8], contentType: String, link: String?) {
      body = ByteBuffer(bytes: bytes)
      entityTag = "\"" + ContentHash.sha256Hex(bytes) + "\""
      var fields = HTTPFields()
      if let link { fields[.link] = "<\(link)>; rel=\"next\"" }
      fields[.contentType] = contentType
      fields[.contentLength] = String(bytes.count)
      fields[.eTag] = entityTag
      // Stored copies must be revalidated (If-None-Match, answered 304): the content of a
      // snapshot never changes, but the URLs in the body follow `--public-url`.
      fields[.cacheControl] = "no-cache"
      headers = fields
    }

    /// The full answer (HEAD drops the body later, keeping these headers).
    var response: Response {
      Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// `304 Not Modified` when `If-None-Match` names this page's tag: the validators and the
    /// caching header of the 200, no body (RFC 9110 §15.4.5).
    func notModified(ifNoneMatch: String?) -> Response? {
      guard let ifNoneMatch, EntityTags.anyMatches(ifNoneMatch, entityTag) else { return nil }
      var fields = HTTPFields()
      fields[.eTag] = entityTag
      fields[.cacheControl] = "no-cache"
      return Response(status: .notModified, headers: fields)
    }
  }

  private struct State {
    var pages: [Key: Page] = [:]
    var bytes = 0
  }

  private let state = Mutex(State())
  let capacity: Int

  init(capacity: Int = 64 << 20) {
    self.capacity = capacity
  }

  func page(_ key: Key) -> Page? {
    state.withLock { $0.pages[key] }
  }

  func store(_ page: Page, for key: Key) {
    let size = page.body.readableBytes + key.id.utf8.count + (key.from?.utf8.count ?? 0) + (key.types?.utf8.count ?? 0) + 128
    guard size <= capacity / 4 else { return }
    state.withLock { state in
      if state.bytes + size > capacity {
        state.pages.removeAll(keepingCapacity: true)
        state.bytes = 0
      }
      if state.pages.updateValue(page, forKey: key) == nil { state.bytes += size }
    }
  }
}

/// `If-None-Match` (RFC 9110 §13.1.2): `*` or a comma-separated list of entity tags, compared
/// weakly (`W/"x"` matches `"x"`).
enum EntityTags {
  static func anyMatches(_ header: String, _ tag: String) -> Bool {
    let wanted = opaque(Substring(tag))
    for item in header.split(separator: ",") {
      let candidate = item.trimmingCharacters(in: .whitespaces)
      if candidate == "*" { return true }
      if opaque(Substring(candidate)) == wanted { return true }
    }
    return false
  }

  private static func opaque(_ tag: Substring) -> Substring {
    tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
  }
}
