"""Tiny PNG files for tests, made without any image library."""

from __future__ import annotations

import struct
import zlib


def png_bytes(width: int, height: int, grey: int = 128, rows: bytes | None = None) -> bytes:
    """A greyscale PNG of the given size: valid, or with `rows` as its image data (each row a
    filter byte and its pixels, before compression) whatever they hold."""
    raw = b"".join(b"\x00" + bytes([grey]) * width for _ in range(height)) if rows is None else rows

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
