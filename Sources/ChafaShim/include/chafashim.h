#ifndef SNAPREV_CHAFASHIM_H
#define SNAPREV_CHAFASHIM_H

#include <stdint.h>

// The only code that touches libchafa (and through it GLib): one call, plain C types.

/// Renders `width` x `height` RGBA pixels (rows `width * 4` bytes apart, alpha unassociated)
/// into `columns` x `rows` character cells of block, border and space symbols (no wide or
/// ambiguous-width ones), in 24-bit colour. Cell i (row-major) gets its Unicode scalar in
/// `glyphs[i]` and its colours as 0xRRGGBB in `foreground[i]` and `background[i]` (-1 when
/// chafa leaves one unset). `work` is chafa's work factor, 0.0 (fastest) to 1.0 (best).
/// Returns 0, or -1 when an argument is out of range.
int chafashim_render(const uint8_t *rgba, int width, int height, int columns, int rows, float work,
                     uint32_t *glyphs, int32_t *foreground, int32_t *background);

#endif
