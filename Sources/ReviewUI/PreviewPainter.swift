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

  /// Onion skin: each block pixel is the base mixed with the head, `headShare` percent of
  /// the head. Two thumbnails of the view's size: O(cells), whatever the image size.
  static func paintBlend(
    base: RGBAImage, head: RGBAImage, headShare: Int, view: ImageViewport, at origin: (x: Int, y: Int),
    mode: ColorMode, into canvas: inout Canvas
  ) {
    let a = Thumbnail(image: base, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    let b = Thumbnail(image: head, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    let share = max(0, min(100, headShare))
    let colors = zip(a.colors, b.colors).map { PairRaster.mix($0, $1, headShare: share) }
    paintPixels(colors, view: view, at: origin, mode: mode, into: &canvas)
  }

  /// Slider: block-pixel columns left of `divider` show the base, the others the head; the
  /// divider column itself is drawn as `┃`.
  static func paintSlider(
    base: RGBAImage, head: RGBAImage, divider: Int, view: ImageViewport, at origin: (x: Int, y: Int),
    mode: ColorMode, into canvas: inout Canvas
  ) {
    let a = Thumbnail(image: base, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    let b = Thumbnail(image: head, columns: view.columns, rows: view.pixelRows, region: view.region, background: padding)
    var colors = b.colors
    for row in 0..<view.pixelRows {
      for column in 0..<min(divider, view.columns) { colors[row * view.columns + column] = a[column, row] }
    }
    paintPixels(colors, view: view, at: origin, mode: mode, into: &canvas)
    guard divider >= 0, divider < view.columns else { return }
    for cy in 0..<view.cellRows {
      canvas.set(x: origin.x + divider, y: origin.y + cy, glyph: "┃", style: Style(.key))
    }
  }

  /// Block pixels (row-major, `view.columns` × `view.pixelRows`) as half blocks, or as
  /// luminance shades in monochrome, the way `BlockPainter` draws a thumbnail.
  private static func paintPixels(
    _ colors: [RGB], view: ImageViewport, at origin: (x: Int, y: Int), mode: ColorMode, into canvas: inout Canvas
  ) {
    let thumbnail = Thumbnail(columns: view.columns, rows: view.pixelRows, colors: colors)
    let rect = Rect(x: origin.x, y: origin.y, width: view.columns, height: view.cellRows)
    BlockPainter.paint(thumbnail, into: &canvas, at: rect, mode: mode)
  }

  /// The diff heatmap. In colour the unchanged block pixels show the image dimmed, so
  /// the heat can be placed on the screen; in monochrome only shade glyphs are drawn.
  /// With `antialiased`, block pixels with no counted change but an ignored one are drawn in
  /// `HeatScale.ignored` (colour only).
  static func paintHeat(
    mask: MaskSummary, under image: RGBAImage?, antialiased: MaskSummary? = nil, view: ImageViewport,
    at origin: (x: Int, y: Int), mode: ColorMode, into canvas: inout Canvas
  ) {
    let heat = mask.heatmap(columns: view.columns, rows: view.pixelRows, region: view.region)
    let ignored = antialiased.map { $0.heatmap(columns: view.columns, rows: view.pixelRows, region: view.region) }
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
      if let ignored, ignored[column, row] > 0 { return HeatScale.ignored }
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
