#include "chafashim.h"

#include <dlfcn.h>
#include <pthread.h>

// libchafa (and through it GLib and PCRE2) is opened with dlopen on the first symbol
// rendering, never linked: loading the three libraries and GLib's constructors were 4 %
// of `snaprev --version`'s samples (docs/PERFORMANCE.md, "Start-up"), and only block mode
// with symbols needs them. chafa.h is not included either: its
// pkg-config line would link the libraries back in. The few types used are opaque
// pointers and C ints; the constants are in chafashim.h, and ChafaShimABITests compares
// them with chafa.h's.
typedef struct ChafaSymbolMap ChafaSymbolMap;
typedef struct ChafaCanvasConfig ChafaCanvasConfig;
typedef struct ChafaCanvas ChafaCanvas;

static struct {
  ChafaSymbolMap *(*symbol_map_new)(void);
  void (*symbol_map_add_by_tags)(ChafaSymbolMap *map, int tags);
  void (*symbol_map_remove_by_tags)(ChafaSymbolMap *map, int tags);
  void (*symbol_map_unref)(ChafaSymbolMap *map);
  ChafaCanvasConfig *(*canvas_config_new)(void);
  void (*canvas_config_set_geometry)(ChafaCanvasConfig *config, int width, int height);
  void (*canvas_config_set_canvas_mode)(ChafaCanvasConfig *config, int mode);
  void (*canvas_config_set_symbol_map)(ChafaCanvasConfig *config, const ChafaSymbolMap *map);
  void (*canvas_config_set_work_factor)(ChafaCanvasConfig *config, float work);
  void (*canvas_config_unref)(ChafaCanvasConfig *config);
  ChafaCanvas *(*canvas_new)(const ChafaCanvasConfig *config);
  void (*canvas_draw_all_pixels)(ChafaCanvas *canvas, int type, const uint8_t *pixels, int width, int height,
                                 int rowstride);
  uint32_t (*canvas_get_char_at)(ChafaCanvas *canvas, int x, int y);
  int (*canvas_get_colors_at)(ChafaCanvas *canvas, int x, int y, int *fg, int *bg);
  void (*canvas_unref)(ChafaCanvas *canvas);
  int loaded;
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
  void *library = dlopen("libchafa.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!library) return;
#define LOOKUP(field, name)                              \
  do {                                                   \
    *(void **)(&api.field) = dlsym(library, name);       \
    if (!api.field) return;                              \
  } while (0)
  LOOKUP(symbol_map_new, "chafa_symbol_map_new");
  LOOKUP(symbol_map_add_by_tags, "chafa_symbol_map_add_by_tags");
  LOOKUP(symbol_map_remove_by_tags, "chafa_symbol_map_remove_by_tags");
  LOOKUP(symbol_map_unref, "chafa_symbol_map_unref");
  LOOKUP(canvas_config_new, "chafa_canvas_config_new");
  LOOKUP(canvas_config_set_geometry, "chafa_canvas_config_set_geometry");
  LOOKUP(canvas_config_set_canvas_mode, "chafa_canvas_config_set_canvas_mode");
  LOOKUP(canvas_config_set_symbol_map, "chafa_canvas_config_set_symbol_map");
  LOOKUP(canvas_config_set_work_factor, "chafa_canvas_config_set_work_factor");
  LOOKUP(canvas_config_unref, "chafa_canvas_config_unref");
  LOOKUP(canvas_new, "chafa_canvas_new");
  LOOKUP(canvas_draw_all_pixels, "chafa_canvas_draw_all_pixels");
  LOOKUP(canvas_get_char_at, "chafa_canvas_get_char_at");
  LOOKUP(canvas_get_colors_at, "chafa_canvas_get_colors_at");
  LOOKUP(canvas_unref, "chafa_canvas_unref");
#undef LOOKUP
  api.loaded = 1;
}

int chafashim_available(void) {
  pthread_once(&load_once, load);
  return api.loaded;
}

int chafashim_render(const uint8_t *rgba, int width, int height, int columns, int rows, float work,
                     uint32_t *glyphs, int32_t *foreground, int32_t *background) {
  if (!rgba || !glyphs || !foreground || !background || width <= 0 || height <= 0 || columns <= 0 ||
      rows <= 0 || width > 65536 || height > 65536 || columns > 4096 || rows > 4096)
    return -1;
  if (!chafashim_available()) return -2;
  ChafaSymbolMap *symbols = api.symbol_map_new();
  api.symbol_map_add_by_tags(symbols, CHAFASHIM_TAG_BLOCK | CHAFASHIM_TAG_BORDER | CHAFASHIM_TAG_SPACE);
  // Wide and ambiguous-width symbols would break the one-cell-per-symbol grid.
  api.symbol_map_remove_by_tags(symbols, CHAFASHIM_TAG_WIDE | CHAFASHIM_TAG_AMBIGUOUS);
  ChafaCanvasConfig *config = api.canvas_config_new();
  api.canvas_config_set_geometry(config, columns, rows);
  api.canvas_config_set_canvas_mode(config, CHAFASHIM_CANVAS_MODE_TRUECOLOR);
  api.canvas_config_set_symbol_map(config, symbols);
  api.canvas_config_set_work_factor(config, work);
  ChafaCanvas *canvas = api.canvas_new(config);
  api.canvas_draw_all_pixels(canvas, CHAFASHIM_PIXEL_RGBA8_UNASSOCIATED, rgba, width, height, width * 4);
  for (int y = 0; y < rows; y++) {
    for (int x = 0; x < columns; x++) {
      int i = y * columns + x;
      int fg = -1, bg = -1;
      glyphs[i] = api.canvas_get_char_at(canvas, x, y);
      api.canvas_get_colors_at(canvas, x, y, &fg, &bg);
      foreground[i] = fg;
      background[i] = bg;
    }
  }
  api.canvas_unref(canvas);
  api.canvas_config_unref(config);
  api.symbol_map_unref(symbols);
  return 0;
}
