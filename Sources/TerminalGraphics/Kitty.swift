import DiffCore

/// The kitty graphics protocol (kitty, WezTerm, Ghostty, Konsole): APC `ESC _ G keys ; payload ESC \`.
/// https://sw.kovidgoyal.net/kitty/graphics-protocol/
public enum KittyGraphics {
  /// Base64 bytes per escape sequence: the protocol's limit for one chunk (a multiple of 4,
  /// so each chunk decodes on its own).
  public static let chunkSize = 4096

  /// Transmits `raster` as image `id` and shows it at the cursor, in one `a=T` command split
  /// into chunks. Raw pixels, no compression: `f=24` (RGB) when every pixel is opaque, a
  /// quarter fewer bytes, else `f=32` (RGBA); either way the terminal gets exactly these
  /// values. `C=1` keeps the cursor where it is; `q=2` silences the terminal's replies, which
  /// would otherwise arrive as keystrokes.
  public static func transmit(_ raster: RGBAImage, id: UInt32) -> [[UInt8]] {
    let opaque = isOpaque(raster)
    let data = opaque ? rgb(raster) : raster.pixels
    let keys = Array("a=T,f=\(opaque ? 24 : 32),s=\(raster.width),v=\(raster.height),i=\(id),q=2,C=1".utf8)
    // Each chunk is encoded straight from its 3072 source bytes (4096 base64 bytes), with no
    // whole-image base64 copy in between.
    let bytesPerChunk = chunkSize / 4 * 3
    var sequences: [[UInt8]] = []
    sequences.reserveCapacity(data.count / bytesPerChunk + 1)
    data.withUnsafeBufferPointer { source in
      var start = 0
      repeat {
        let end = min(source.count, start + bytesPerChunk)
        let more = end < source.count
        var sequence: [UInt8] = [0x1B, UInt8(ascii: "_"), UInt8(ascii: "G")]
        sequence.reserveCapacity(chunkSize + keys.count + 16)
        // Keys go on the first chunk only; later chunks carry just `m` (the protocol's rule).
        if start == 0 {
          sequence += keys
          sequence += [UInt8(ascii: ","), UInt8(ascii: "m"), UInt8(ascii: "="), more ? 0x31 : 0x30]
        } else {
          sequence += [UInt8(ascii: "m"), UInt8(ascii: "="), more ? 0x31 : 0x30]
        }
        sequence.append(UInt8(ascii: ";"))
        sequence += Base64.encode(UnsafeBufferPointer(rebasing: source[start..<end]))
        sequence += [0x1B, UInt8(ascii: "\\")]
        sequences.append(sequence)
        start = end
      } while start < source.count
    }
    return sequences
  }

  /// Deletes image `id` and frees its data (`d=I`, upper case: the terminal's memory too).
  public static func delete(id: UInt32) -> [UInt8] {
    [0x1B, UInt8(ascii: "_"), UInt8(ascii: "G")] + Array("a=d,d=I,i=\(id),q=2".utf8) + [0x1B, UInt8(ascii: "\\")]
  }

  /// The support query: a 1x1 RGB image that is checked, not stored (`a=q`). A terminal
  /// that speaks the protocol answers `ESC _ G i=<id>;OK ESC \`; others ignore it.
  public static func query(id: UInt32) -> [UInt8] {
    [0x1B, UInt8(ascii: "_"), UInt8(ascii: "G")] + Array("i=\(id),s=1,v=1,a=q,t=d,f=24;AAAA".utf8)
      + [0x1B, UInt8(ascii: "\\")]
  }

  static func isOpaque(_ raster: RGBAImage) -> Bool {
    raster.pixels.withUnsafeBufferPointer { p in
      var i = 3
      while i < p.count {
        if p[i] != 255 { return false }
        i += 4
      }
      return true
    }
  }

  static func rgb(_ raster: RGBAImage) -> [UInt8] {
    let count = raster.pixelCount
    return [UInt8](unsafeUninitializedCapacity: count * 3) { out, written in
      raster.pixels.withUnsafeBufferPointer { p in
        for i in 0..<count {
          out[i * 3] = p[i * 4]
          out[i * 3 + 1] = p[i * 4 + 1]
          out[i * 3 + 2] = p[i * 4 + 2]
        }
      }
      written = count * 3
    }
  }
}
