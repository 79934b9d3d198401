"""Image paths: relative to the chapter, inside the source folder, PNG or JPEG that can be read."""

from __future__ import annotations

import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

from PIL import Image as PILImage

from handbook.errors import Diagnostics

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
# The PDF embeds every pixel; 40 million is four times what a full A4 page needs at 300 dpi,
# and keeps the memory the build needs bounded.
MAX_PIXELS = 40_000_000


def resolve_image(src: str, source, root: Path, diagnostics: Diagnostics, line) -> Path | None:
    """The image file for `src`, or None with an error saying why it cannot be used."""
    path_text = unquote(src)
    if urlparse(src).scheme in ("http", "https", "ftp", "data"):
        diagnostics.error(source.path, line, f"image '{src}' is not a local file: download it "
                          "into the source folder and refer to it by its path", code="image-remote")
        return None
    try:
        path = (source.path.parent / path_text).resolve()  # links followed: they may not lead out
        path.is_file()
    except (OSError, ValueError) as exc:  # a NUL byte ('%00'), a name too long
        diagnostics.error(source.path, line, f"image '{src}' is not a usable file name "
                          f"({getattr(exc, 'strerror', None) or exc})", code="image-name-unusable")
        return None
    if not path.is_relative_to(root.resolve()):
        diagnostics.error(source.path, line, f"image '{src}' is outside the source folder; "
                          "copy it into the folder and refer to it there", code="image-outside-source")
        return None
    if not path.is_file():
        diagnostics.error(source.path, line, f"image '{src}' not found", code="image-missing")
        return None
    problem = image_problem(path)
    if problem:
        diagnostics.error(source.path, line, f"image '{src}' {problem}", code="image-unreadable")
        return None
    return path


def image_problem(path: Path) -> str | None:
    """Why the file cannot be used as an image ('is not a PNG or JPEG file', ...), or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not any(head.startswith(sig) for sig in SIGNATURES):
        return "is not a PNG or JPEG file (convert it to one of those)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                width, height = image.size
                image.verify()  # reads the file's structure without decoding every pixel
    except PILImage.DecompressionBombError:
        return f"has too many pixels (more than {MAX_PIXELS // 1_000_000} million): make it smaller"
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        return f"is damaged and cannot be read ({type(exc).__name__}: {exc}); save it again"
    if width * height > MAX_PIXELS:
        return (f"is {width}\u00d7{height} pixels, more than {MAX_PIXELS // 1_000_000} million: "
                "make it smaller (a full page at 300 dpi needs about 9 million)")
    return None
