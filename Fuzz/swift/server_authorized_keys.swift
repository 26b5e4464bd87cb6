// Target server_authorized_keys: the SSH server's reader of OpenSSH authorized_keys files
// (AuthorizedKeys.parse), which names the reviewer of every key. Oracles: an accepted key's
// reviewer name is non-empty, at most `maximumNameLength` characters and free of
// terminal-unsafe characters (it is recorded in approvals and drawn on screens); its line
// number points at a line of the input; a refusal's message holds no control character
// raw (the server prints it at start). The sources compiled with it are in scripts/fuzz
// (SERVER_AUTHORIZED_KEYS_SOURCES).
import TextEscaping

@_cdecl("LLVMFuzzerTestOneInput")
public func authorizedKeysFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
  let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
  do {
    let file = try AuthorizedKeys.parse(text, file: "keys\u{1B}[31m")
    for key in file.keys {
      oracle(!key.name.isEmpty && key.name.count <= AuthorizedKeys.maximumNameLength, "name \(key.name.debugDescription)")
      oracle(!TerminalUnsafe.occurs(in: key.name), "unsafe name accepted: \(key.name.debugDescription)")
      oracle((1...lines).contains(key.line), "line \(key.line) of \(lines)")
      oracle(key.fingerprint.hasPrefix("SHA256:"), "fingerprint \(key.fingerprint)")
    }
  } catch {
    oracle(!hasControlCharacter(error.description), "message holds a control character: \(error.description.debugDescription)")
  }
  return 0
}
