// Target server_zstd: the zstd decoding every compressed upload body goes through
// (Sources/ZstdShim, zstdshim_decompress), with its decompressed-size cap.
// Input: the first byte picks the cap (FUZZ_LIMITS, the edges and the sizes between), the
// rest is the body as a client sent it.
// Oracles (beyond no crash, leak or hang): a success never returns more than the cap, and
// decoding the same bytes with the cap set to exactly the output size gives the same bytes
// while one byte less is refused as too large (the cap is exact, not approximate); a
// refusal carries a NUL-terminated printable ASCII message (it is quoted in the 400's
// detail); compressing the decoded bytes again, one-shot and streamed (as sentry-cli
// writes its manifest), decodes back to them.
#include "fuzz_oracle.h"
#include "zstdshim.h"

// 0 and 1 (nothing fits), a block's worth (zstd's 128 KB block, and one around the shim's
// first buffer of 4 * input + 4096 bytes), and 4 MB, far below libFuzzer's RSS limit.
static const size_t FUZZ_LIMITS[] = {0, 1, 7, 4096, 4097, 65536, 131072, 131073, 1u << 20, 4u << 20};
#define FUZZ_LIMIT_COUNT (sizeof FUZZ_LIMITS / sizeof FUZZ_LIMITS[0])

static void check_message(const char *message) {
  FUZZ_ORACLE(message[0] != 0, "a refusal without a message");
  fuzz_check_printable(message, ZSTDSHIM_MESSAGE_SIZE);
}

static void check_round_trip(const uint8_t *plain, size_t length, int streamed) {
  uint8_t *compressed = NULL, *decoded = NULL;
  size_t compressed_length = 0, decoded_length = 0;
  char message[ZSTDSHIM_MESSAGE_SIZE] = {0};
  int status = zstdshim_compress(plain, length, 3, streamed, &compressed, &compressed_length, message);
  FUZZ_ORACLE(status == ZSTDSHIM_OK, "compressing %zu bytes failed (%d): %s", length, status, message);
  status = zstdshim_decompress(compressed, compressed_length, length, &decoded, &decoded_length, message);
  FUZZ_ORACLE(status == ZSTDSHIM_OK, "%s frame of %zu bytes does not decode at a cap of its size (%d): %s",
              streamed ? "streamed" : "one-shot", length, status, message);
  FUZZ_ORACLE(decoded_length == length && (length == 0 || memcmp(decoded, plain, length) == 0),
              "round trip changed %zu bytes into %zu", length, decoded_length);
  zstdshim_free(compressed);
  zstdshim_free(decoded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t limit = FUZZ_LIMITS[data[0] % FUZZ_LIMIT_COUNT];
  const uint8_t *body = data + 1;
  size_t length = size - 1;

  uint8_t *out = NULL;
  size_t out_length = 0;
  char message[ZSTDSHIM_MESSAGE_SIZE] = {0};
  int status = zstdshim_decompress(body, length, limit, &out, &out_length, message);
  if (status != ZSTDSHIM_OK) {
    FUZZ_ORACLE(out == NULL && out_length == 0, "a refusal (%d) returned output", status);
    FUZZ_ORACLE(status == ZSTDSHIM_CORRUPT || status == ZSTDSHIM_TOO_LARGE || status == ZSTDSHIM_TRUNCATED,
                "unexpected status %d", status);
    check_message(message);
    return 0;
  }
  FUZZ_ORACLE(out_length <= limit, "decoded %zu bytes past the cap of %zu", out_length, limit);

  // The cap is exact: the output size itself is enough, one byte less is not.
  uint8_t *again = NULL;
  size_t again_length = 0;
  memset(message, 0, sizeof message);
  status = zstdshim_decompress(body, length, out_length, &again, &again_length, message);
  FUZZ_ORACLE(status == ZSTDSHIM_OK, "%zu bytes decoded at a cap of %zu but not at a cap of their size (%d): %s",
              out_length, limit, status, message);
  FUZZ_ORACLE(again_length == out_length && (out_length == 0 || memcmp(again, out, out_length) == 0),
              "decoding twice gave different bytes");
  zstdshim_free(again);
  if (out_length > 0) {
    again = NULL;
    memset(message, 0, sizeof message);
    status = zstdshim_decompress(body, length, out_length - 1, &again, &again_length, message);
    FUZZ_ORACLE(status == ZSTDSHIM_TOO_LARGE, "%zu bytes were not refused at a cap of %zu (%d)", out_length,
                out_length - 1, status);
    FUZZ_ORACLE(again == NULL, "a refusal returned output");
    check_message(message);
  }

  check_round_trip(out, out_length, 0);
  check_round_trip(out, out_length, 1);
  zstdshim_free(out);
  return 0;
}
