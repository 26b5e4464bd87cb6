// Shared by the C fuzz targets (PNG and zstd shims): the oracle failure and the check every
// shim message passes.
#ifndef SNAPREV_FUZZ_ORACLE_H
#define SNAPREV_FUZZ_ORACLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// An oracle failure: print why and abort, so libFuzzer writes the reproducer.
#define FUZZ_ORACLE(condition, ...)                     \
  do {                                                  \
    if (!(condition)) {                                 \
      fprintf(stderr, "ORACLE FAILURE: " __VA_ARGS__); \
      fputc('\n', stderr);                              \
      abort();                                          \
    }                                                   \
  } while (0)

// Every message a shim returns is quoted in errors shown on terminals or sent to clients:
// it must be NUL-terminated (within `capacity` bytes) printable ASCII, whatever the input held.
static inline void fuzz_check_printable(const char *message, size_t capacity) {
  size_t length = strnlen(message, capacity);
  FUZZ_ORACLE(length < capacity, "message not terminated");
  for (size_t i = 0; i < length; i++) {
    unsigned char c = (unsigned char)message[i];
    FUZZ_ORACLE(c >= 0x20 && c < 0x7f, "byte 0x%02x at %zu of message \"%s\" is not printable ASCII", c, i,
                message);
  }
}

#endif
