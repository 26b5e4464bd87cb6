#!/usr/bin/env python3
"""Writes the two reproducers of issue 10's defect 6 (files the libdeflate fast path
accepted although libpng refuses them) into Tests/Fixtures/hostile/. Python's zlib and
random only; deterministic (seed 1)."""
import random
import struct
import sys
import zlib
from pathlib import Path


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, raw: bytes, after_image: bytes = b"") -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    stream = zlib.compress(raw, 9)  # CINFO 7: a 32 KB window
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", stream) + after_image
            + chunk(b"IEND", b""))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/hostile")
    random.seed(1)
    width, height = 64, 64
    row = bytes(random.randrange(256) for _ in range(width * 4))
    # 64 identical rows, filter None: deflate copies each row from 257 bytes back.
    raw = b"".join(b"\x00" + row for _ in range(height))

    # A chunk whose type has a digit ("ab1d": ancillary by its case) after the image data.
    (out / "invalid-type-after-idat.png").write_bytes(png(width, height, raw, chunk(b"ab1d", b"x")))

    # The same stream relabelled as using a 256-byte window (CINFO 0, FCHECK and the IDAT
    # CRC recomputed): its 257-byte distances reach beyond the window it declares.
    good = bytearray(png(width, height, raw))
    start = good.index(b"IDAT") + 4
    length = struct.unpack(">I", good[start - 8:start - 4])[0]
    flags = good[start + 1] & 0xE0
    good[start] = 0x08
    good[start + 1] = flags + (31 - ((0x08 * 256 + flags) % 31)) % 31
    good[start + length:start + length + 4] = struct.pack(">I", zlib.crc32(bytes(good[start - 4:start + length])))
    (out / "zlib-distance-beyond-window.png").write_bytes(bytes(good))


if __name__ == "__main__":
    main()
