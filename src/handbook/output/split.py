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
    ends = record.chapter_starts[1:] + [record.back_start or record.pages + 1]
    ranges = []
    for chapter, first, following in zip(chapters, record.chapter_starts, ends):
        last = following - 1
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
        writer.set_page_label(0, last - first, style="/D", start=first - record.body_start + 1)  # type: ignore[arg-type]
        writer.add_metadata({"/Title": chapter.meta.title, "/Creator": "handbook", "/Producer": "handbook"})
        buffer = io.BytesIO()
        writer.write(buffer)
        out[chapter_file_name(chapter)] = buffer.getvalue()
    return out
