"""Chapters laid out alone and recorded, then replayed into the book.

A chapter starts on a right-hand page, so its pages' sides and templates are the same wherever
it lands; with the font codes fixed up front (layout.fontseed) the bytes its flowables draw on
each page are too. So a chapter is laid out in a document of its own (the book's template
class, geometry and seed) and each page is recorded as plain data: the content-stream code its
text frame drew, and, in order, what drawing did to the document (anchors placed, bookmarks,
outline entries, links, acronym uses). The book then replays it page by page
(`HandbookDocTemplate.replay_chapter`): appending the code and re-issuing the effects at the
real page numbers costs almost nothing, and the page decorations (running heads, folios) are
drawn live. Cold builds replay too, so a rebuild that reuses stored recordings gives the same
bytes by construction.

Whatever the recorder cannot reproduce faithfully makes the chapter `live` (laid out in the
book, in order, in every build): a code outside the seed, a font the seed does not name,
images and forms, transparency or shading, canvas state left changed at a page's end,
content made late (Deferred), a second part start, keep-with-next across the chapter's end,
a layout error, an effect that is not plain data; and, decided from the text before any
layout (output.pdf), shaped text (its glyphs' codes follow the order the process meets them)
and text a renamed font could match. If in doubt, live.

A chapter whose text prints page numbers (a wiki link's "(p. 12)") is recorded against given
folios and keeps the ones it read (`asked`): it is valid only where the same anchors have the
same folios. Its first recording, against no folios (stand-ins), is a measuring one
(`measured`: pages and anchors, nothing drawn), only for learning where things land
(output.pdf's passes).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from handbook.layout.flowables import Deferred, StartPart
from handbook.layout.fontseed import font_codes, used_fonts
from handbook.layout.inline import ACRONYM_CALLBACK
from handbook.layout.pages import HandbookDocTemplate, link_again
from handbook.layout.rlcompat import (
    absolute_rect,
    defer_save,
    flowables_on_page,
    handbook_reportlab,
    graphics_state,
    page_code,
    page_uses_resources,
)
from handbook.theme import Theme

_PLAIN = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class PageRecording:
    kind: str  # the page's template kind (opening, body, blank, ...)
    code: str  # what the text frame drew, joined as reportlab joins a page's code
    events: tuple  # (what, ...) in order: anchor, bookmark, outline, link, url, acronym
    flowables: int  # flowables placed (reportlab's empty-page guard counts them)
    fresh: bool  # nothing placed on the page


@dataclass(frozen=True)
class ChapterRecording:
    pages: tuple  # PageRecording, the chapter's pages from its opening page
    fonts: tuple  # (internal name in the recording, face name): renamed on replay
    end: tuple  # (kind, after_opening, running_head, outline_level) after its last flowable
    live: bool = False  # not recordable: lay the chapter out in the book
    asked: tuple = ()  # (anchor, folio) its text printed, in order: valid only where they hold
    measured: bool = False  # laid out without drawing (its pages hold no code): measuring only


LIVE = ChapterRecording((), (), (), live=True)


def replay_story(recording: ChapterRecording, kind: str = "chapter", running_head: str = "") -> list:
    """What the book's story holds for a recorded chapter or back-matter part (`kind` "back",
    with its running head): the part's start, live, as the recorded flowables began, then the
    recording."""
    return [StartPart(kind, running_head=running_head), ReplayChapter(recording)]


class ReplayChapter(ActionFlowable):
    """A recorded chapter in the book's story (after its live StartPart)."""

    def __init__(self, recording: ChapterRecording):
        super().__init__()
        self.recording = recording

    def apply(self, doc):
        doc.replay_chapter(self.recording)


@handbook_reportlab()  # (a worker forked by a build has it already; a caller of its own may not)
def record_chapter(
    flowables: list, theme: Theme, book_title: str, seed, draw: bool = True
) -> ChapterRecording:
    """Lay `flowables` (a chapter, or a part of the back matter: StartPart first) out alone and
    record its pages; LIVE when the recording could differ from laying them out in the book.
    The book replays it after the same StartPart (`replay_story`). `draw=False`: a measuring
    recording (pages, anchors), for a measuring pass of the book only."""
    first = flowables[0] if flowables else None
    if not (isinstance(first, StartPart) and first.recto):
        return LIVE
    if not (first.kind == "chapter" and not first.running_head or first.kind == "back"):
        return LIVE
    if flowables[-1].getKeepWithNext():  # would join whatever follows the chapter
        return LIVE
    doc = _RecordingDoc(theme, book_title, seed, draw)
    defer_save(doc)
    try:
        doc.build(list(flowables))
    except LayoutError:
        return LIVE  # the book reports it, at its place
    if not doc.faithful or not doc.pages or font_codes(doc.canv, seed) != doc.codes:
        return LIVE
    fonts = used_fonts(doc.canv)
    if any(name not in doc.seeded for _, name in fonts):
        return LIVE  # a face whose codes would follow first use in the book
    return ChapterRecording(tuple(doc.pages), fonts, doc.end, measured=not draw)


