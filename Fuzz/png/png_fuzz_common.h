// Shared by the PNG fuzz targets: libFuzzer entry points around the C shim
// (Sources/PNGShim), the only code that touches libpng and libdeflate.
#ifndef SNAPREV_FUZZ_PNG_COMMON_H
#define SNAPREV_FUZZ_PNG_COMMON_H

#include "fuzz_oracle.h"
#include "pngshim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

// Canvases the fuzzers decode: 4 M pixels (16 MB of RGBA) keeps each run far below
// libFuzzer's 2 GB RSS limit while allowing every row and filter layout; the product
// refuses over 40 M pixels by the same check (PNGCodec.decode).
#define FUZZ_PIXEL_LIMIT (4u * 1024u * 1024u)

// Every message the shim returns is quoted in errors shown on terminals.
static inline void fuzz_check_message(const char *message) { fuzz_check_printable(message, PNGSHIM_MESSAGE_SIZE); }

// Structure-aware mutation: libFuzzer's byte mutations almost always break a chunk CRC,
// and the shim (like libpng) stops at the first bad CRC, so plain mutation never gets
// past the IHDR. After mutating, most inputs get every chunk's CRC recomputed and the
// first IDAT's zlib header check bits (FCHECK) repaired, keeping its window size (CINFO)
// as mutated; one input in eight keeps its broken CRCs so the CRC checks stay covered.
// One input in four gets a structural mutation instead of libFuzzer's (below).
static void fuzz_repair_chunks(uint8_t *data, size_t size) {
  size_t offset = 8;
  int first_idat = 1;
  while (size >= 12 && offset <= size - 12) {
    uint32_t length = ((uint32_t)data[offset] << 24) | ((uint32_t)data[offset + 1] << 16) |
                      ((uint32_t)data[offset + 2] << 8) | data[offset + 3];
    if (length > size - offset - 12) return;
    uint8_t *type = data + offset + 4;
    if (first_idat && memcmp(type, "IDAT", 4) == 0 && length >= 2) {
      first_idat = 0;
      uint8_t *cmf = type + 4;
      if ((cmf[0] & 0x0f) == 8) {
        unsigned flags = cmf[1] & 0xe0;  // FLEVEL and FDICT kept, FCHECK recomputed
        cmf[1] = (uint8_t)(flags + (31 - ((cmf[0] * 256u + flags) % 31)) % 31);
      }
    }
    uLong crc = crc32(0L, type, 4 + length);
    uint8_t *out = type + 4 + length;
    out[0] = (uint8_t)(crc >> 24);
    out[1] = (uint8_t)(crc >> 16);
    out[2] = (uint8_t)(crc >> 8);
    out[3] = (uint8_t)crc;
    offset += 12 + (size_t)length;
  }
}

// Structural mutations byte flips rarely make: one chunk's type byte replaced (invalid
// types, critical/ancillary and reserved bits, unknown chunks), or the first IDAT's zlib
// window size (CINFO) set to a random value. The CRC repair then makes the result reach
// the code that judges it.
static void fuzz_mutate_structure(uint8_t *data, size_t size, unsigned int seed) {
  size_t chunks[64];
  size_t count = 0, offset = 8, first_idat = 0;
  while (size >= 12 && offset <= size - 12 && count < 64) {
    uint32_t length = ((uint32_t)data[offset] << 24) | ((uint32_t)data[offset + 1] << 16) |
                      ((uint32_t)data[offset + 2] << 8) | data[offset + 3];
    if (length > size - offset - 12) break;
    if (first_idat == 0 && length >= 2 && memcmp(data + offset + 4, "IDAT", 4) == 0) first_idat = offset + 8;
    chunks[count++] = offset;
    offset += 12 + (size_t)length;
  }
  if (count == 0) return;
  if ((seed >> 4) % 2 == 0 && first_idat != 0) {
    data[first_idat] = (uint8_t)((data[first_idat] & 0x0f) | (((seed >> 8) % 8) << 4));
  } else {
    size_t chunk = chunks[(seed >> 8) % count];
    data[chunk + 4 + (seed >> 16) % 4] = (uint8_t)(seed >> 20);
  }
}

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  size_t mutated = seed % 4 == 1 ? size : LLVMFuzzerMutate(data, size, max_size);
  if (seed % 4 == 1) fuzz_mutate_structure(data, mutated, seed);
  if (seed % 8 != 0) fuzz_repair_chunks(data, mutated);
  return mutated;
}

#endif
