"""One chapter as it will print in the book, for the editor who just saved it.

The book is prepared as a whole (numbering, acronym first-use state, shuffled options are the
book's, since enrichment saw every chapter before this one), then only this chapter is laid
out and drawn. It opens on a right-hand page, as every chapter does in the book, numbered
with the folio it had in the last book built from the same folder (build/.cache; page 1 before
any book was built), and page references print the folios of that book.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from handbook.translations import language_tag
from handbook.layout.chapter import layout_chapter
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.layout.latefolio import define_late_folios
from handbook.layout.pages import HandbookDocTemplate
from handbook.layout.rlcompat import (
    current_page_ref,
    defer_save,
    handbook_reportlab,
    point_undefined_destinations,
)
from handbook.model import Book, Chapter
from handbook.output.pdf import LayoutFailed, LayoutError, RenderedPdf, explain_layout_error


class PreviewDocTemplate(HandbookDocTemplate):
    """Physical page 1 is the chapter's opening page and carries folio `first`."""

    def __init__(self, filename, theme, book_title, first: int, **kwargs):
        super().__init__(filename, theme, book_title, **kwargs)
        self.first = first
        # Set before the chapter starts, so start_part takes the body as begun already.
        self.record.body_start = 2 - first if first != 2 else -1  # only its truthiness is read there

    def folio(self, physical: int | None = None) -> str:
        return str((self.page if physical is None else physical) + self.first - 1)

    def _acronym_used(self, canvas, kind, label):
        pass  # no glossary in a preview

    def _decorate(self, canvas, doc):
        if self.page == 1:
            self.first_page_ref = current_page_ref(canvas)
        super()._decorate(canvas, doc)

    def point_outside_links_home(self) -> None:
        """Links to the rest of the book (the glossary, other chapters) have no page here:
        they lead to the chapter's first page rather than nowhere (a PDF cannot leave a link
        unresolved)."""
        point_undefined_destinations(self.canv, self.first_page_ref)

    def beforeDocument(self):
        super().beforeDocument()
        self.canv.addPageLabel(0, "ARABIC", self.first)


def find_chapter(book: Book, wanted: str) -> Chapter | None:
    """The chapter named by its number in the book ("3") or its file (a path)."""
    if wanted.strip().isdigit():  # before enrichment numbers them: the n-th in reading order
        number = int(wanted)
        return book.chapters[number - 1] if 1 <= number <= len(book.chapters) else None
    target = Path(wanted).resolve()
    try:  # (the file's identity first: resolving every chapter's path was 200 lstat calls a
        # hundred chapters; hard links aside, only the file wanted has it)
        wanted_file = os.stat(target)
    except OSError:
        return None
    return next(
        (c for c in book.chapters if _same_file(c.path, wanted_file) and Path(c.path).resolve() == target),
        None,
    )


def _same_file(path, wanted: os.stat_result) -> bool:
    try:
        found = os.stat(path)
    except OSError:
        return False
    return (found.st_ino, found.st_dev) == (wanted.st_ino, wanted.st_dev)


@handbook_reportlab()
def render_chapter(
    book: Book, chapter: Chapter, theme, options, answers: str, folios: dict[str, str]
) -> RenderedPdf:
    register_fonts(theme)
    ctx = LayoutContext(theme=theme, book=book, refs=PageRefs(dict(folios)), options=options, answers=answers)
    story = layout_chapter(chapter, ctx)
    known = folios.get(chapter.anchor, "1")
    first = int(known) if known.isdigit() else 1
    buffer = io.BytesIO()
    settings = book.settings
    doc = PreviewDocTemplate(
        buffer,
        theme,
        settings.title,
        first,
        title=settings.title,
        author=settings.author,
        lang=language_tag(settings.language),
        creator="handbook",
        producer="handbook",
        invariant=1,
    )
    defer_save(doc)
    try:
        doc.build(story)
    except LayoutError as exc:
        raise LayoutFailed(explain_layout_error(str(exc)), doc.last_loc) from exc
    define_late_folios(doc)
    doc.point_outside_links_home()
    doc.canv.save()
    return RenderedPdf(buffer.getvalue(), doc.record, ("draw",))
