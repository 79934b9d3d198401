"""Image paths: relative to the chapter (or, written '/x.png' as websites do, to the source
folder or its public/ folder), inside the source folder; PNG, JPEG, GIF, WebP, AVIF or SVG
that can be read."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

from PIL import Image as PILImage

from handbook.incremental import reads
from handbook.errors import Diagnostics, shown
from handbook.parse.svg import SvgRefused, sanitised_svg
from handbook.sources.confine import PathRefused, confined, read_confined

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}
FORMATS = "PNG, JPEG, GIF, WebP, AVIF or SVG"
# The PDF embeds every pixel; 40 million is four times what a full A4 page needs at 300 dpi,
# and keeps the memory the build needs bounded.
MAX_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 200_000_000  # a 40-million-pixel PNG, uncompressed, is 160 MB


def resolve_image(src: str, source, root: Path, diagnostics: Diagnostics, line) -> Path | None:
    """The image file for `src`, or None with an error saying why it cannot be used."""
    path_text = unquote(src)
    if urlparse(src).scheme in ("http", "https", "ftp", "data"):
        diagnostics.error(
            source.path,
            line,
            f"image '{src}' is not a local file: download it "
            "into the source folder and refer to it by its path",
            code="image-remote",
        )
        return None
    try:  # links followed: they may not lead out; a NUL byte ('%00'), a name too long
        path = _site_path(path_text, root) or confined(path_text, source.path.parent, root)
    except PathRefused as refused:
        code = refused.code  # path-unusable, path-outside-source
        diagnostics.error(source.path, line, f"image {shown(src)} {refused}", code=code)
        return None
    if not path.is_file():
        diagnostics.error(source.path, line, f"image '{src}' not found", code="image-missing")
        return None
    reads.note(path)  # its bytes decide this chapter (the cache checks them on reuse)
    try:  # through the gate again: what is checked is what was opened
        data = read_confined(path, root, MAX_IMAGE_BYTES)
    except PathRefused as refused:
        diagnostics.error(source.path, line, f"image {shown(src)} {refused}", code="image-unusable")
        return None
    problem = data_problem(data, is_svg(path))
    if problem and is_svg(path):
        # A drawing that cannot be drawn safely prints as a framed placeholder; the build goes on.
        diagnostics.warning(
            source.path, line, f"SVG {shown(src)} {problem}: printed as a placeholder", code="svg-refused"
        )
    elif problem:
        diagnostics.error(source.path, line, f"image {shown(src)} {problem}", code="image-unusable")
        return None
    return path


def _site_path(path_text: str, root: Path) -> Path | None:
    """'/images/x.png' as a website means it: from the site's root (the source folder) or its
    public/ folder (VitePress, Docusaurus' static/). None when none of them holds the file."""
    if not path_text.startswith("/") or path_text.startswith("//"):
        return None
    relative = path_text.lstrip("/")
    for base in (root, root / "public", root / "static"):
        candidate = confined(relative, base, root)
        if candidate.is_file():
            return candidate
    if (root / "public").is_dir() or (root / "static").is_dir():
        # A site's own path whose file is not there (never committed): "not found" says it.
        return confined(relative, root / ("public" if (root / "public").is_dir() else "static"), root)
    return None  # not a file of the site: an absolute path, refused as outside the folder


def is_svg(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def data_problem(data: bytes, svg: bool) -> str | None:
    """Why these bytes are no image the book can print, or None."""
    if svg:
        return svg_problem(data)
    head = data[:16]
    webp = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    avif = head[4:12] in (b"ftypavif", b"ftypavis")
    if not any(head.startswith(sig) for sig in SIGNATURES) and not webp and not avif:
        return f"is not a {FORMATS} file (convert it to one of those)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as image:
                width, height = image.size
                image.verify()  # reads the file's structure without decoding every pixel
    except PILImage.DecompressionBombError:
        return f"has too many pixels (more than {MAX_PIXELS // 1_000_000} million): make it smaller"
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        return f"is damaged and cannot be read ({type(exc).__name__}: {exc}); save it again"
    if width * height > MAX_PIXELS:
        return (
            f"is {width}\u00d7{height} pixels, more than {MAX_PIXELS // 1_000_000} million: "
            "make it smaller (a full page at 300 dpi needs about 9 million)"
        )
    return pixel_problem(data)


def pixel_problem(data: bytes) -> str | None:
    """Why the pixels cannot be decoded, or None. verify() reads only a file's structure: a
    PNG with valid chunks but garbage pixel data passed it and failed the build. Decoding is
    what the build does anyway (bounded by MAX_PIXELS); a JPEG is decoded at 1/8 scale."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(io.BytesIO(data)) as image:
                if image.format == "JPEG":
                    image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except Exception as exc:  # zlib.error, OSError('broken data stream'), SyntaxError...
        return f"is damaged: its pixels cannot be decoded ({type(exc).__name__}); save it again"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why the SVG cannot be drawn safely (see parse/svg.py), or None."""
    try:
        sanitised_svg(data)
    except SvgRefused as refused:
        return str(refused) + (f" (its line {refused.line})" if refused.line else "")
    return None
