"""Chapter numbers, slugs and anchors; heading anchors and (when the theme asks) numbers."""

from __future__ import annotations

import re
import unicodedata

from handbook.model import Book, Heading


MAX_SLUG = 60  # characters: a file name stays far below the 255 bytes file systems allow


def slugify(title: str) -> str:
    """A file-name part for a title: 'Café Society' -> 'cafe-society'. Latin accents are
    dropped; other scripts keep their letters ('भारत और जापान' -> 'भारत-और-जापान'), so
    two Hindi chapters do not both become 'chapter'."""
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", title.lower()):
        category = unicodedata.category(char)
        if category.startswith("M") and kept and kept[-1].isascii():
            continue  # the accent of a Latin letter: e + U+0301 -> e
        kept.append(char if category[0] in "LMN" and char != "_" else "-")
    slug = re.sub(r"-+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "chapter"


def number_book(book: Book, theme, options, diagnostics) -> None:
    for number, chapter in enumerate(book.chapters, start=1):
        chapter.number = number
        chapter.anchor = f"ch{number}"
        chapter.slug = slugify(chapter.meta.title)
        headings = [b for b in chapter.blocks if isinstance(b, Heading)]
        chapter.top_heading_level = min((h.level for h in headings), default=2)
        counters = [0] * 7
        for index, heading in enumerate(headings, start=1):
            heading.anchor = f"{chapter.anchor}-s{index}"
            if theme.number_headings:
                depth = heading.level - chapter.top_heading_level
                counters[depth] += 1
                counters[depth + 1 :] = [0] * (6 - depth)
                heading.number = ".".join(str(n) for n in [number] + counters[: depth + 1])
