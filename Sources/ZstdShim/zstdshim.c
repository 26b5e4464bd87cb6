#include "zstdshim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

static void set_message(char *message, const char *text) {
  if (message) snprintf(message, ZSTDSHIM_MESSAGE_SIZE, "%s", text);
}

int zstdshim_decompress(const uint8_t *data, size_t length, size_t limit, uint8_t **out,
                        size_t *out_length, char *message) {
  *out = NULL;
  *out_length = 0;
  ZSTD_DStream *stream = ZSTD_createDStream();
  if (!stream) {
    set_message(message, "out of memory");
    return ZSTDSHIM_NO_MEMORY;
  }
  // Start from a modest buffer and double: the cap, not the frame header, bounds the growth.
  size_t capacity = length * 4 + 4096;
  if (capacity > limit + 1) capacity = limit + 1;
  uint8_t *buffer = malloc(capacity);
  if (!buffer) {
    ZSTD_freeDStream(stream);
    set_message(message, "out of memory");
    return ZSTDSHIM_NO_MEMORY;
  }
  ZSTD_inBuffer input = {data, length, 0};
  size_t produced = 0;
  size_t last = 0;
  int status = ZSTDSHIM_OK;
  while (1) {
    if (produced == capacity) {
      if (capacity > limit) {
        status = ZSTDSHIM_TOO_LARGE;
        break;
      }
      size_t grown = capacity * 2;
      if (grown > limit + 1) grown = limit + 1;
      uint8_t *larger = realloc(buffer, grown);
      if (!larger) {
        status = ZSTDSHIM_NO_MEMORY;
        set_message(message, "out of memory");
        break;
      }
      buffer = larger;
      capacity = grown;
    }
    ZSTD_outBuffer output = {buffer, capacity, produced};
    last = ZSTD_decompressStream(stream, &output, &input);
    produced = output.pos;
    if (ZSTD_isError(last)) {
      status = ZSTDSHIM_CORRUPT;
      set_message(message, ZSTD_getErrorName(last));
      break;
    }
    if (produced > limit) {
      status = ZSTDSHIM_TOO_LARGE;
      break;
    }
    // Done when all input is consumed and the last frame is complete (last == 0) and the
    // decoder has no more output to flush (it did not fill the buffer).
    if (input.pos == input.size && output.pos < output.size) {
      if (last != 0) status = ZSTDSHIM_TRUNCATED;
      break;
    }
  }
  ZSTD_freeDStream(stream);
  if (status == ZSTDSHIM_TOO_LARGE) {
    snprintf(message, ZSTDSHIM_MESSAGE_SIZE, "decompressed size exceeds %zu bytes", limit);
  } else if (status == ZSTDSHIM_TRUNCATED) {
    set_message(message, "the data ends inside a zstd frame");
  }
  if (status != ZSTDSHIM_OK) {
    free(buffer);
    return status;
  }
  *out = buffer;
  *out_length = produced;
  return ZSTDSHIM_OK;
}

int zstdshim_compress(const uint8_t *data, size_t length, int level, int stream, uint8_t **out,
                      size_t *out_length, char *message) {
  *out = NULL;
  *out_length = 0;
  size_t bound = ZSTD_compressBound(length);
  uint8_t *buffer = malloc(bound > 0 ? bound : 1);
  if (!buffer) {
    set_message(message, "out of memory");
    return ZSTDSHIM_NO_MEMORY;
  }
  size_t written = 0;
  if (!stream) {
    written = ZSTD_compress(buffer, bound, data, length, level);
    if (ZSTD_isError(written)) {
      set_message(message, ZSTD_getErrorName(written));
      free(buffer);
      return ZSTDSHIM_CORRUPT;
    }
  } else {
    ZSTD_CCtx *context = ZSTD_createCCtx();
    if (!context) {
      free(buffer);
      set_message(message, "out of memory");
      return ZSTDSHIM_NO_MEMORY;
    }
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0);
    ZSTD_inBuffer input = {data, length, 0};
    ZSTD_outBuffer output = {buffer, bound, 0};
    size_t remaining;
    do {
      remaining = ZSTD_compressStream2(context, &output, &input, ZSTD_e_end);
      if (ZSTD_isError(remaining)) {
        set_message(message, ZSTD_getErrorName(remaining));
        ZSTD_freeCCtx(context);
        free(buffer);
        return ZSTDSHIM_CORRUPT;
      }
    } while (remaining != 0);
    written = output.pos;
    ZSTD_freeCCtx(context);
  }
  *out = buffer;
  *out_length = written;
  return ZSTDSHIM_OK;
}

void zstdshim_free(uint8_t *buffer) { free(buffer); }
