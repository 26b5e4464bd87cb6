// A fast decoder for the one format screenshots nearly always use: 8-bit RGBA,
// not interlaced. libdeflate inflates the whole IDAT stream at once (about 4x
// zlib's speed), and the rows are unfiltered in place with SSE2 where
// available. It never reports an error: anything unusual (a CRC mismatch, an
// unknown critical chunk, tRNS, chunk order, a size mismatch, a bad filter
// byte) makes it decline, and libpng decodes the file and gives its verdict.

#include "fastpath.h"
#include "chunk.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int is_type(const uint8_t *type, const char *name) { return memcmp(type, name, 4) == 0; }

#if defined(__SSE2__)
static inline __m128i load4(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return _mm_cvtsi32_si128((int)v);
}
static inline void store4(uint8_t *p, __m128i v) {
  uint32_t x = (uint32_t)_mm_cvtsi128_si32(v);
  memcpy(p, &x, 4);
}
static inline __m128i abs16(__m128i x) { return _mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x)); }
static inline __m128i select128(__m128i c, __m128i t, __m128i e) {
  return _mm_or_si128(_mm_and_si128(c, t), _mm_andnot_si128(c, e));
}
#else
static inline uint8_t paeth(int a, int b, int c) {
  int p = a + b - c;
  int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
  return (uint8_t)((pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c));
}
#endif

// Reverses one row's filter (PNG spec 9.2, 4 bytes per pixel). `out` may start before
// `raw` in the same buffer (the rows are unfiltered in place, each output row y+1 bytes
// before its filtered row): every byte is read, left to right, before the byte y+1 places
// further on is written, so nothing unread is overwritten. No `restrict` on them: the
// compiler must keep that order. `prev` is the previous output row, or zeros.
static int unfilter_row(uint8_t filter, uint8_t *out, const uint8_t *raw, const uint8_t *restrict prev,
                        size_t n) {
  switch (filter) {
  case 0: memmove(out, raw, n); return 0;
  case 2:
    for (size_t x = 0; x < n; x++) out[x] = (uint8_t)(raw[x] + prev[x]);
    return 0;
#if defined(__SSE2__)
  case 1: {
    __m128i a = _mm_setzero_si128();
    for (size_t x = 0; x < n; x += 4) {
      a = _mm_add_epi8(a, load4(raw + x));
      store4(out + x, a);
    }
    return 0;
  }
  case 3: {
    // floor((a + b) / 2) = avg_epu8 (which rounds up) minus the dropped low bit.
    __m128i a = _mm_setzero_si128(), one = _mm_set1_epi8(1);
    for (size_t x = 0; x < n; x += 4) {
      __m128i b = load4(prev + x);
      __m128i mean = _mm_sub_epi8(_mm_avg_epu8(a, b), _mm_and_si128(_mm_xor_si128(a, b), one));
      a = _mm_add_epi8(mean, load4(raw + x));
      store4(out + x, a);
    }
    return 0;
  }
  case 4: {
    // As libpng's filter_sse2_intrinsics.c: 16-bit lanes, ties favour a, then b, then c.
    __m128i zero = _mm_setzero_si128(), a = zero, b = zero, c = zero, d = zero;
    __m128i low = _mm_set1_epi16(0xff);
    for (size_t x = 0; x < n; x += 4) {
      c = b;
      b = _mm_unpacklo_epi8(load4(prev + x), zero);
      a = d;
      d = _mm_unpacklo_epi8(load4(raw + x), zero);
      __m128i pa = _mm_sub_epi16(b, c), pb = _mm_sub_epi16(a, c), pc = _mm_add_epi16(pa, pb);
      pa = abs16(pa);
      pb = abs16(pb);
      pc = abs16(pc);
      __m128i smallest = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
      __m128i nearest = select128(_mm_cmpeq_epi16(smallest, pa), a,
                                  select128(_mm_cmpeq_epi16(smallest, pb), b, c));
      d = _mm_and_si128(_mm_add_epi8(d, nearest), low);
      store4(out + x, _mm_packus_epi16(d, d));
    }
    return 0;
  }
#else
  case 1:
    for (size_t x = 0; x < n; x++) out[x] = (uint8_t)(raw[x] + (x >= 4 ? out[x - 4] : 0));
    return 0;
  case 3:
    for (size_t x = 0; x < n; x++)
      out[x] = (uint8_t)(raw[x] + (((x >= 4 ? out[x - 4] : 0) + prev[x]) >> 1));
    return 0;
  case 4:
    for (size_t x = 0; x < n; x++)
      out[x] = (uint8_t)(raw[x] + paeth(x >= 4 ? out[x - 4] : 0, prev[x], x >= 4 ? prev[x - 4] : 0));
    return 0;
#endif
  default: return 1;
  }
}

size_t pngshim_fast_buffer_size(uint32_t width, uint32_t height) {
  return ((size_t)width * 4 + 1) * (size_t)height;
}

