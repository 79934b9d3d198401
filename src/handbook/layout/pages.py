"""The page machinery: page kinds, mirrored frames, running heads, folios, and the records
(anchor pages, acronym pages) that later pages and the next pass read."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate
from reportlab.platypus.doctemplate import PageBegin

from handbook.layout.flowables import Anchor, Deferred
from handbook.layout.inline import ACRONYM_CALLBACK
from handbook.layout.progress import ProgressGuard
from handbook.layout.styles import color
from handbook.layout.fonts import font_name
from handbook.theme import Theme

# Page kinds: what a page shows around its text block.
#   title    nothing          front   roman folio, running head
#   opening  folio only       body    running heads and folio
#   back     like body        blank   nothing (an intentionally empty verso)
KINDS = ("title", "front", "opening", "body", "back", "blank")


@dataclass
class PageRecord:
    """What one pass learned about where things landed."""

    folios: dict[str, str] = field(default_factory=dict)  # anchor -> folio
    anchor_pages: dict[str, int] = field(default_factory=dict)  # anchor -> physical page (1-based)
    acronym_folios: dict[str, list[int]] = field(default_factory=dict)  # acronym -> body folios, in order
    body_start: int = 0  # physical page number of arabic page 1
    pages: int = 0
    blank_pages: list[int] = field(default_factory=list)
    chapter_starts: list[int] = field(default_factory=list)  # physical pages


def roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class HandbookDocTemplate(BaseDocTemplate):
    """A BaseDocTemplate that picks each page's template from its kind and side."""

    def __init__(self, filename, theme: Theme, book_title: str, draw: bool = True, **kwargs):
        self.theme = theme
        self.book_title = book_title
        self.draw_pages = draw
        self.record = PageRecord()
        self.kind = "title"
        self.running_head = ""
        self.after_opening = "body"
        self.outline_level = -1
        self.fresh_page = True  # nothing placed on the current page yet
        self.last_loc = None  # source of the flowable being placed, for layout errors
        self.progress = ProgressGuard()  # turns an endless layout loop into a LayoutError
        page_size = theme.page_size()
        body = theme.text.body
        # The canvas's starting font is written into every page: make it ours, not Helvetica.
        kwargs.setdefault("initialFontName", font_name(body.font, False, False))
        kwargs.setdefault("initialFontSize", body.size)
        super().__init__(filename, pagesize=page_size, pageTemplates=self._templates(page_size), **kwargs)
        self._by_id = {t.id: t for t in self.pageTemplates}

    # --- templates ---------------------------------------------------------

    def _templates(self, page_size):
        width, height = page_size
        page = self.theme.page
        frame_height = height - page.margin_top - page.margin_bottom
        frame_width = width - page.margin_inner - page.margin_outer
        templates = []
        for side in ("recto", "verso"):
            # Recto: binding on the left, so the inner margin is on the left.
            left = page.margin_inner if side == "recto" or not page.duplex else page.margin_outer
            for kind in KINDS:
                frame = Frame(left, page.margin_bottom, frame_width, frame_height, id=f"{kind}-{side}",
                              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
                templates.append(PageTemplate(id=f"{kind}-{side}", frames=[frame],
                                              onPageEnd=self._decorate))
        return templates

    def side(self, physical_page: int) -> str:
        return "recto" if physical_page % 2 == 1 or not self.theme.page.duplex else "verso"

    def handle_pageBegin(self):
        side = self.side(self.page + 1)
        self.pageTemplate = self._by_id[f"{self.kind}-{side}"]
        super().handle_pageBegin()
        self.fresh_page = True
        if self.kind == "opening":
            self.kind = self.after_opening
        elif self.kind == "blank":
            self.record.blank_pages.append(self.page)

    # --- parts -------------------------------------------------------------

    def start_part(self, kind: str, recto: bool, running_head: str) -> None:
        """End the current page and begin a part: `title`, `front`, `chapter` or `back`
        (chapters and back-matter parts open on a page without a running head)."""
        if not (self._hanging and self._hanging[-1] is PageBegin):
            self.handle_pageBreak()
        if recto and self.theme.page.duplex and (self.page + 1) % 2 == 0:
            self.kind = "blank"
            self.clean_hanging()  # begins the blank page ...
            self.handle_pageEnd()  # ... and ends it at once
        if kind in ("chapter", "back"):
            if not self.record.body_start:
                self.record.body_start = self.page + 1
                self.canv.addPageLabel(self.page, "ARABIC", 1)
            if kind == "chapter":
                self.record.chapter_starts.append(self.page + 1)
            self.after_opening = "body" if kind == "chapter" else "back"
            kind = "opening"
        self.kind = kind
        self.running_head = running_head

    # --- flowables ---------------------------------------------------------

    def handle_flowable(self, flowables):
        first = flowables[0]
        if isinstance(first, Deferred):
            flowables[0:1] = first.make(self)
            return
        self.last_loc = getattr(first, "handbook_loc", self.last_loc)
        self.progress.step(self.page, getattr(self, "frame", None), len(flowables))
        super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables):
        first = flowables[0]
        super().handle_keepWithNext(flowables)
        group = flowables[0]
        if group is not first and isinstance(group, KeepTogether):
            # With nothing after it that it may join (the end of the book), reportlab leaves
            # keep-with-next on the group's last flowable and, if that is taller than a page,
            # regroups and splits it forever. It has nothing to keep with: clear it.
            group._content[-1].__dict__["keepWithNext"] = 0

    def afterFlowable(self, flowable):
        self.fresh_page = False
        if isinstance(flowable, Anchor):
            self._place_anchor(flowable)

    def _place_anchor(self, anchor: Anchor) -> None:
        info = anchor.info
        self.record.folios[info.name] = self.folio()
        self.record.anchor_pages[info.name] = self.page
        if info.running_head is not None:
            self.running_head = info.running_head
        if not self.draw_pages:
            return
        canvas = self.canv
        top = self.frame._y + self.theme.text.h1.leading  # a little above: the heading's top
        canvas.bookmarkHorizontal(info.name, 0, min(top, self.pagesize[1]))
        if info.title:
            # Outline levels may rise only one at a time.
            level = min(info.level, self.outline_level + 1)
            canvas.addOutlineEntry(info.title, info.name, level=level, closed=level >= 1)
            self.outline_level = level

    def folio(self, physical: int | None = None) -> str:
        physical = self.page if physical is None else physical
        start = self.record.body_start
        if start and physical >= start:
            return str(physical - start + 1)
        return roman(physical)

    def _acronym_used(self, canvas, kind, label):
        if self.record.body_start:
            pages = self.record.acronym_folios.setdefault(label, [])
            folio = self.page - self.record.body_start + 1
            if not pages or pages[-1] != folio:
                pages.append(folio)

    # --- build -------------------------------------------------------------

    def beforeDocument(self):
        self.canv.setNamedCB(ACRONYM_CALLBACK, self._acronym_used)
        self.canv.addPageLabel(0, "ROMAN_LOWER", 1)

    def _decorate(self, canvas, doc):
        """Running head and folio, drawn when the page is complete."""
        kind = self.pageTemplate.id.split("-")[0]
        if not self.draw_pages or kind in ("title", "blank"):
            return
        theme, page = self.theme, self.theme.page
        width, height = self.pagesize
        recto = self.side(self.page) == "recto"
        left, right = (page.margin_inner, width - page.margin_outer) if recto or not page.duplex \
            else (page.margin_outer, width - page.margin_inner)
        top = height - page.margin_top
        canvas.saveState()
        if kind in ("front", "body", "back"):
            head = self.running_head if (recto or not page.duplex) else self.book_title
            if kind == "front":
                head = self.running_head
            _draw_text(canvas, theme.text.header, head, left, right, top + page.header_gap,
                       "right" if recto else "left")
            if page.rule_width:
                canvas.setStrokeColor(color(page.rule_color))
                canvas.setLineWidth(page.rule_width)
                rule_y = top + page.header_gap - theme.text.header.size * 0.45
                canvas.line(left, rule_y, right, rule_y)
        folio_align = ("right" if recto else "left") if page.duplex else "center"
        _draw_text(canvas, theme.text.footer, self.folio(), left, right,
                   page.margin_bottom - page.footer_gap, folio_align)
        canvas.restoreState()

    def afterPage(self):
        self.record.pages = self.page


def _draw_text(canvas, style, text: str, left: float, right: float, y: float, align: str) -> None:
    if not text:
        return
    name = font_name(style.font, style.bold, style.italic)
    canvas.setFont(name, style.size)
    canvas.setFillColor(color(style.color))
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # A long running head is shortened rather than run into the margin.
    limit = right - left
    while stringWidth(text, name, style.size) > limit and len(text) > 4:
        text = text[:-5].rstrip() + "…"
    if align == "right":
        canvas.drawRightString(right, y, text)
    elif align == "center":
        canvas.drawCentredString((left + right) / 2, y, text)
    else:
        canvas.drawString(left, y, text)
