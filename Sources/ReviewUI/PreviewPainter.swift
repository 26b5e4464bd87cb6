import DiffCore
import TerminalCanvas
import TerminalGraphics
import TerminalWidgets

/// Paints images and heatmaps of a viewport into the preview with half blocks.
enum PreviewPainter {
  /// Background of pixels outside an image (the padded canvas) and of transparency.
  static let padding = RGB(24, 24, 24)

  /// One image, fitted or zoomed per `view`, with its top-left at `origin`.
  static func paintImage(
    _ image: RGBAImage, view: ImageViewport, at origin: (x: Int, y: Int), mode: ColorMode, into canvas: inout Canvas
  ) {
    let thumbnail = Thumbnail(
      image: image, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    let rect = Rect(x: origin.x, y: origin.y, width: view.columns, height: view.cellRows)
    BlockPainter.paint(thumbnail, into: &canvas, at: rect, mode: mode)
  }

  /// The diff heatmap. In colour the unchanged block pixels show the image dimmed, so
  /// the heat can be placed on the screen; in monochrome only shade glyphs are drawn.
  static func paintHeat(
    mask: MaskSummary, under image: RGBAImage?, view: ImageViewport, at origin: (x: Int, y: Int),
    mode: ColorMode, into canvas: inout Canvas
  ) {
    let heat = mask.heatmap(columns: view.columns, rows: view.pixelRows, region: view.region)
    let rect = Rect(x: origin.x, y: origin.y, width: view.columns, height: view.cellRows)
    if mode == .monochrome {
      // Shades where pixels changed, dim dots elsewhere so the image's extent shows.
      for cy in 0..<view.cellRows {
        for cx in 0..<view.columns {
          let top = heat[cx, cy * 2]
          let bottom = cy * 2 + 1 < view.pixelRows ? heat[cx, cy * 2 + 1] : 0
          let value = max(top, bottom)
          if value > 0 {
            canvas.set(x: origin.x + cx, y: origin.y + cy, glyph: HeatScale.shade(value), style: Style(.image))
          } else {
            canvas.set(x: origin.x + cx, y: origin.y + cy, glyph: "·", style: Style(.dim))
          }
        }
      }
      return
    }
    guard let image else {
      BlockPainter.paint(heat, into: &canvas, at: rect, mode: mode)
      return
    }
    let thumbnail = Thumbnail(
      image: image, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    func color(_ column: Int, _ row: Int) -> Color {
      let value = heat[column, row]
      if value > 0 { return HeatScale.color(value) }
      let c = HeatOverlay.dimmed(thumbnail[column, row])
      return Color(c.r, c.g, c.b)
    }
    for cy in 0..<view.cellRows {
      let top = cy * 2
      let bottom = top + 1
      for cx in 0..<view.columns {
        let upper = color(cx, top)
        let lower = bottom < view.pixelRows ? color(cx, bottom) : Color(padding)
        canvas.set(
          x: origin.x + cx, y: origin.y + cy, glyph: "▀", style: Style(.image, foreground: upper, background: lower))
      }
    }
  }
}
