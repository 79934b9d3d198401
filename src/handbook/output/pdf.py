"""Lay the story out twice and keep the second: the first pass only measures where chapters
and sections land, so the contents can print their page numbers."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reportlab.platypus.doctemplate import LayoutError

from handbook.errors import LayoutFailed
from handbook.layout.book import layout_book
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.layout.pages import HandbookDocTemplate, PageRecord
from handbook.model import Book
from handbook.options import BuildOptions
from handbook.theme import Theme

MAX_PASSES = 3


@dataclass
class RenderedPdf:
    data: bytes
    record: PageRecord


def render_pdf(book: Book, theme: Theme, options: BuildOptions, answers: str) -> RenderedPdf:
    register_fonts(theme)
    refs = PageRefs()
    record = _run(book, theme, options, answers, refs, draw=False)[1]
    for _ in range(MAX_PASSES - 1):
        refs = PageRefs(dict(record.folios))
        data, record = _run(book, theme, options, answers, refs, draw=True)
        if record.folios == refs.folios:
            break
    return RenderedPdf(data, record)


def _run(book, theme, options, answers, refs, draw: bool):
    ctx = LayoutContext(theme=theme, book=book, refs=refs, options=options, answers=answers)
    story = layout_book(ctx)
    buffer = io.BytesIO()
    settings = book.settings
    tags = sorted({tag for chapter in book.chapters for tag in chapter.meta.tags})
    doc = HandbookDocTemplate(
        buffer, theme, settings.title, draw=draw,
        title=settings.title, author=settings.author, subject=settings.subtitle,
        keywords=", ".join(tags), creator="handbook", producer="handbook",
        invariant=1,  # fixed dates and ids: the same sources give the same bytes
    )
    if not draw:
        doc._doSave = 0
    try:
        doc.build(story)
    except LayoutError as exc:
        raise LayoutFailed(explain_layout_error(str(exc)), doc.last_loc) from exc
    return buffer.getvalue(), doc.record


# reportlab class names in its messages -> what the author wrote
KINDS = {"Table": "table", "Paragraph": "paragraph", "TocLine": "contents entry",
         "FittedImage": "image", "Image": "image", "KeepBox": "figure", "IndentedBox": "block quote",
         "ListFlowable": "list", "LIIndenter": "list item"}
TOO_LARGE = re.compile(r"<(\w+)[ @].*?\(([\d.]+) x ([\d.]+)\) too large on page \d+ in frame "
                       r"'[^']*'\(([\d.]+) x ([\d.]+)", re.S)


def explain_layout_error(message: str) -> str:
    """reportlab's LayoutError text (object ids, frame names) -> a sentence for the author."""
    advice = "shorten it or split it into smaller parts"
    row = re.search(r"tallest row ([\d.]+)", message)
    if row:
        return (f"a row of this table is {float(row[1]):.0f} pt tall, more than a page holds: "
                "split the long cell into several rows or shorten it")
    large = TOO_LARGE.search(message)
    if large:
        kind = KINDS.get(large[1], "block")
        height, room = float(large[3]), float(large[5])
        return f"this {kind} is {height:.0f} pt tall but a page holds {room:.0f} pt: {advice}"
    if "no progress" in message:
        return f"this block can never be placed on a page: {advice}"
    return f"this block cannot be placed across pages: {advice}"
