#include "pngshim.h"

#include "fastpath.h"
#include "chunk.h"

#include <libdeflate.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <stdint.h>
#include <sys/mman.h>

typedef struct {
  const uint8_t *data;
  size_t length;
  size_t offset;
} memory_reader;

struct pngshim_decoder {
  png_structp png;
  png_infop info;
  memory_reader reader;
  char *message; // where the error callback writes; points at the caller's buffer
};

static void copy_message(char *message, const char *text) {
  if (message == NULL) return;
  snprintf(message, PNGSHIM_MESSAGE_SIZE, "%s", text);
}

static void on_error(png_structp png, png_const_charp text) {
  char *message = (char *)png_get_error_ptr(png);
  copy_message(message, text);
  png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
  (void)png;
  (void)text; // warnings (bad ancillary chunks, etc.) do not stop decoding
}

static void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
  memory_reader *reader = (memory_reader *)png_get_io_ptr(png);
  if (reader->length - reader->offset < count) {
    png_error(png, "unexpected end of file (truncated PNG)");
    return;
  }
  memcpy(out, reader->data + reader->offset, count);
  reader->offset += count;
}

static int fill_info(png_structp png, png_infop info, pngshim_info *out) {
  out->width = png_get_image_width(png, info);
  out->height = png_get_image_height(png, info);
  out->bit_depth = png_get_bit_depth(png, info);
  out->color_type = png_get_color_type(png, info);
  out->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
  return 0;
}

static int check_signature(const uint8_t *data, size_t length, char *message) {
  if (length < 8) {
    copy_message(message, "file too short to be a PNG");
    return 1;
  }
  if (png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
    // Same wording libpng uses, including its ASCII-conversion diagnosis.
    static const uint8_t sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    if (memcmp(data, sig, 4) == 0)
      copy_message(message, "PNG file corrupted by ASCII conversion");
    else
      copy_message(message, "Not a PNG file");
    return 1;
  }
  return 0;
}

// The chunk type for a message: the four bytes when they are ASCII letters (every valid
// type is), else hex, so hostile bytes never reach a terminal raw.
static void describe_type(const uint8_t *type, char out[12]) {
  int letters = 1;
  for (int i = 0; i < 4; i++) {
    uint8_t c = type[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) letters = 0;
  }
  if (letters)
    snprintf(out, 12, "%c%c%c%c", type[0], type[1], type[2], type[3]);
  else
    snprintf(out, 12, "0x%02x%02x%02x%02x", type[0], type[1], type[2], type[3]);
}

// Refuses the chunk at `offset` (whose 8-byte length and type are in the input) when it
// claims more than the input holds: its data plus the 4-byte CRC. 0 when it fits.
static int check_chunk_fits(const uint8_t *data, size_t length, size_t offset, char *message) {
  uint32_t claimed = chunk_be32(data + offset);
  size_t remaining = length - offset - 8;  // after the length and type fields
  if (claimed <= PNG_UINT_31_MAX && (size_t)claimed + 4 <= remaining) return 0;
  char type[12];
  describe_type(data + offset + 4, type);
  snprintf(message, PNGSHIM_MESSAGE_SIZE,
           "%s chunk at byte %zu claims %u data bytes, but only %zu bytes remain in the file", type, offset,
           claimed, remaining >= 4 ? remaining - 4 : 0);
  return 1;
}

// First wall against hostile lengths: walks the chunk headers up to IEND (no CRCs: that is
// libpng's job, and `pngshim_validate_structure`'s) and refuses a chunk that claims more
// bytes than the file has left. libpng treats an ancillary chunk over its malloc limit as
// a *warning*, then allocates and zeroes the declared length before reading it: a 41-byte
// file with a tEXt claiming 1.8 GB cost 2.1 GB of RSS. After this check no chunk libpng
// reads can be longer than the input itself.
static int check_chunk_lengths(const uint8_t *data, size_t length, char *message) {
  for (size_t offset = 8; length - offset >= 8; offset += 12 + (size_t)chunk_be32(data + offset)) {
    if (check_chunk_fits(data, length, offset, message) != 0) return 1;
    if (memcmp(data + offset + 4, "IEND", 4) == 0) return 0;
  }
  return 0;  // no IEND: libpng says what is missing
}

