import DiffCore
import PNGCodec

/// iTerm2's inline images (iTerm2, WezTerm): OSC `1337 ; File=<args> : <base64 file> BEL`.
/// https://iterm2.com/documentation-images.html
public enum ITerm2Image {
  /// PNG level 1: the payload crosses the terminal link once per redraw, and level 1 with a
  /// single filter is about 3.5x faster than 6 for a few percent more bytes (PNGCodec.encode).
  public static let compressionLevel = 1

  /// `raster` as a PNG shown at its own pixel size (`width=Npx`, `height=Npx`, no aspect
  /// fitting), so at 1:1 the terminal draws the source pixels unscaled. `doNotMoveCursor`
  /// keeps the cursor still where supported; the caller saves and restores it anyway.
  public static func encode(_ raster: RGBAImage) throws(PNGError) -> [UInt8] {
    let png = try PNGCodec.encode(raster, compressionLevel: compressionLevel)
    let arguments =
      "1337;File=inline=1;size=\(png.count);width=\(raster.width)px;height=\(raster.height)px;preserveAspectRatio=0;doNotMoveCursor=1:"
    return [0x1B, UInt8(ascii: "]")] + Array(arguments.utf8) + Base64.encode(png) + [0x07]
  }
}
