// Target upload_names: the rules for an uploaded image's name (ImageNames.validate).
// Oracles: an accepted name is the input decoded exactly (no lossy conversion), and it
// holds no control character, no "..", no backslash, no empty component and no leading
// "/"; the byte and the text entry points agree.

@_cdecl("LLVMFuzzerTestOneInput")
public func uploadNamesFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  let result = ImageNames.validate(bytes)
  if case .success(let name) = result {
    oracle(Array(name.utf8) == bytes, "accepted name is not the input's bytes")
    oracle(!name.unicodeScalars.contains { $0.properties.generalCategory == .control }, "control character accepted")
    oracle(!name.contains("..") && !name.contains("\\") && !name.hasPrefix("/"), "forbidden sequence accepted")
    oracle(!name.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty }, "empty component")
  }
  if let text = String(validating: bytes, as: UTF8.self) {
    oracle(ImageNames.validate(text) == result, "byte and text rules disagree")
  } else {
    oracle(result == .failure(.notUTF8), "invalid UTF-8 not refused as such")
  }
  return 0
}
