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

The chapter draws on a `RecordingCanvas`, which lets through only the canvas operations on an
allow-list: drawing and graphics state (they only write the page's content stream, which is
recorded whole) and the four that touch the document, recorded as typed events (`LinkDrawn`,
`UrlLinkDrawn`, `BookmarkPlaced`, `OutlineEntryAdded`; with the doc template's `AnchorPlaced`
and `AcronymUsed`) and re-issued on replay. Any other canvas call made while a flowable draws
(an annotation, a form, an image, transparency, page settings) is refused: the chapter is
laid out live, its recording says why (`ChapterRecording.why`), and the tests that check the
sample and the generated corpus record every chapter fail. HANDBOOK_VERIFY_REPLAY=1
(output/replay_check.py) lays every replayed book out live as well and compares the two.

Fonts are named in a document in the order they are first drawn, so a page drawn alone cannot
name them as the book will: the recording keeps each page's code in pieces split at its font
selections, with the font each selects (layout.fontseed.split_at_fonts), and the replay writes
the book's own names between the pieces. Text is never read as a font name: a chapter that
prints "/F1 12 Tf" is recorded like any other.

Whatever the recorder cannot reproduce faithfully makes the chapter `live` (laid out in the
book, in order, in every build): a code outside the seed, a font the seed does not name,
images and forms, transparency or shading, canvas state left changed at a page's end,
content made late (Deferred), a second part start, keep-with-next across the chapter's end,
a layout error, an effect that is not plain data; and, decided from the text before any
layout (`live_for_text`), shaped text (its glyphs' codes follow the order the process meets
them). If in doubt, live.

