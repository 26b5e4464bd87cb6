#ifndef SNAPREV_PNGSHIM_H
#define SNAPREV_PNGSHIM_H

#include <stddef.h>
#include <stdint.h>

// Every entry point keeps libpng's setjmp/longjmp inside C: a libpng error
// returns a nonzero status and a message, never unwinds through Swift frames.

#define PNGSHIM_MESSAGE_SIZE 256

/// libpng's limits on ancillary chunks (png_set_chunk_malloc_max, png_set_chunk_cache_max).
#define PNGSHIM_CHUNK_MALLOC_MAX 8000000
#define PNGSHIM_CHUNK_CACHE_MAX 1000

typedef struct pngshim_decoder pngshim_decoder;

typedef struct {
  uint32_t width;
  uint32_t height;
  int bit_depth;
  int color_type;
  int interlaced;
} pngshim_info;

/// Opens an in-memory PNG and reads everything up to the first IDAT. A chunk that claims
/// more bytes than the input holds is refused before libpng sees the file.
/// On success returns a decoder and fills `info`; on failure returns NULL and
/// writes a message into `message` (PNGSHIM_MESSAGE_SIZE bytes).
pngshim_decoder *pngshim_decoder_open(const uint8_t *data, size_t length, pngshim_info *info,
                                      char *message);

/// Bytes `pngshim_decoder_finish` needs in its buffer: width*height*4, or a little more
/// (one byte per row) when the libdeflate fast path may be used.
size_t pngshim_decoder_buffer_size(pngshim_decoder *decoder, int allow_fast);

/// Decodes the image into `rgba` (`capacity` bytes, at least pngshim_decoder_buffer_size;
/// the image fills the first width*height*4, rows `width*4` apart), expanded to 8-bit
/// RGBA as pngjs does: palette/gray/RGB expanded, tRNS to alpha, 16-bit scaled with
/// rounding, no gamma. With `allow_fast`, 8-bit RGBA files go through the libdeflate fast
/// path first (same pixels; libpng takes over whenever it declines). Returns 0 on success.
int pngshim_decoder_finish(pngshim_decoder *decoder, uint8_t *rgba, size_t capacity, int allow_fast,
                           char *message);

void pngshim_decoder_close(pngshim_decoder *decoder);

/// Reads only the IHDR of an in-memory PNG (signature and IHDR CRC checked).
int pngshim_read_header(const uint8_t *data, size_t length, pngshim_info *info, char *message);

/// The chunk structure upload checks before storing a file, without inflating anything:
/// signature; every chunk inside the file with a letters-only type and a matching CRC;
/// IHDR first (13 bytes); at least one IDAT, all consecutive; no unknown critical chunk;
/// an IEND (bytes after it are ignored, as libpng ignores them); then the IHDR through
/// libpng (`pngshim_read_header`). Returns 0 and fills `info` when the file passes.
int pngshim_validate_structure(const uint8_t *data, size_t length, pngshim_info *info, char *message);

/// Encodes 8-bit pixels (`channels` 1 = gray, 4 = RGBA) into a PNG held in a
/// malloc'd buffer that the caller releases with pngshim_free. Levels 0-3 favour
/// speed: a single filter (Up for RGBA; None with RLE for gray masks).
int pngshim_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int compression_level, uint8_t **out, size_t *out_length, char *message);

void pngshim_free(void *pointer);

#endif