pngshim_decoder *pngshim_decoder_open(const uint8_t *data, size_t length, pngshim_info *info,
                                      char *message) {
  if (check_signature(data, length, message) != 0) return NULL;
  if (check_chunk_lengths(data, length, message) != 0) return NULL;
  pngshim_decoder *decoder = calloc(1, sizeof(*decoder));
  if (decoder == NULL) {
    copy_message(message, "out of memory");
    return NULL;
  }
  decoder->reader = (memory_reader){data, length, 0};
  decoder->message = message;
  decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, message, on_error, on_warning);
  if (decoder->png == NULL) {
    copy_message(message, "png_create_read_struct failed");
    free(decoder);
    return NULL;
  }
  decoder->info = png_create_info_struct(decoder->png);
  if (decoder->info == NULL) {
    copy_message(message, "png_create_info_struct failed");
    png_destroy_read_struct(&decoder->png, NULL, NULL);
    free(decoder);
    return NULL;
  }
  if (setjmp(png_jmpbuf(decoder->png))) {
    png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
    free(decoder);
    return NULL;
  }
  png_set_read_fn(decoder->png, &decoder->reader, read_from_memory);
  // Images far beyond any pixel limit are refused by the caller from the header;
  // lift libpng's own 1,000,000-per-side default so that check is ours to make.
  png_set_user_limits(decoder->png, 0x7fffffff, 0x7fffffff);
  // Second wall, libpng's own: ancillary chunks (and what zTXt/iTXt/iCCP decompress to) over
  // 8 MB are dropped with a warning (the largest ICC profile in PngSuite is 3 KB; real ones
  // stay under 1 MB), and a file may hold at most 1,000 unknown/text/sPLT chunks.
  png_set_chunk_malloc_max(decoder->png, PNGSHIM_CHUNK_MALLOC_MAX);
  png_set_chunk_cache_max(decoder->png, PNGSHIM_CHUNK_CACHE_MAX);
#ifdef PNG_IGNORE_ADLER32
  // Every IDAT chunk's CRC-32 (still checked) already covers the zlib stream, so the
  // Adler-32 is a second checksum over the same bytes; skipping it saves ~6% of decode.
  png_set_option(decoder->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_read_info(decoder->png, decoder->info);
  fill_info(decoder->png, decoder->info, info);
  return decoder;
}

static int fast_path_applies(pngshim_decoder *decoder) {
  png_structp png = decoder->png;
  png_infop info = decoder->info;
  return png_get_bit_depth(png, info) == 8 && png_get_color_type(png, info) == PNG_COLOR_TYPE_RGBA &&
         png_get_interlace_type(png, info) == PNG_INTERLACE_NONE;
}

size_t pngshim_decoder_buffer_size(pngshim_decoder *decoder, int allow_fast) {
  uint32_t width = png_get_image_width(decoder->png, decoder->info);
  uint32_t height = png_get_image_height(decoder->png, decoder->info);
  if (allow_fast && fast_path_applies(decoder)) return pngshim_fast_buffer_size(width, height);
  return (size_t)width * height * 4;
}

