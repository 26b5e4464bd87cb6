// Target png_header: the header read (signature, chunk-length walk, IHDR through libpng)
// and the structure check upload runs on every file (pngshim_validate_structure). Neither
// may crash, leak or allocate more than the input justifies. Oracles: messages are
// printable ASCII; a file the structure check passes has a readable header, the same one.
#include "png_fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  pngshim_info header;
  char message[PNGSHIM_MESSAGE_SIZE] = {0};
  int header_status = pngshim_read_header(data, size, &header, message);
  if (header_status != 0) {
    fuzz_check_message(message);
  } else {
    FUZZ_ORACLE(header.width > 0 && header.height > 0, "header read accepted a %ux%u image", header.width,
                header.height);
  }
  pngshim_info validated;
  memset(message, 0, sizeof message);
  if (pngshim_validate_structure(data, size, &validated, message) != 0) {
    fuzz_check_message(message);
  } else {
    FUZZ_ORACLE(header_status == 0, "structure check passed a file whose header read fails");
    FUZZ_ORACLE(memcmp(&header, &validated, sizeof header) == 0, "structure check read another header");
  }
  return 0;
}
