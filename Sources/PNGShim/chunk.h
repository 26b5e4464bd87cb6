// Chunk-level helpers shared by the libpng shim and the fast path (internal to PNGShim).
#ifndef SNAPREV_PNGSHIM_CHUNK_H
#define SNAPREV_PNGSHIM_CHUNK_H

#include <stdint.h>

static inline uint32_t chunk_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

// libpng refuses a chunk whose type is not four ASCII letters (png_check_chunk_name),
// wherever it stands, even after the image data where unknown ancillary chunks are skipped.
static inline int chunk_type_is_letters(const uint8_t *type) {
  for (int i = 0; i < 4; i++) {
    uint8_t c = type[i] | 0x20;
    if (c < 'a' || c > 'z') return 0;
  }
  return 1;
}

#endif
