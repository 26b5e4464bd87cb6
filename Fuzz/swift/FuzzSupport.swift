// Shared by the Swift fuzz targets (compiled into each target's module by scripts/fuzz).
#if canImport(Glibc)
  import Glibc
#endif

/// An oracle failure: print why and abort, so libFuzzer writes the reproducer.
func oracle(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition {
    fputs("ORACLE FAILURE: \(message())\n", stderr)
    abort()
  }
}

/// The fuzz input as bytes.
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  guard let data, size > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Whether text holds a C0 or C1 control character or DEL (which would reach a terminal
/// raw if a message quoting it were printed).
func hasControlCharacter(_ text: String) -> Bool {
  text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
}
