import FoundationEssentials

// Target http_headers: the two response headers the archive importer reads from a server,
// `Retry-After` (RetryAfter.seconds) and `Link` (LinkHeader.target).
// Oracles: a wait is finite and never negative; a link target is text that stood between
// "<" and ">" in the header.

@_cdecl("LLVMFuzzerTestOneInput")
public func httpHeadersFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
  let now = Date(timeIntervalSince1970: 1_700_000_000)
  if let wait = RetryAfter.seconds(text, now: now) {
    oracle(wait.isFinite && wait >= 0, "Retry-After gave \(wait)")
  }
  if let target = LinkHeader.target(text, relation: "next") {
    oracle(!target.contains(">"), "a link target holds '>'")
    oracle(text.contains("<" + target + ">"), "a link target that was not between < and >")
  }
  return 0
}
