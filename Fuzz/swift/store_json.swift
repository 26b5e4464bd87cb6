// Target store_json: the store's JSON parser and writer, and sidecar parsing.
// Oracles: parse → write → parse gives the same value (pretty and compact), and the
// written bytes are a fixed point (writing the reparsed value gives the same bytes);
// a sidecar's error message never carries a control character raw (issue 10, defect 2).
// The sources compiled with it are listed in scripts/fuzz (STORE_JSON_SOURCES).

@_cdecl("LLVMFuzzerTestOneInput")
public func storeJSONFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  if let value = try? StoreJSONParser.parse(bytes) {
    for pretty in [true, false] {
      let written = StoreJSONWriter.bytes(value, pretty: pretty)
      let reparsed: StoreJSON
      do {
        reparsed = try StoreJSONParser.parse(written)
      } catch {
        oracle(false, "written JSON does not parse: \(error.description): \(String(decoding: written, as: UTF8.self))")
        return 0
      }
      oracle(reparsed == value, "round trip changed the value (pretty: \(pretty))")
      oracle(StoreJSONWriter.bytes(reparsed, pretty: pretty) == written, "writing is not a fixed point")
    }
  }
  if case .failure(let problem) = Sidecar.parse(bytes) {
    oracle(!hasControlCharacter(problem.description), "sidecar message holds a control character: \(problem.description.debugDescription)")
  }
  return 0
}
