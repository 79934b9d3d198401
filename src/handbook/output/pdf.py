"""Lay the story out twice and keep the second: the first pass only measures where chapters
and sections land, so the contents can print their page numbers."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus.doctemplate import LayoutError

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


class LayoutFailed(Exception):
    """A flowable could not be placed; `loc` is the source block it came from."""

    def __init__(self, message: str, loc):
        super().__init__(message)
        self.loc = loc


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
        raise LayoutFailed(_first_line(str(exc)), doc.last_loc) from exc
    return buffer.getvalue(), doc.record


def _first_line(message: str) -> str:
    return message.split("\n", 1)[0]
