// Target store_json: JSONCore (the one JSON parser and writer of the store, sidecars and
// the API bodies) and sidecar parsing.
// Oracles: parse → write → parse gives the same value in every writer style whose numbers
// read back as written (the store's pretty and inline files, swh-web's compact bodies),
// with the store's options (sorted, duplicates refused) and in document order; the written
// bytes are a fixed point; a sidecar's error message never carries a control character
// raw (issue 10, defect 2). The sources compiled with it are in scripts/fuzz
// (STORE_JSON_SOURCES, STORE_JSON_MODULES).
import JSONCore

@_cdecl("LLVMFuzzerTestOneInput")
public func storeJSONFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  // Document order survives only a writer that keeps it (compactDRF); sorted values survive all.
  let cases: [(JSONParseOptions, [JSONWriter.Style])] = [
    (.store, [.storePretty, .storeInline, .compactDRF]), (.documentOrder, [.compactDRF]),
  ]
  for (options, styles) in cases {
    guard let value = try? JSONParser.parse(bytes, options: options) else { continue }
    for style in styles {
      let written = JSONWriter.bytes(value, style: style)
      let reparsed: JSONValue
      do {
        reparsed = try JSONParser.parse(written, options: options)
      } catch {
        oracle(false, "written JSON does not parse: \(error): \(String(decoding: written, as: UTF8.self))")
        return 0
      }
      oracle(reparsed == value, "round trip changed the value: \(String(decoding: written, as: UTF8.self))")
      oracle(JSONWriter.bytes(reparsed, style: style) == written, "writing is not a fixed point")
    }
  }
  if case .failure(let problem) = Sidecar.parse(bytes) {
    oracle(
      !hasControlCharacter(problem.description),
      "sidecar message holds a control character: \(problem.description.debugDescription)")
  }
  return 0
}
