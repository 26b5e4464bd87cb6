#ifndef SNAPREV_CHAFASHIM_H
#define SNAPREV_CHAFASHIM_H

#include <stdint.h>

// The only code that touches libchafa (and through it GLib): one call, plain C types.
// libchafa.so.0 is opened with dlopen on the first call, never linked.

/// chafa.h's values of the constants the shim passes (chafa 1.x, soname libchafa.so.0):
/// ChafaSymbolTags, ChafaCanvasMode, ChafaPixelType.
enum {
  CHAFASHIM_TAG_SPACE = 1 << 0,
  CHAFASHIM_TAG_BLOCK = 1 << 3,
  CHAFASHIM_TAG_BORDER = 1 << 4,
  CHAFASHIM_TAG_WIDE = 1 << 18,
  CHAFASHIM_TAG_AMBIGUOUS = 1 << 19,
  CHAFASHIM_CANVAS_MODE_TRUECOLOR = 0,
  CHAFASHIM_PIXEL_RGBA8_UNASSOCIATED = 4
};

/// 1 when libchafa.so.0 could be loaded (loading it the first time), else 0.
int chafashim_available(void);

/// Renders `width` x `height` RGBA pixels (rows `width * 4` bytes apart, alpha unassociated)
/// into `columns` x `rows` character cells of block, border and space symbols (no wide or
/// ambiguous-width ones), in 24-bit colour. Cell i (row-major) gets its Unicode scalar in
/// `glyphs[i]` and its colours as 0xRRGGBB in `foreground[i]` and `background[i]` (-1 when
/// chafa leaves one unset). `work` is chafa's work factor, 0.0 (fastest) to 1.0 (best).
/// Returns 0, -1 when an argument is out of range, -2 when libchafa is not installed.
int chafashim_render(const uint8_t *rgba, int width, int height, int columns, int rows, float work,
                     uint32_t *glyphs, int32_t *foreground, int32_t *background);

#endif
