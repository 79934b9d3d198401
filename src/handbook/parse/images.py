"""Image paths: relative to the chapter, inside the source folder, PNG or JPEG."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from handbook.errors import Diagnostics

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def resolve_image(src: str, source, root: Path, diagnostics: Diagnostics, line) -> Path | None:
    """The image file for `src`, or None with an error saying why it cannot be used."""
    path_text = unquote(src)
    if urlparse(src).scheme in ("http", "https", "ftp", "data"):
        diagnostics.error(source.path, line, f"image '{src}' is not a local file: download it "
                          "into the source folder and refer to it by its path")
        return None
    path = (source.path.parent / path_text).resolve()
    if not path.is_relative_to(root.resolve()):
        diagnostics.error(source.path, line, f"image '{src}' is outside the source folder; "
                          "copy it into the folder and refer to it there")
        return None
    if not path.is_file():
        diagnostics.error(source.path, line, f"image '{src}' not found")
        return None
    with path.open("rb") as handle:
        head = handle.read(8)
    if not any(head.startswith(sig) for sig in SIGNATURES):
        diagnostics.error(source.path, line, f"image '{src}' is not a PNG or JPEG file")
        return None
    return path
