// Target server_requests: what `snaprev serve` itself reads from a request before any
// handler runs, and the create-snapshot manifest: RequestPath.parse (the path checks: `.`
// and `..` segments, encoded NUL and `/`, bad escapes, invalid UTF-8), QueryParameters'
// form decoding, and SnapshotManifest.parse (sentry-cli's JSON body: fields, image names,
// hashes, sizes). Every input goes through all three.
// Oracles (beyond no crash, leak or hang):
// - path: an accepted path has no `.`/`..` segment and no NUL or `/` inside a segment; a
//   raw path holding a NUL byte or `%00` is refused; re-encoding the segments parses back
//   to the same path.
// - query: form encoding any text and decoding it gives the text back.
// - manifest: a refusal is a 400 whose detail holds no control character (sentry-cli
//   prints it to a terminal); an accepted manifest keeps the limits (image count, names
//   that pass the upload name rules and end in .png, SHA-256 hashes, names sorted and
//   unique, no size keys in a sidecar) and, written back as JSON, parses to itself.
// The sources compiled with it are in scripts/fuzz (SERVER_REQUESTS_SOURCES; ObjectstoreBatch
// for its percent-encoder, the one sentry-cli's keys are written with).
import JSONCore
import SnapshotModel
import SnapshotStore

@_cdecl("LLVMFuzzerTestOneInput")
public func serverRequestsFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  checkPath(String(decoding: bytes, as: UTF8.self))
  checkQuery(String(decoding: bytes, as: UTF8.self))
  checkManifest(bytes)
  return 0
}

private func checkPath(_ raw: String) {
  let lowered = raw.lowercased()
  switch RequestPath.parse(raw) {
  case .failure(let problem):
    oracle(!hasControlCharacter(problem.description), "path problem message holds a control character")
  case .success(let path):
    oracle(!raw.utf8.contains(0) && !lowered.contains("%00"), "a NUL in the path was accepted: \(raw.debugDescription)")
    for segment in path.segments {
      // Bytes, not Characters: "/" followed by a combining mark is one Character.
      oracle(!["..", "."].contains { segment.utf8.elementsEqual($0.utf8) }, "dot segment accepted: \(raw.debugDescription)")
      oracle(!segment.utf8.contains(0) && !segment.utf8.contains(UInt8(ascii: "/")), "NUL or / inside a segment: \(raw.debugDescription)")
    }
    let rebuilt = "/" + path.segments.map(ObjectstoreBatch.percentEncodeAll).joined(separator: "/") + (path.trailingSlash ? "/" : "")
    guard case .success(let again) = RequestPath.parse(rebuilt) else {
      oracle(false, "re-encoded path refused: \(rebuilt.debugDescription)")
      return
    }
    // "" and "/" have no segment to re-encode ("/" would become "//").
    if !path.segments.isEmpty {
      oracle(again == path, "re-encoded path parses differently: \(raw.debugDescription) → \(rebuilt.debugDescription)")
    }
  }
}

private func checkQuery(_ raw: String) {
  let parameters = QueryParameters(raw)
  _ = parameters["download"]
  oracle(QueryParameters.formDecode(Array(ObjectstoreBatch.percentEncodeAll(raw).utf8)) == raw, "form decoding did not invert encoding: \(raw.debugDescription)")
}

private func checkManifest(_ bytes: [UInt8]) {
  let manifest: SnapshotManifest
  do {
    manifest = try SnapshotManifest.parse(bytes, maxImages: 64)
  } catch {
    oracle(error.status == .badRequest, "manifest refused with \(error.status)")
    oracle(!hasControlCharacter(error.detail), "manifest detail holds a control character: \(error.detail.debugDescription)")
    return
  }
  oracle(manifest.images.count <= 64, "\(manifest.images.count) images over the limit of 64")
  var previous: String? = nil
  for image in manifest.images {
    oracle(previous.map { $0 < image.name } ?? true, "images not sorted and unique at \(image.name.debugDescription)")
    previous = image.name
    oracle(ImageNames.validate(image.name) == .success(image.name), "bad name accepted: \(image.name.debugDescription)")
    oracle(image.name.hasSuffix(".png"), "name without .png accepted: \(image.name.debugDescription)")
    oracle(ContentHash.isSHA256Hex(image.contentHash), "bad content_hash accepted: \(image.contentHash.debugDescription)")
    oracle(
      image.sidecar["content_hash"] == nil && image.sidecar["width"] == nil && image.sidecar["height"] == nil,
      "a size or hash key left in the sidecar")
  }
  let written = JSONWriter.bytes(manifestJSON(manifest), style: .storeInline)
  do {
    let again = try SnapshotManifest.parse(written, maxImages: 64)
    oracle(again == manifest, "written manifest parses differently: \(String(decoding: written, as: UTF8.self))")
  } catch {
    oracle(false, "written manifest refused: \(error.detail): \(String(decoding: written, as: UTF8.self))")
  }
}

/// The manifest as sentry-cli would send it.
private func manifestJSON(_ manifest: SnapshotManifest) -> JSONValue {
  var top = [String: JSONValue]()
  let strings: [(String, String?)] = [
    ("app_id", manifest.appId), ("head_sha", manifest.vcs.headSha), ("base_sha", manifest.vcs.baseSha),
    ("head_ref", manifest.vcs.headRef), ("base_ref", manifest.vcs.baseRef), ("head_repo_name", manifest.vcs.headRepoName),
    ("base_repo_name", manifest.vcs.baseRepoName), ("provider", manifest.vcs.provider),
  ]
  for (key, value) in strings { if let value { top[key] = .string(value) } }
  if let number = manifest.vcs.prNumber { top["pr_number"] = .int(number) }
  if let threshold = manifest.diffThreshold { top["diff_threshold"] = .double(threshold) }
  top["selective"] = .bool(manifest.selective)
  if let names = manifest.allImageFileNames { top["all_image_file_names"] = .array(names.map { .string($0) }) }
  var images = [String: JSONValue]()
  for image in manifest.images {
    var entry = image.sidecar.dictionary
    entry["content_hash"] = .string(image.contentHash)
    images[image.name] = .object(JSONObject(entry))
  }
  top["images"] = .object(JSONObject(images))
  return .object(JSONObject(top))
}
