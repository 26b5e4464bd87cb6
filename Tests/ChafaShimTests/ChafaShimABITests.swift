import CChafa
import ChafaShim
import Testing

/// The shim declares chafa's constants itself, so that nothing links libchafa (chafashim.c);
/// this target is the one place chafa.h is compiled, and holds the two to each other.
struct ChafaShimABITests {
  @Test func constantsAreChafaHeaders() {
    #expect(Int(CHAFASHIM_TAG_SPACE) == Int(CHAFA_SYMBOL_TAG_SPACE.rawValue))
    #expect(Int(CHAFASHIM_TAG_BLOCK) == Int(CHAFA_SYMBOL_TAG_BLOCK.rawValue))
    #expect(Int(CHAFASHIM_TAG_BORDER) == Int(CHAFA_SYMBOL_TAG_BORDER.rawValue))
    #expect(Int(CHAFASHIM_TAG_WIDE) == Int(CHAFA_SYMBOL_TAG_WIDE.rawValue))
    #expect(Int(CHAFASHIM_TAG_AMBIGUOUS) == Int(CHAFA_SYMBOL_TAG_AMBIGUOUS.rawValue))
    #expect(Int(CHAFASHIM_CANVAS_MODE_TRUECOLOR) == Int(CHAFA_CANVAS_MODE_TRUECOLOR.rawValue))
    #expect(Int(CHAFASHIM_PIXEL_RGBA8_UNASSOCIATED) == Int(CHAFA_PIXEL_RGBA8_UNASSOCIATED.rawValue))
  }

  /// The same 16x16 picture through the shim (dlopen) and through chafa.h directly: the
  /// same symbols and colours cell for cell.
  @Test func shimDrawsWhatChafaDraws() throws {
    #expect(chafashim_available() == 1)
    let (width, height, columns, rows) = (16, 16, 4, 2)
    var rgba = [UInt8](repeating: 255, count: width * height * 4)
    for y in 0..<height {
      for x in 0..<width {
        let i = (y * width + x) * 4
        rgba[i] = UInt8(x * 16)
        rgba[i + 1] = UInt8(y * 16)
        rgba[i + 2] = (x + y) % 5 == 0 ? 0 : 200
      }
    }
    var glyphs = [UInt32](repeating: 0, count: columns * rows)
    var foreground = [Int32](repeating: 0, count: columns * rows)
    var background = [Int32](repeating: 0, count: columns * rows)
    #expect(
      chafashim_render(
        rgba, Int32(width), Int32(height), Int32(columns), Int32(rows), 0.2, &glyphs, &foreground, &background) == 0)

    let symbols = chafa_symbol_map_new()
    chafa_symbol_map_add_by_tags(symbols, ChafaSymbolTags(CHAFA_SYMBOL_TAG_BLOCK.rawValue | CHAFA_SYMBOL_TAG_BORDER.rawValue | CHAFA_SYMBOL_TAG_SPACE.rawValue))
    chafa_symbol_map_remove_by_tags(symbols, ChafaSymbolTags(CHAFA_SYMBOL_TAG_WIDE.rawValue | CHAFA_SYMBOL_TAG_AMBIGUOUS.rawValue))
    let config = chafa_canvas_config_new()
    chafa_canvas_config_set_geometry(config, Int32(columns), Int32(rows))
    chafa_canvas_config_set_canvas_mode(config, CHAFA_CANVAS_MODE_TRUECOLOR)
    chafa_canvas_config_set_symbol_map(config, symbols)
    chafa_canvas_config_set_work_factor(config, 0.2)
    let canvas = chafa_canvas_new(config)
    chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED, rgba, Int32(width), Int32(height), Int32(width * 4))
    for y in 0..<rows {
      for x in 0..<columns {
        var fg: Int32 = -1
        var bg: Int32 = -1
        chafa_canvas_get_colors_at(canvas, Int32(x), Int32(y), &fg, &bg)
        let i = y * columns + x
        #expect(glyphs[i] == chafa_canvas_get_char_at(canvas, Int32(x), Int32(y)), "cell \(x),\(y)")
        #expect(foreground[i] == fg && background[i] == bg, "cell \(x),\(y)")
      }
    }
    chafa_canvas_unref(canvas)
    chafa_canvas_config_unref(config)
    chafa_symbol_map_unref(symbols)
  }
}
