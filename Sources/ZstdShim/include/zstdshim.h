#ifndef SNAPREV_ZSTDSHIM_H
#define SNAPREV_ZSTDSHIM_H

#include <stddef.h>
#include <stdint.h>

// The only code that touches libzstd. Decoding is always streaming: sentry-cli's manifest is a
// frame whose header carries no content size, so one-shot ZSTD_decompress cannot read it.

#define ZSTDSHIM_MESSAGE_SIZE 256

#define ZSTDSHIM_OK 0
#define ZSTDSHIM_CORRUPT 1    // libzstd rejected the data (message says why)
#define ZSTDSHIM_TOO_LARGE 2  // the output would exceed `limit` bytes (a zstd bomb)
#define ZSTDSHIM_TRUNCATED 3  // the input ended inside a frame
#define ZSTDSHIM_NO_MEMORY 4

/// Decodes every zstd frame in `data` into a malloc'd buffer (released with zstdshim_free).
/// Stops with ZSTDSHIM_TOO_LARGE as soon as more than `limit` bytes would be produced, so a
/// small bomb never allocates more than `limit` (+ one block) bytes.
int zstdshim_decompress(const uint8_t *data, size_t length, size_t limit, uint8_t **out,
                        size_t *out_length, char *message);

/// Compresses `data` at `level` into a malloc'd buffer (released with zstdshim_free). With
/// `stream` nonzero the frame is written by the streaming API and carries no content size, as
/// sentry-cli's manifest does.
int zstdshim_compress(const uint8_t *data, size_t length, int level, int stream, uint8_t **out,
                      size_t *out_length, char *message);

void zstdshim_free(uint8_t *buffer);

#endif
