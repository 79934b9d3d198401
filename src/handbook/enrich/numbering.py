"""Chapter numbers, slugs and anchors; heading anchors and (when the theme asks) numbers."""

from __future__ import annotations

import re
import unicodedata

from handbook.model import Book, Heading


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "chapter"


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
                counters[depth + 1:] = [0] * (6 - depth)
                heading.number = ".".join(str(n) for n in [number] + counters[: depth + 1])