A chapter whose text prints page numbers (a wiki link's "(p. 12)") is recorded against given
folios and keeps the ones it read (`asked`): it is valid only where the same anchors have the
same folios. Its first recording, against no folios (stand-ins), is a measuring one
(`measured`: pages and anchors, nothing drawn), only for learning where things land
(output.pdf's passes).
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import ClassVar

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from handbook.layout.flowables import Deferred, StartPart
from handbook.layout import scripts
from handbook.layout.fontseed import FONT_MARK, font_codes, mark_font_names, split_at_fonts, used_fonts
from handbook.layout.inline import ACRONYM_CALLBACK
from handbook.layout.pages import HandbookDocTemplate, opens_on_recto
from handbook.layout.paragraph import collecting_unset
from handbook.layout.rlcompat import (
    absolute_rect,
    defer_save,
    flowables_on_page,
    graphics_state,
    handbook_reportlab,
    names_graphics_states,
    page_code,
    page_uses_resources,
    replay_link,
)
from handbook.theme import Theme

_PLAIN = (str, int, float, bool, type(None))


# --- what drawing a chapter did to the document, in order, page by page ----------------------
# Each event re-issues itself on the book's doc template and canvas (`replay`); a measuring
# pass (nothing drawn) replays only those `while_measuring`.


@dataclass(frozen=True)
class AnchorPlaced:
    """A place in the book (heading, figure, question) landed on this page."""

    name: str
    running_head: str | None  # the running head from here on (None: unchanged)
    while_measuring = True

    def replay(self, doc, canvas) -> None:
        doc.record.folios[self.name] = doc.folio()
        doc.record.anchor_pages[self.name] = doc.page
        if self.running_head is not None:
            doc.running_head = self.running_head


@dataclass(frozen=True)
class CanvasCall:
    """A call of a canvas method that reaches the document, as data: its fields are the
    method's arguments, named as the method names them (`kw`, if any: the others, as sorted
    pairs), with rectangles absolute. `issue` makes the call on a canvas: the recorder makes it
    so on its own, and the replay on the book's, so the two write the same bytes."""

    while_measuring: ClassVar[bool] = False
    method: ClassVar[str]  # the canvas method's name, given in the class statement

    def __init_subclass__(cls, method: str, **kw):
        super().__init_subclass__(**kw)
        cls.method = method

    def keywords(self) -> dict:
        named = dict(vars(self))  # the fields, in order (as the dataclass's __init__ sets them)
        named.update(named.pop("kw", ()))
        return named

    def issue(self, canvas):
        return getattr(canvas, self.method)(**self.keywords())

    def replay(self, doc, canvas) -> None:
        if not self.issued_faster(canvas):
            self.issue(canvas)

    def issued_faster(self, canvas) -> bool:
        """Made the call's bytes a quicker way than `issue` (False: nothing done)."""
        return False


@dataclass(frozen=True)
class BookmarkPlaced(CanvasCall, method="bookmarkPage"):
    """canvas.bookmarkPage: a named destination on this page."""

    key: str
    fit: str
    left: float | None
    top: float | None
    bottom: float | None
    right: float | None
    zoom: float | None


@dataclass(frozen=True)
class OutlineEntryAdded(CanvasCall, method="addOutlineEntry"):
    """canvas.addOutlineEntry: a bookmark in the PDF's outline."""

    title: str
    key: str
    level: int
    closed: bool | None


@dataclass(frozen=True)
class LinkDrawn(CanvasCall, method="linkRect"):
    """canvas.linkRect: a link to a destination in the book, its rectangle on the page."""

    contents: str
    destinationname: str
    Rect: tuple  # (linkRect's names, capitals and all)
    addtopage: int
    name: str | None
    relative: int  # 0: the rectangle is absolute
    thickness: float
    color: object
    dashArray: object
    kw: tuple  # the other keywords, as sorted pairs

    def issued_faster(self, canvas) -> bool:
        return replay_link(canvas, **vars(self))  # (the same bytes, with less work)


@dataclass(frozen=True)
class UrlLinkDrawn(CanvasCall, method="linkURL"):
    """canvas.linkURL: a link to a web address."""

    url: str
    rect: tuple
    relative: int  # 0: the rectangle is absolute
    thickness: float
    color: object
    dashArray: object
    kind: str
    kw: tuple


@dataclass(frozen=True)
class AcronymUsed:
    """An acronym's use was drawn on this page (the glossary lists its pages)."""

    while_measuring = False

    kind: str
    label: str

    def replay(self, doc, canvas) -> None:
        doc._acronym_used(canvas, self.kind, self.label)


Event = AnchorPlaced | BookmarkPlaced | OutlineEntryAdded | LinkDrawn | UrlLinkDrawn | AcronymUsed


@dataclass(frozen=True)
class CarriedState:
    """What the doc template carries from a chapter's last flowable to what follows it."""

    kind: str  # the page kind the next page takes
    after_opening: str
    running_head: str
    outline_level: int

    @classmethod
    def of(cls, doc) -> CarriedState:
        return cls(doc.kind, doc.after_opening, doc.running_head, doc.outline_level)

    def restore(self, doc) -> None:
        doc.kind, doc.after_opening = self.kind, self.after_opening
        doc.running_head, doc.outline_level = self.running_head, self.outline_level


@dataclass(frozen=True)
class PageRecording:
    kind: str  # the page's template kind (opening, body, blank, ...)
    # What the text frame drew, joined as reportlab joins a page's code, in pieces split at its
    # font selections: code[0], the name of the font ChapterRecording.fonts[fonts[0]], code[1], ...
    code: tuple[str, ...]
    fonts: tuple[int, ...]
    events: tuple[Event, ...]  # in order
    flowables: int  # flowables placed (reportlab's empty-page guard counts them)
    fresh: bool  # nothing placed on the page


@dataclass(frozen=True)
class ChapterRecording:
    pages: tuple  # PageRecording, the chapter's pages from its opening page
    fonts: tuple[str, ...]  # the faces its pages select, in the order it named them
    end: CarriedState | None  # after its last flowable (None: live)
    live: bool = False  # not recordable: lay the chapter out in the book
    asked: tuple = ()  # (anchor, folio) its text printed, in order: valid only where they hold
    measured: bool = False  # laid out without drawing (its pages hold no code): measuring only
    why: str = ""  # why it is live
    reads: tuple = ()  # (chapter index, attribute, digest) read of other chapters (incremental/tracked.py)
    unset: tuple = ()  # (file, line) of paragraphs total fit could not set (layout.paragraph)


def laid_out_live(why: str) -> ChapterRecording:
    """The recording of a chapter that is laid out in the book instead, saying why."""
    return ChapterRecording((), (), None, live=True, why=why)


LIVE = laid_out_live("not recordable")


def live_for_text(text: str) -> ChapterRecording | None:
    """A chapter's recording decided from its text (its model's repr) before any layout: live
    for shaped text (Devanagari, emoji flags), whose glyphs get codes per process in the order
    reportlab meets them (laid out in the book, in order, they meet them in the same order in
    every build); None: record it."""
    return laid_out_live("shaped text") if scripts.needs_shaping(text) else None


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


# --- the canvas a chapter is recorded on -------------------------------------------------------

# Canvas operations a recorded chapter may make: they draw on the page's content stream (which
# is recorded whole), set the graphics state (compared at each page's end), or only read.
DRAWING = frozenset(
    """absolutePosition arc beginPath beginText bezier circle clipPath cross drawAlignedString
    drawBoundary drawCentredString drawPath drawRightString drawString drawText ellipse grid
    line lines rect roundRect wedge addLiteral saveState restoreState push_state_stack
    pop_state_stack init_graphics_state rotate scale skew transform translate resetTransforms
    setDash setFillColor setFillColorCMYK setFillColorRGB setFillGray setStrokeColor
    setStrokeColorCMYK setStrokeColorRGB setStrokeGray setFont setFontSize setLineCap
    setLineJoin setLineWidth setMiterLimit stringWidth getPageNumber getNamedCB
    getAvailableFonts getCurrentPageContent pageHasData""".split()
)
# Operations that reach the document: recorded as events, re-issued on replay (and those that
# reportlab implements through them: bookmarkHorizontal* call bookmarkPage, linkAbsolute linkRect).
RECORDED = frozenset("linkRect linkURL bookmarkPage addOutlineEntry".split())
THROUGH_RECORDED = frozenset("bookmarkHorizontal bookmarkHorizontalAbsolute linkAbsolute".split())


class NotRecordable(LayoutError):
    """A chapter's flowable asked the canvas for something a recording cannot carry."""


class RecordingCanvas(Canvas):
    """The canvas a chapter is recorded on. While one of the chapter's flowables draws
    (`armed`), every public operation outside DRAWING, RECORDED and THROUGH_RECORDED is
    refused (EXTENDED_STATE once it would name a state) (NotRecordable, and the doc notes why): nothing the recording would not carry can
    be silently dropped on replay. The doc template's own page machinery (page sizes, page
    labels, showPage) runs unarmed, as it runs in the book."""

    armed = False
    refused = ""  # the first operation refused
    recorder: _RecordingDoc  # told of each recorded operation (set as its document begins)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1, **kw):
        rect = absolute_rect(self, Rect, relative)
        thickness, color, dash = kw.pop("thickness", 0), kw.pop("color", None), kw.pop("dashArray", None)
        link = LinkDrawn(
            contents, destinationname, rect, addtopage, name, 0, thickness, color, dash, _pairs(kw)
        )
        return self._record(link, checked=True)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        rect = absolute_rect(self, rect, relative)
        return self._record(
            UrlLinkDrawn(url, rect, 0, thickness, color, dashArray, kind, _pairs(kw)), checked=True
        )

    def bookmarkPage(self, key, fit="Fit", left=None, top=None, bottom=None, right=None, zoom=None):
        return self._record(BookmarkPlaced(key, fit, left, top, bottom, right, zoom))

    def addOutlineEntry(self, title, key, level=0, closed=None):
        return self._record(OutlineEntryAdded(title, key, level, closed))

    def _record(self, event, checked: bool = False):
        """Note `event`, then do here exactly what replaying it does on the book's canvas."""
        self.recorder.note_event(event, checked=checked)
        self.in_recorded = True
        try:
            return event.issue(super())
        finally:
            self.in_recorded = False

    def addLiteral(self, s, escaped=1):
        # The one way raw code reaches a page: never with the mark that begins font names.
        if self.armed and FONT_MARK in str(s):
            self.refuse("addLiteral (with a NUL character)")
        return super().addLiteral(s, escaped)

    def refuse(self, operation: str) -> None:
        self.refused = self.refused or operation
        raise NotRecordable(f"canvas.{operation} is not recordable")

    @property
    def acroForm(self):  # form fields: document objects a recording cannot carry
        if self.armed:
            self.refuse("acroForm")
        return Canvas.acroForm.__get__(self)

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        # Reached from the recorded links; any other annotation (through reportlab's private
        # way in) is refused like the public ones.
        if self.armed and not self.in_recorded:
            self.refuse(f"_addAnnotation({type(annotation).__name__})")
        return super()._addAnnotation(annotation, name, addtopage)

    in_recorded = False  # inside linkRect or linkURL


def _refusing(name: str):
    unguarded = getattr(Canvas, name)

    def operation(self, *args, **kwargs):
        if self.armed:
            self.refuse(name)
        return unguarded(self, *args, **kwargs)

    operation.__name__ = name
    return operation


def _refusing_a_new_state(name: str):
    """An extended graphics state setter (alpha, overprint, blend mode): allowed while it sets
    the value in force (no resource), refused once it names a state."""
    unguarded = getattr(Canvas, name)

    def operation(self, *args, **kwargs):
        done = unguarded(self, *args, **kwargs)
        if self.armed and names_graphics_states(self):
            self.refuse(name)
        return done

    operation.__name__ = name
    return operation


EXTENDED_STATE = frozenset(
    "setFillAlpha setStrokeAlpha setFillOverprint setStrokeOverprint setOverprintMask setBlendMode".split()
)


def _public_operations() -> set[str]:
    return {
        name
        for name in dir(Canvas)
        if not name.startswith("_") and callable(getattr(Canvas, name, None)) and name != "acroForm"
    }


for _name in sorted(_public_operations() - DRAWING - RECORDED - THROUGH_RECORDED):
    setattr(RecordingCanvas, _name, (_refusing_a_new_state if _name in EXTENDED_STATE else _refusing)(_name))


@handbook_reportlab()  # (a worker forked by a build has it already; a caller of its own may not)
def record_chapter(
    flowables: list, theme: Theme, book_title: str, seed, draw: bool = True
) -> ChapterRecording:
    """Lay `flowables` (a chapter, or a part of the back matter: StartPart first) out alone and
    record its pages; a live one (`laid_out_live`, saying why) when the recording could differ
    from laying them out in the book. The book replays it after the same StartPart
    (`replay_story`). `draw=False`: a measuring recording (pages, anchors), for a measuring
    pass of the book only."""
    first = flowables[0] if flowables else None
    # Recorded alone, a part starts on page 1, a right-hand page: a part that may start on a
    # left-hand one (the A5 booklet's back matter) would be replayed with the wrong side's frames.
    if not (isinstance(first, StartPart) and opens_on_recto(theme, first.kind, first.recto)):
        return laid_out_live("does not start a part on a right-hand page")
    if not (first.kind == "chapter" and not first.running_head or first.kind == "back"):
        return laid_out_live("a part of a kind recordings do not hold")
    if flowables[-1].getKeepWithNext():
        return laid_out_live("its end keeps with whatever follows it")
    doc = _RecordingDoc(theme, book_title, seed, draw)
    defer_save(doc)
    try:
        with collecting_unset() as unset:
            doc.build(list(flowables), canvasmaker=RecordingCanvas)
    except LayoutError:
        if doc.canv.refused:
            return laid_out_live(f"canvas.{doc.canv.refused} is not recordable")
        return laid_out_live("a layout error (the book reports it, at its place)")
    if not doc.faithful:
        return laid_out_live(doc.unfaithful)
    if not doc.pages:
        return laid_out_live("no pages")
    if font_codes(doc.canv, seed) != doc.codes:
        return laid_out_live("a character outside the font seed")
    fonts = used_fonts(doc.canv)
    if any(name not in doc.seeded for _, name in fonts):
        return laid_out_live("a face the font seed does not name")  # its codes would follow first use
    return ChapterRecording(
        tuple(doc.pages),
        tuple(name for _, name in fonts),
        doc.end,
        measured=not draw,
        unset=tuple(sorted(unset)),
    )


class _RecordingDoc(HandbookDocTemplate):
    def __init__(self, theme: Theme, book_title: str, seed, draw: bool = True):
        super().__init__(io.BytesIO(), theme, book_title, draw=draw, seed=seed, invariant=1)
        self.pages: list[PageRecording] = []
        self.events: list[Event] = []
        self.faithful = True
        self.unfaithful = ""  # why not
        self.parts = 0
        self.codes: tuple = ()
        self.seeded = {name for name, _ in seed}
        self.end: CarriedState | None = None

    def _not_faithful(self, why: str) -> None:
        if self.faithful:
            self.faithful, self.unfaithful = False, why

    def beforeDocument(self):
        super().beforeDocument()
        canvas = self.canv
        canvas.recorder = self
        canvas.setNamedCB(ACRONYM_CALLBACK, self._record_acronym)
        mark_font_names(canvas, self.font_seed)
        self.codes = font_codes(canvas, self.font_seed)
        self.clean_state = graphics_state(canvas)

    def note_event(self, event: Event, checked: bool = False) -> None:
        """`checked`: an event with arguments from outside (colours, options), kept only when
        they are plain data."""
        if checked and not _plain(tuple(getattr(event, field.name) for field in fields(event))):
            self._not_faithful("a link with arguments that are not plain data")
        self.events.append(event)

    def _record_acronym(self, canvas, kind, label):
        self.note_event(AcronymUsed(kind, label))

    def start_part(self, kind: str, recto: bool, running_head: str) -> None:
        self.parts += 1
        if self.parts > 1:
            self._not_faithful("a second part starts in it")
        super().start_part(kind, recto, running_head)

    def handle_flowable(self, flowables):
        if isinstance(flowables[0], Deferred):
            self._not_faithful("content made late (Deferred)")
        # Armed while the chapter's own flowables draw; the doc's actions and pages are not.
        self.canv.armed = not isinstance(flowables[0], ActionFlowable)
        try:
            super().handle_flowable(flowables)
        finally:
            self.canv.armed = False

    # A page's start and end are the doc's page machinery, not the chapter's drawing.
    def handle_pageBegin(self):
        with self._disarmed():
            super().handle_pageBegin()

    def handle_pageEnd(self):
        with self._disarmed():
            super().handle_pageEnd()

    @contextmanager
    def _disarmed(self):
        armed, self.canv.armed = self.canv.armed, False
        try:
            yield
        finally:
            self.canv.armed = armed

    def _place_anchor(self, anchor) -> None:
        self.note_event(AnchorPlaced(anchor.info.name, anchor.info.running_head))
        super()._place_anchor(anchor)

    def _decorate(self, canvas, doc):
        """A page is done: record what its frame drew (no running heads: the book draws them)."""
        kind = self.pageTemplate.id.split("-")[0]
        if page_uses_resources(canvas):
            self._not_faithful("a page uses forms, images, spot colours or shadings")
        elif graphics_state(canvas) != self.clean_state:
            self._not_faithful("a page leaves the graphics state changed")
        split = split_at_fonts("\n".join(page_code(canvas)), used_fonts(canvas))
        if split is None:  # pragma: no cover - reportlab writes the mark only in font names
            self._not_faithful("a page's code holds the font names' mark outside a name")
            split = ("",), ()
        self.pages.append(
            PageRecording(
                kind,
                *split,
                tuple(self.events),
                flowables_on_page(self),
                self.fresh_page,
            )
        )
        self.events = []
        self.end = CarriedState.of(self)


def _pairs(keywords: dict) -> tuple:
    return tuple(sorted(keywords.items()))


def _plain(value) -> bool:
    if isinstance(value, tuple):
        return all(_plain(item) for item in value)
    return isinstance(value, _PLAIN)
