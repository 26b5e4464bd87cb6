// Target server_multipart: the objectstore batch body sentry-cli uploads through
// (ObjectstoreBatch.parse: the boundary taken from Content-Type, MultipartKit's parser
// driven part by part, the x-sn-batch-operation headers, the truncation check).
// Input: the Content-Type value up to the first LF, then the body (seeds: sentry-cli's).
// Oracles (beyond no crash, leak or hang):
// - a boundary taken from Content-Type is 1 to 200 bytes;
// - a body cut short is refused or gives the very same batch (a truncated upload never
//   loses its last operations silently): cuts at the end, the middle, and around every
//   boundary line;
// - a parsed batch written back with MultipartKit's serializer (kind and key headers as
//   sentry-cli writes them) parses to the same operations.
// The sources compiled with it are in scripts/fuzz (SERVER_MULTIPART_SOURCES).
import Foundation
import MultipartKit

@_cdecl("LLVMFuzzerTestOneInput")
public func serverMultipartFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
  let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
  let body = Array(bytes[min(newline + 1, bytes.count)...])
  let boundary = ObjectstoreBatch.boundary(of: contentType)
  if let boundary { oracle((1...200).contains(boundary.utf8.count), "boundary of \(boundary.utf8.count) bytes") }
  guard let boundary, let operations = try? ObjectstoreBatch.parse(body, contentType: contentType) else { return 0 }

  var cuts = Set([body.count - 1, body.count / 2, max(0, body.count - 2)])
  let marker = Array("--\(boundary)".utf8)
  var index = 0
  while index + marker.count <= body.count && cuts.count < 64 {
    if body[index..<(index + marker.count)].elementsEqual(marker) {
      for offset in [-2, -1, 0, marker.count, marker.count + 1, marker.count + 2] where (0..<body.count).contains(index + offset) {
        cuts.insert(index + offset)
      }
      index += marker.count
    } else {
      index += 1
    }
  }
  for cut in cuts where cut >= 0 && cut < body.count {
    if let shorter = try? ObjectstoreBatch.parse(Array(body[..<cut]), contentType: contentType) {
      oracle(
        shorter == operations,
        "a body cut at \(cut) of \(body.count) bytes parsed as \(shorter.count) operation(s), the whole as \(operations.count)")
    }
  }

  var parts = [MultipartPart]()
  for operation in operations {
    var headers = HTTPHeaders()
    if operation.headers["x-sn-batch-operation-kind"] != nil {
      headers.add(name: "x-sn-batch-operation-kind", value: operation.kindText)
    }
    if operation.headers["x-sn-batch-operation-key"] != nil {
      headers.add(name: "x-sn-batch-operation-key", value: ObjectstoreBatch.percentEncodeAll(operation.key))
    }
    parts.append(MultipartPart(headers: headers, body: operation.body))
  }
  var buffer = ByteBuffer()
  do {
    try MultipartSerializer().serialize(parts: parts, boundary: boundary, into: &buffer)
  } catch {
    oracle(false, "the parsed batch cannot be written back: \(error)")
  }
  let written = buffer.readBytes(length: buffer.readableBytes) ?? []
  do {
    let again = try ObjectstoreBatch.parse(written, contentType: "multipart/form-data; boundary=\(boundary)")
    oracle(again.count == operations.count, "written batch has \(again.count) operations, not \(operations.count)")
    for (first, second) in zip(operations, again) {
      oracle(first.kind == second.kind && first.kindText == second.kindText, "kind changed: \(first.kindText.debugDescription)")
      oracle(first.key == second.key, "key changed: \(first.key.debugDescription) → \(second.key.debugDescription)")
      oracle(first.body == second.body, "body of \(first.body.count) bytes changed")
    }
  } catch {
    oracle(false, "the written batch does not parse: \(error)")
  }
  return 0
}
