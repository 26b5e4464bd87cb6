// Target png_differential: the libdeflate fast path against libpng. Whenever the fast
// path accepts a file, libpng must accept it too and give the same pixels; when the fast
// path declines, libpng's verdict stands (so "both refuse" and "fast declines" pass).
// An oracle failure aborts, and libFuzzer writes the reproducer.
#include "fastpath.h"
#include "png_fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pngshim_info info;
  char message[PNGSHIM_MESSAGE_SIZE] = {0};
  pngshim_decoder *decoder = pngshim_decoder_open(data, size, &info, message);
  if (decoder == NULL) return 0;  // the fast path is only asked after libpng's header read
  int fast_applies = info.bit_depth == 8 && info.color_type == 6 && !info.interlaced;
  if (!fast_applies || (uint64_t)info.width * info.height > FUZZ_PIXEL_LIMIT) {
    pngshim_decoder_close(decoder);
    return 0;
  }
  size_t image_bytes = (size_t)info.width * info.height * 4;
  size_t fast_capacity = pngshim_fast_buffer_size(info.width, info.height);
  uint8_t *fast = malloc(fast_capacity ? fast_capacity : 1);
  uint8_t *reference = malloc(image_bytes ? image_bytes : 1);
  if (fast != NULL && reference != NULL) {
    int fast_status = pngshim_fast_decode(data, size, info.width, info.height, fast, fast_capacity);
    int reference_status = pngshim_decoder_finish(decoder, reference, image_bytes, 0, message);
    // One known difference, accepted: zlib refuses the reserved literal/length symbols 286
    // and 287 of a fixed-Huffman block ("invalid literal/length code"; zlib has no other
    // decode-time path to that message), libdeflate 1.14 decodes them. So the fast path
    // takes such a stream, which no encoder writes (found by this target, 2026-12-02;
    // docs/PERFORMANCE.md). Any other refusal by libpng is still an oracle failure.
    int known_leniency = reference_status != 0 && strstr(message, "invalid literal/length code") != NULL;
    if (fast_status == 0 && !known_leniency) {
      FUZZ_ORACLE(reference_status == 0, "fast path accepted a %ux%u file that libpng refuses: %s",
                  info.width, info.height, message);
      size_t first = 0;
      while (first < image_bytes && fast[first] == reference[first]) first++;
      FUZZ_ORACLE(first == image_bytes, "fast path and libpng differ at byte %zu of a %ux%u image", first,
                  info.width, info.height);
    }
  }
  free(fast);
  free(reference);
  pngshim_decoder_close(decoder);
  return 0;
}