class _RecordingDoc(HandbookDocTemplate):
    def __init__(self, theme: Theme, book_title: str, seed, draw: bool = True):
        super().__init__(io.BytesIO(), theme, book_title, draw=draw, seed=seed, invariant=1)
        self.pages: list[PageRecording] = []
        self.events: list[tuple] = []
        self.faithful = True
        self.parts = 0
        self.codes: tuple = ()
        self.seeded = {name for name, _ in seed}
        self.end: tuple = ()

    def beforeDocument(self):
        super().beforeDocument()
        canvas = self.canv
        canvas.setNamedCB(ACRONYM_CALLBACK, self._record_acronym)
        self.codes = font_codes(canvas, self.font_seed)
        self.clean_state = graphics_state(canvas)
        link_rect, link_url, bookmark, outline = (
            canvas.linkRect,
            canvas.linkURL,
            canvas.bookmarkPage,
            canvas.addOutlineEntry,
        )

        def record_link(contents, destinationname, Rect=None, addtopage=1, name=None, relative=1, **kw):
            rect = absolute_rect(canvas, Rect, relative)
            thickness = kw.pop("thickness", 0)
            color = kw.pop("color", None)
            dash = kw.pop("dashArray", None)
            self._event("link", contents, destinationname, rect, addtopage, name, thickness, color, dash, kw)
            return link_again(
                link_rect, contents, destinationname, rect, addtopage, name, thickness, color, dash, kw
            )

        def record_url(url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
            rect = absolute_rect(canvas, rect, relative)
            self._event("url", url, rect, thickness, color, dashArray, kind, kw)
            return link_url(
                url, rect, relative=0, thickness=thickness, color=color, dashArray=dashArray, kind=kind, **kw
            )

        def record_bookmark(key, fit="Fit", left=None, top=None, bottom=None, right=None, zoom=None):
            self._event("bookmark", key, fit, left, top, bottom, right, zoom)
            return bookmark(key, fit=fit, left=left, top=top, bottom=bottom, right=right, zoom=zoom)

        def record_outline(title, key, level=0, closed=None):
            self._event("outline", title, key, level, closed)
            return outline(title, key, level=level, closed=closed)

        def refuse(*args, **kwargs):
            self.faithful = False
            raise LayoutError("not recordable")

        canvas.linkRect = record_link
        canvas.linkURL = record_url
        canvas.bookmarkPage = record_bookmark
        canvas.addOutlineEntry = record_outline
        for name in ("doForm", "beginForm", "drawImage", "drawInlineImage", "shade", "setPageRotation"):
            if name != "setPageRotation":
                setattr(canvas, name, refuse)

    def _event(self, what: str, *args) -> None:
        if what in ("link", "url"):  # the only ones with arguments from outside (colours, options)
            args = tuple(tuple(sorted(a.items())) if isinstance(a, dict) else a for a in args)
            if not _plain(args):
                self.faithful = False
        self.events.append((what, *args))

    def _record_acronym(self, canvas, kind, label):
        self._event("acronym", kind, label)

    def start_part(self, kind: str, recto: bool, running_head: str) -> None:
        self.parts += 1
        if self.parts > 1:
            self.faithful = False
        super().start_part(kind, recto, running_head)

    def handle_flowable(self, flowables):
        if isinstance(flowables[0], Deferred):
            self.faithful = False
        super().handle_flowable(flowables)

    def _place_anchor(self, anchor) -> None:
        self._event("anchor", anchor.info.name, anchor.info.running_head)
        super()._place_anchor(anchor)

    def _decorate(self, canvas, doc):
        """A page is done: record what its frame drew (no running heads: the book draws them)."""
        kind = self.pageTemplate.id.split("-")[0]
        if page_uses_resources(canvas) or graphics_state(canvas) != self.clean_state:
            self.faithful = False
        self.pages.append(
            PageRecording(
                kind,
                "\n".join(page_code(canvas)),
                tuple(self.events),
                flowables_on_page(self),
                self.fresh_page,
            )
        )
        self.events = []
        self.end = (self.kind, self.after_opening, self.running_head, self.outline_level)


def _plain(value) -> bool:
    if isinstance(value, tuple):
        return all(_plain(item) for item in value)
    return isinstance(value, _PLAIN)
