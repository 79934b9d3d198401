"""`handbook images fetch`: bring a book's web images into its source folder, once.

Builds never fetch anything (a web image prints as a placeholder). This command, run on
purpose, downloads each `https://` image the chapters name into SOURCE/images/, checks that
what arrived is an image of a kind the book can print and not too large, and rewrites the
references to the local copy. It follows redirects only to other http(s) addresses, never
overwrites a file (a name already taken gets a suffix unless the content is the same), and
writes every changed chapter atomically.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from handbook.errors import Diagnostics
from handbook.output.atomic import write_atomically
from handbook.parse.images import image_problem
from handbook.sources import load_sources

MAX_BYTES = 20_000_000
TIMEOUT = 20  # seconds, per request
# Web image references in Markdown and HTML: ![alt](URL "title"), <img src="URL">, src=URL.
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]{0,2000}\]\(\s*<?(https?://[^\s)>]+)>?")
HTML_SOURCE = re.compile(r"""\bsrc\s*=\s*["'](https?://[^"']+)["']""", re.I)
KNOWN_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")


@dataclass
class FetchReport:
    downloaded: list[tuple[str, Path]] = field(default_factory=list)
    rewritten: list[Path] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) addresses only (never file:, ftp: or data:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlparse(newurl).scheme not in ("http", "https"):
            raise urllib.error.URLError(f"redirected to '{newurl}', which is not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_images(source: Path, opener=None) -> FetchReport:
    report = FetchReport()
    sources = load_sources(Path(source), report.diagnostics)
    folder = Path(source) / "images"
    opener = opener or urllib.request.build_opener(_HttpOnlyRedirects)
    local: dict[str, Path] = {}  # address -> file, so each image is fetched once
    for chapter in sources.chapters:
        text = chapter.path.read_text(encoding="utf-8-sig")
        addresses = list(dict.fromkeys(MARKDOWN_IMAGE.findall(text) + HTML_SOURCE.findall(text)))
        changed = text
        for address in addresses:
            if address not in local:
                line = text[: text.find(address)].count("\n") + 1
                path = _download(address, folder, opener, chapter.path, line, report)
                if path is None:
                    continue
                local[address] = path
                report.downloaded.append((address, path))
            relative = Path(os.path.relpath(local[address], chapter.path.parent)).as_posix()
            changed = changed.replace(address, relative)
        if changed != text:
            write_atomically(chapter.path, changed.encode("utf-8"))
            report.rewritten.append(chapter.path)
    return report


def _download(
    address: str, folder: Path, opener, chapter: Path, line: int, report: FetchReport
) -> Path | None:
    try:
        with opener.open(address, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        report.diagnostics.warning(
            chapter, line, f"image '{address}' could not be downloaded ({reason})", code="image-fetch-failed"
        )
        return None
    if len(data) > MAX_BYTES:
        report.diagnostics.warning(
            chapter,
            line,
            f"image '{address}' is larger than {MAX_BYTES // 1_000_000} MB: not downloaded",
            code="image-fetch-too-large",
        )
        return None
    name = _file_name(address, data)
    with tempfile.TemporaryDirectory() as scratch:  # checked before it enters the book
        trial = Path(scratch) / name
        trial.write_bytes(data)
        problem = image_problem(trial)
    if problem:
        report.diagnostics.warning(
            chapter, line, f"image '{address}' {problem}: not downloaded", code="image-fetch-not-image"
        )
        return None
    target = _free_path(folder / name, data)
    if not target.exists():
        write_atomically(target, data)
    return target


def _file_name(address: str, data: bytes) -> str:
    """A safe local name from the address ('ww1.png'), with a suffix for the content's kind."""
    stem = PurePosixPath(unquote(urlparse(address).path)).name or "image"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "image"
    if not stem.lower().endswith(KNOWN_SUFFIXES):
        stem = f"{stem}{_suffix_of(data)}"
    return stem[-80:]


def _suffix_of(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data.startswith(b"\xff\xd8"):
        return ".jpg"
    if data.startswith(b"GIF8"):
        return ".gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return ".avif"
    return ".svg" if b"<svg" in data[:4096].lower() else ".png"


def _free_path(path: Path, data: bytes) -> Path:
    """`path`, or the same name with a short content hash, so nothing is overwritten; a file
    that already holds exactly these bytes is reused."""
    if not path.exists() or path.read_bytes() == data:
        return path
    digest = hashlib.sha256(data).hexdigest()[:8]
    candidate = path.with_name(f"{path.stem}-{digest}{path.suffix}")
    counter = 1
    while candidate.exists() and candidate.read_bytes() != data:
        candidate = path.with_name(f"{path.stem}-{digest}-{counter}{path.suffix}")
        counter += 1
    return candidate
