"""One PDF per chapter (`--split`), for handing out a single topic.

Each chapter PDF holds the chapter's pages as they are in the handbook (same folios, shown
as its page labels), without the blank page that may follow it, with its part of the outline.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from handbook.layout.pages import PageRecord
from handbook.model import Chapter


def chapter_file_name(chapter: Chapter) -> str:
    return f"{chapter.number:02d}-{chapter.slug}.pdf"


def chapter_page_ranges(record: PageRecord, chapters: list[Chapter]) -> list[tuple[Chapter, int, int]]:
    """(chapter, first, last) physical pages, 1-based and inclusive: from its opening page to
    the page before the next part begins, less blank pages at its end."""
    part_starts = sorted(record.chapter_starts + record.back_starts)
    ranges = []
    for chapter, first in zip(chapters, record.chapter_starts):
        following = [start for start in part_starts if start > first]
        last = (following[0] if following else record.pages + 1) - 1
        while last > first and last in record.blank_pages:
            last -= 1
        ranges.append((chapter, first, last))
    return ranges


def split_chapters(pdf: bytes, record: PageRecord, chapters: list[Chapter]) -> dict[str, bytes]:
    """{file name: PDF} for each chapter."""
    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for chapter, first, last in chapter_page_ranges(record, chapters):
        writer = PdfWriter()
        writer.append(reader, pages=(first - 1, last))
        writer.set_page_label(0, last - first, style="/D", start=first - record.body_start + 1)
        writer.add_metadata({"/Title": chapter.meta.title, "/Creator": "handbook", "/Producer": "handbook"})
        buffer = io.BytesIO()
        writer.write(buffer)
        out[chapter_file_name(chapter)] = buffer.getvalue()
    return out