// Asks for transparent huge pages on the 2 MB-aligned interior of a fresh output buffer,
// before its first write. A 1170x2532 image is 11.9 MB: 2,894 first-touch page faults at
// 4 KB, 5 at 2 MB. Measured on `snaprev diff base.png small_change.png` (release, one-shot,
// 2 cores, THP "madvise" as Debian ships it): 6,944 page faults and 28.0 ms of system time
// without, 2,345 and 12.9 ms with; wall 67.3 -> 45.0 ms (docs/PERFORMANCE.md). Advice only:
// where THP is off or no huge page is free, the kernel falls back to 4 KB pages.
static void advise_huge_pages(uint8_t *buffer, size_t length) {
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t start = ((uintptr_t)buffer + huge - 1) & ~(huge - 1);
  uintptr_t end = ((uintptr_t)buffer + length) & ~(huge - 1);
  if (end > start) (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
}

int pngshim_decoder_finish(pngshim_decoder *decoder, uint8_t *rgba, size_t capacity, int allow_fast,
                           char *message) {
  advise_huge_pages(rgba, capacity);
  png_structp png = decoder->png;
  png_infop info = decoder->info;
  if (allow_fast && fast_path_applies(decoder) &&
      pngshim_fast_decode(decoder->reader.data, decoder->reader.length, png_get_image_width(png, info),
                          png_get_image_height(png, info), rgba, capacity) == 0)
    return 0;
  decoder->message = message;
  png_set_error_fn(png, message, on_error, on_warning);
  png_bytep *volatile rows = NULL; // volatile: read after longjmp
  if (setjmp(png_jmpbuf(png))) {
    free(rows);
    return 1;
  }
  int color_type = png_get_color_type(png, info);
  int bit_depth = png_get_bit_depth(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (bit_depth == 16) png_set_scale_16(png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb(png);
  // Opaque formats get alpha 255 after the colour bytes.
  png_set_filler(png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  uint32_t width = png_get_image_width(png, info);
  uint32_t height = png_get_image_height(png, info);
  size_t stride = (size_t)width * 4;
  if (png_get_rowbytes(png, info) != stride) png_error(png, "unexpected row size after expansion");
  rows = malloc(sizeof(png_bytep) * (height ? height : 1));
  if (rows == NULL) png_error(png, "out of memory");
  for (uint32_t y = 0; y < height; y++) rows[y] = rgba + (size_t)y * stride;
  png_read_image(png, rows);
  png_read_end(png, NULL);
  free(rows);
  return 0;
}

void pngshim_decoder_close(pngshim_decoder *decoder) {
  if (decoder == NULL) return;
  png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
  free(decoder);
}

int pngshim_read_header(const uint8_t *data, size_t length, pngshim_info *info, char *message) {
  pngshim_decoder *decoder = pngshim_decoder_open(data, length, info, message);
  if (decoder == NULL) return 1;
  pngshim_decoder_close(decoder);
  return 0;
}

static int fail_at(char *message, const uint8_t *type, size_t offset, const char *what) {
  char name[12];
  describe_type(type, name);
  snprintf(message, PNGSHIM_MESSAGE_SIZE, "%s chunk at byte %zu: %s", name, offset, what);
  return 1;
}

int pngshim_validate_structure(const uint8_t *data, size_t length, pngshim_info *info, char *message) {
  if (check_signature(data, length, message) != 0) return 1;
  size_t offset = 8;
  int idat_state = 0;  // 0 before, 1 inside, 2 after the run of IDAT chunks
  while (1) {
    if (length - offset < 8) {
      snprintf(message, PNGSHIM_MESSAGE_SIZE, "file ends at byte %zu without an IEND chunk", length);
      return 1;
    }
    if (check_chunk_fits(data, length, offset, message) != 0) return 1;
    uint32_t claimed = chunk_be32(data + offset);
    const uint8_t *type = data + offset + 4;
    if (!chunk_type_is_letters(type)) return fail_at(message, type, offset, "invalid chunk type");
    uint32_t stored = chunk_be32(data + offset + 8 + claimed);
    uint32_t computed = libdeflate_crc32(0, type, 4 + (size_t)claimed);
    if (stored != computed) {
      char what[64];
      snprintf(what, sizeof what, "CRC error (stored 0x%08x, computed 0x%08x)", stored, computed);
      return fail_at(message, type, offset, what);
    }
    int is_ihdr = memcmp(type, "IHDR", 4) == 0;
    if ((offset == 8) != is_ihdr) return fail_at(message, type, offset, offset == 8 ? "first chunk is not IHDR" : "second IHDR");
    if (is_ihdr && claimed != 13) return fail_at(message, type, offset, "IHDR length is not 13");
    if (memcmp(type, "IDAT", 4) == 0) {
      if (idat_state == 2) return fail_at(message, type, offset, "IDAT chunks are not consecutive");
      idat_state = 1;
    } else {
      if (idat_state == 1) idat_state = 2;
      if (memcmp(type, "IEND", 4) == 0) {
        if (idat_state == 0) return fail_at(message, type, offset, "no IDAT chunk before IEND");
        break;
      }
      // Critical chunks (uppercase first letter) that PNG 1.2 does not define cannot be skipped.
      if ((type[0] & 0x20) == 0 && !is_ihdr && memcmp(type, "PLTE", 4) != 0)
        return fail_at(message, type, offset, "unknown critical chunk");
    }
    offset += 12 + (size_t)claimed;
  }
  // The IHDR's fields (size, depth, colour type, methods) are libpng's to judge.
  return pngshim_read_header(data, length, info, message);
}

typedef struct {
  uint8_t *data;
  size_t length;
  size_t capacity;
} memory_writer;

static void write_to_memory(png_structp png, png_bytep in, png_size_t count) {
  memory_writer *writer = (memory_writer *)png_get_io_ptr(png);
  if (writer->capacity - writer->length < count) {
    size_t capacity = writer->capacity ? writer->capacity : 65536;
    while (capacity - writer->length < count) capacity *= 2;
    uint8_t *grown = realloc(writer->data, capacity);
    if (grown == NULL) {
      png_error(png, "out of memory");
      return;
    }
    writer->data = grown;
    writer->capacity = capacity;
  }
  memcpy(writer->data + writer->length, in, count);
  writer->length += count;
}

static void flush_memory(png_structp png) { (void)png; }

int pngshim_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                   int compression_level, uint8_t **out, size_t *out_length, char *message) {
  if (channels != 1 && channels != 4) {
    copy_message(message, "only gray (1) and RGBA (4) channels are supported");
    return 1;
  }
  memory_writer writer = {NULL, 0, 0};
  png_bytep *volatile rows = NULL; // volatile: read after longjmp
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, message, on_error, on_warning);
  if (png == NULL) {
    copy_message(message, "png_create_write_struct failed");
    return 1;
  }
  png_infop info = png_create_info_struct(png);
  if (info == NULL) {
    copy_message(message, "png_create_info_struct failed");
    png_destroy_write_struct(&png, NULL);
    return 1;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    free(writer.data);
    free(rows);
    return 1;
  }
  png_set_write_fn(png, &writer, write_to_memory, flush_memory);
  png_set_compression_level(png, compression_level);
  if (compression_level <= 3) {
    // Fast levels: one filter instead of libpng's per-row trial of all five (2.5x
    // faster for a diff image, same size); masks are long runs, which RLE handles best.
    if (channels == 1) {
      png_set_filter(png, 0, PNG_FILTER_NONE);
      png_set_compression_strategy(png, Z_RLE);
    } else {
      png_set_filter(png, 0, PNG_FILTER_UP);
    }
  }
  png_set_IHDR(png, info, width, height, 8,
               channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  rows = malloc(sizeof(png_bytep) * (height ? height : 1));
  if (rows == NULL) png_error(png, "out of memory");
  size_t stride = (size_t)width * (size_t)channels;
  for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * stride);
  png_write_image(png, rows);
  png_write_end(png, NULL);
  png_destroy_write_struct(&png, &info);
  free(rows);
  *out = writer.data;
  *out_length = writer.length;
  return 0;
}

void pngshim_free(void *pointer) { free(pointer); }
