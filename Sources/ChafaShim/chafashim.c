#include "chafashim.h"

#include <chafa.h>

int chafashim_render(const uint8_t *rgba, int width, int height, int columns, int rows, float work,
                     uint32_t *glyphs, int32_t *foreground, int32_t *background) {
  if (!rgba || !glyphs || !foreground || !background || width <= 0 || height <= 0 || columns <= 0 ||
      rows <= 0 || width > 65536 || height > 65536 || columns > 4096 || rows > 4096)
    return -1;
  ChafaSymbolMap *symbols = chafa_symbol_map_new();
  chafa_symbol_map_add_by_tags(symbols, CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_BORDER | CHAFA_SYMBOL_TAG_SPACE);
  // Wide and ambiguous-width symbols would break the one-cell-per-symbol grid.
  chafa_symbol_map_remove_by_tags(symbols, CHAFA_SYMBOL_TAG_WIDE | CHAFA_SYMBOL_TAG_AMBIGUOUS);
  ChafaCanvasConfig *config = chafa_canvas_config_new();
  chafa_canvas_config_set_geometry(config, columns, rows);
  chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR);
  chafa_canvas_config_set_symbol_map(config, symbols);
  chafa_canvas_config_set_work_factor(config, work);
  ChafaCanvas *canvas = chafa_canvas_new(config);
  chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, rgba, width, height, width * 4);
  for (int y = 0; y < rows; y++) {
    for (int x = 0; x < columns; x++) {
      int i = y * columns + x;
      gint fg = -1, bg = -1;
      glyphs[i] = chafa_canvas_get_char_at(canvas, x, y);
      chafa_canvas_get_colors_at(canvas, x, y, &fg, &bg);
      foreground[i] = fg;
      background[i] = bg;
    }
  }
  chafa_canvas_unref(canvas);
  chafa_canvas_config_unref(config);
  chafa_symbol_map_unref(symbols);
  return 0;
}
