// Target terminal_input: what a terminal (or an SSH client typing into one) sends back, as
// the reviewer reads it. GraphicsDetection.parse reads the replies to the capability query
// (kitty APC, OSC 11 background, DA1, `CSI 16 t`); SGRMouse.decode splits keys into keys
// and mouse reports. Oracles: neither traps on any bytes; a parsed cell size is positive;
// every key that is not part of a report comes out once and in order, a report cut off at
// the end comes back whole as `pending`, and reported coordinates are 0-based (never
// negative). The sources compiled with it are in scripts/fuzz (TERMINAL_INPUT_SOURCES,
// TERMINAL_INPUT_MODULES).
import TerminalCanvas

@_cdecl("LLVMFuzzerTestOneInput")
public func terminalInputFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzBytes(data, size)
  let replies = GraphicsDetection.parse(bytes)
  if let cell = replies.cell { oracle(cell.width > 0 && cell.height > 0, "cell size \(cell) is not positive") }

  // Bytes as the curses layer hands them over: ESC as .escape, the rest as characters.
  let keys: [Key] = bytes.map { $0 == 0x1B ? .escape : .character(Character(Unicode.Scalar($0))) }
  let (events, pending) = SGRMouse.decode(keys)
  oracle(pending.isEmpty || pending.first == .escape, "pending input does not start a report")
  oracle(Array(keys.suffix(pending.count)) == pending, "pending input is not the end of the input")
  var passed: [Key] = []
  for event in events {
    switch event {
    case .key(let key): passed.append(key)
    case .mouse(let mouse): oracle(mouse.x >= 0 && mouse.y >= 0, "mouse report at \(mouse.x),\(mouse.y)")
    }
  }
  // Keys outside reports keep their order: they form a subsequence of the input.
  var position = keys.startIndex
  for key in passed {
    guard let found = keys[position...].firstIndex(of: key) else {
      oracle(false, "key \(key) came out of nowhere or out of order")
      return 0
    }
    position = found + 1
  }
  return 0
}
