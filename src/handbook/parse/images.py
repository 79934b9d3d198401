"""Image paths: relative to the chapter, inside the source folder, PNG or JPEG that can be read."""

from __future__ import annotations

import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

from PIL import Image as PILImage

from handbook.errors import Diagnostics, shown
from handbook.sources.confine import PathRefused, confined

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
# The PDF embeds every pixel; 40 million is four times what a full A4 page needs at 300 dpi,
# and keeps the memory the build needs bounded.
MAX_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 200_000_000  # a 40-million-pixel PNG, uncompressed, is 160 MB


def resolve_image(src: str, source, root: Path, diagnostics: Diagnostics, line) -> Path | None:
    """The image file for `src`, or None with an error saying why it cannot be used."""
    path_text = unquote(src)
    if urlparse(src).scheme in ("http", "https", "ftp", "data"):
        diagnostics.error(source.path, line, f"image '{src}' is not a local file: download it "
                          "into the source folder and refer to it by its path", code="image-remote")
        return None
    try:  # links followed: they may not lead out; a NUL byte ('%00'), a name too long
        path = confined(path_text, source.path.parent, root)
    except PathRefused as refused:
        code = refused.code  # path-unusable, path-outside-source
        diagnostics.error(source.path, line, f"image {shown(src)} {refused}", code=code)
        return None
    if not path.is_file():
        diagnostics.error(source.path, line, f"image '{src}' not found", code="image-missing")
        return None
    problem = image_problem(path)
    if problem:
        diagnostics.error(source.path, line, f"image {shown(src)} {problem}", code="image-unusable")
        return None
    return path


def image_problem(path: Path) -> str | None:
    """Why the file cannot be used as an image ('is not a PNG or JPEG file', ...), or None."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if size > MAX_IMAGE_BYTES:  # verify() would read it all
        return f"is {size // 1_000_000:,} MB, more than {MAX_IMAGE_BYTES // 1_000_000} MB: make it smaller"
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
    return pixel_problem(path)


def pixel_problem(path: Path) -> str | None:
    """Why the pixels cannot be decoded, or None. verify() reads only a file's structure: a
    PNG with valid chunks but garbage pixel data passed it and failed the build. Decoding is
    what the build does anyway (bounded by MAX_PIXELS); a JPEG is decoded at 1/8 scale."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(path) as image:
                if image.format == "JPEG":
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Exception as exc:  # zlib.error, OSError('broken data stream'), SyntaxError...
        return f"is damaged: its pixels cannot be decoded ({type(exc).__name__}); save it again"
    return None
