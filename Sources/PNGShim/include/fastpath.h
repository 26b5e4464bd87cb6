#ifndef SNAPREV_PNGSHIM_FASTPATH_H
#define SNAPREV_PNGSHIM_FASTPATH_H

#include <stddef.h>
#include <stdint.h>

/// Bytes the fast path needs in its output buffer for a width x height image: the
/// filtered rows are inflated there and unfiltered in place.
size_t pngshim_fast_buffer_size(uint32_t width, uint32_t height);

/// Decodes an 8-bit RGBA, non-interlaced PNG whose IHDR libpng has already accepted
/// into `rgba` (rows `width*4` apart), using libdeflate. Returns 0 when done; nonzero
/// when it declines (any format or integrity question), leaving libpng to decode and
/// judge the file. `capacity` must be at least pngshim_fast_buffer_size.
int pngshim_fast_decode(const uint8_t *data, size_t length, uint32_t width, uint32_t height,
                        uint8_t *rgba, size_t capacity);

#endif
