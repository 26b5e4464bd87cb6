// Target png_decode: a full decode through libpng (the reference), as PNGCodec.decode
// runs it with the fast path off: open, pixel limit, buffer, finish.
#include "png_fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pngshim_info info;
  char message[PNGSHIM_MESSAGE_SIZE] = {0};
  pngshim_decoder *decoder = pngshim_decoder_open(data, size, &info, message);
  if (decoder == NULL) {
    fuzz_check_message(message);
    return 0;
  }
  if ((uint64_t)info.width * info.height <= FUZZ_PIXEL_LIMIT) {
    size_t capacity = pngshim_decoder_buffer_size(decoder, 0);
    FUZZ_ORACLE(capacity == (size_t)info.width * info.height * 4, "buffer size %zu for %ux%u", capacity,
                info.width, info.height);
    uint8_t *rgba = malloc(capacity ? capacity : 1);
    if (rgba != NULL) {
      if (pngshim_decoder_finish(decoder, rgba, capacity, 0, message) != 0) fuzz_check_message(message);
      free(rgba);
    }
  }
  pngshim_decoder_close(decoder);
  return 0;
}