int pngshim_fast_decode(const uint8_t *data, size_t length, uint32_t width, uint32_t height,
                        uint8_t *rgba, size_t capacity) {
  size_t stride = (size_t)width * 4;
  size_t filtered = pngshim_fast_buffer_size(width, height);
  if (width == 0 || height == 0 || capacity < filtered || length < 8 + 25) return 1;

  // IHDR exactly as the caller's libpng read it: 8-bit RGBA, deflate, adaptive, not interlaced.
  size_t offset = 8;
  const uint8_t *ihdr = data + offset + 8;
  if (chunk_be32(data + offset) != 13 || !is_type(data + offset + 4, "IHDR")) return 1;
  if (chunk_be32(ihdr) != width || chunk_be32(ihdr + 4) != height) return 1;
  if (ihdr[8] != 8 || ihdr[9] != 6 || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] != 0) return 1;
  if (libdeflate_crc32(0, data + offset + 4, 17) != chunk_be32(data + offset + 21)) return 1;
  offset += 25;

  // Walk the chunks, checking every CRC; the IDATs must be consecutive.
  const uint8_t *single_idat = NULL;
  size_t idat_total = 0, idat_count = 0;
  int idat_state = 0;  // 0 before, 1 inside, 2 after the IDAT run
  int ended = 0;
  while (offset + 12 <= length) {
    uint32_t chunk_length = chunk_be32(data + offset);
    if (chunk_length > length - offset - 12) return 1;
    const uint8_t *type = data + offset + 4;
    if (!chunk_type_is_letters(type)) return 1;
    if (libdeflate_crc32(0, type, 4 + (size_t)chunk_length) != chunk_be32(data + offset + 8 + chunk_length))
      return 1;
    int is_idat = is_type(type, "IDAT");
    if (is_idat) {
      if (idat_state == 2) return 1;
      idat_state = 1;
      single_idat = data + offset + 8;
      idat_total += chunk_length;
      idat_count++;
    } else {
      if (idat_state == 1) idat_state = 2;
      if (is_type(type, "IEND")) {
        ended = 1;
        break;
      }
      // Critical chunks other than a PLTE before the image data (a suggested palette,
      // unused for RGBA) go to libpng, and so does tRNS.
      if ((type[0] & 0x20) == 0 && !(is_type(type, "PLTE") && idat_state == 0)) return 1;
      if (is_type(type, "tRNS")) return 1;
    }
    offset += 12 + (size_t)chunk_length;
  }
  if (!ended || idat_count == 0 || idat_total < 2) return 1;

  // One contiguous zlib stream for libdeflate.
  uint8_t *joined = NULL;
  const uint8_t *stream = single_idat;
  if (idat_count > 1) {
    joined = malloc(idat_total ? idat_total : 1);
    if (joined == NULL) return 1;
    size_t at = 0;
    for (size_t o = 8 + 25; o + 12 <= length;) {
      uint32_t chunk_length = chunk_be32(data + o);
      if (is_type(data + o + 4, "IDAT")) {
        memcpy(joined + at, data + o + 8, chunk_length);
        at += chunk_length;
      } else if (is_type(data + o + 4, "IEND")) {
        break;
      }
      o += 12 + (size_t)chunk_length;
    }
    stream = joined;
  }
  // The zlib header declares a window of 2^(8+CINFO) bytes. libpng inflates with that window
  // and refuses a distance reaching further back ("invalid distance too far back"); libdeflate
  // always keeps 32 KB and cannot tell. No distance reaches before the start of the output,
  // so a smaller window is safe when the whole filtered image fits in it (libpng's writer
  // picks exactly such a window for data under 16 KB); otherwise libpng judges the stream.
  // CINFO 7 is deflate's own 32 KB limit, and libdeflate refuses CINFO above 7.
  unsigned window_bits = 8u + (stream[0] >> 4);
  if (window_bits < 15 && filtered > ((size_t)1 << window_bits)) {
    free(joined);
    return 1;
  }

  struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
  if (inflater == NULL) {
    free(joined);
    return 1;
  }
  size_t produced = 0;
  enum libdeflate_result result =
      libdeflate_zlib_decompress(inflater, stream, idat_total, rgba, filtered, &produced);
  libdeflate_free_decompressor(inflater);
  free(joined);
  if (result != LIBDEFLATE_SUCCESS || produced != filtered) return 1;

  // Unfilter in place: output row y starts y+1 bytes before its filtered row, and is written
  // left to right over bytes already read (unfilter_row). A copy of each row to scratch
  // first was 6 % of `snaprev diff`'s CPU (perf, 2026-12-02).
  uint8_t *zeros = calloc(stride, 1);
  if (zeros == NULL) return 1;
  int status = 0;
  for (uint32_t y = 0; y < height && status == 0; y++) {
    const uint8_t *source = rgba + (size_t)y * (stride + 1);
    uint8_t filter = source[0];
    uint8_t *out = rgba + (size_t)y * stride;
    status = unfilter_row(filter, out, source + 1, y ? out - stride : zeros, stride);
  }
  free(zeros);
  return status;
}
