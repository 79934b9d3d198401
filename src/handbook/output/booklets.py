"""A book too long to fold as one saddle-stitched booklet becomes several (issue 14).

A stack of more than about 16 sheets (64 pages) will not fold flat or staple; the theme's
`booklet.max_pages` sets the limit. The book is cut only where a chapter (or the back matter)
begins, so every booklet starts on a right-hand opening page; a chapter longer than the limit
gets a booklet of its own. Each part is imposed as its own booklet.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from handbook.output.imposition import impose_booklet


def booklet_parts(pages: int, starts: list[int], max_pages: int) -> list[tuple[int, int]]:
    """(first, last) physical pages, 1-based and inclusive, of each booklet. `starts` are the
    pages where a booklet may begin (chapter openings, the back matter); the front matter
    stays with the first chapter."""
    cuts = sorted({s for s in starts if 1 < s <= pages})
    units, first = [], 1
    for cut in cuts + [pages + 1]:
        if cut > first:
            units.append((first, cut - 1))
            first = cut
    parts: list[tuple[int, int]] = []
    for first, last in units:
        if parts and last - parts[-1][0] + 1 <= max_pages:
            parts[-1] = (parts[-1][0], last)  # the unit joins the booklet being filled
        else:
            parts.append((first, last))
    return parts


def impose_booklets(pdf: bytes, record, max_pages: int) -> list[bytes]:
    """One imposed booklet per part of the book (a single one when the book is short)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    if pages <= max_pages:
        return [impose_booklet(pdf)]
    starts = list(record.chapter_starts) + ([record.back_start] if record.back_start else [])
    out = []
    for first, last in booklet_parts(pages, starts, max_pages):
        writer = PdfWriter()
        for index in range(first - 1, last):
            writer.add_page(reader.pages[index])
        part = io.BytesIO()
        writer.write(part)
        out.append(impose_booklet(part.getvalue()))
    return out
