"""The page machinery: page kinds, mirrored frames, running heads, folios, and the records
(anchor pages, acronym pages) that later pages and the next pass read."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import BaseDocTemplate, KeepTogether, ListFlowable, PageTemplate
from reportlab.platypus.doctemplate import ActionFlowable

from handbook.layout.flowables import Anchor, Deferred
from handbook.layout.inline import ACRONYM_CALLBACK
from handbook.layout.math import MATH_CALLBACK, draw_inline_math
from handbook.layout.context import wide_reach
from handbook.layout.frames import PageFrame
from handbook.layout.measure import MeasuringFrame
from handbook.layout.loopguard import LoopGuard
from handbook.layout.fonts import font_name
from handbook.layout.fontseed import font_resource_names, seed_fonts, write_with_fonts
from handbook.layout.keeps import KeepWithFirstPart
from handbook.layout.rlcompat import (
    clear_keep_with_next,
    count_flowables_on_page,
    frame_cursor,
    frame_left,
    frame_width,
    kept_flowables,
    page_code,
    reset_frame,
    write_links_faster,
)
from handbook.layout.running import draw_badge, draw_running
from handbook.theme import Theme
from handbook.translations import digits

MAX_WIDTH = 1e6  # a list's split into its items does not depend on the room

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
    back_start: int = 0  # physical page where the back matter begins; 0 when there is none


def roman(number: int) -> str:
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class HandbookDocTemplate(BaseDocTemplate):
    """A BaseDocTemplate that picks each page's template from its kind and side."""

    def __init__(
        self,
        filename,
        theme: Theme,
        book_title: str,
        draw: bool = True,
        on_page=None,
        seed=(),
        badge: str = "",
        **kwargs,
    ):
        self.theme = theme
        self.badge = badge  # printed large at the head of every page but blank ones (a series letter)
        self.font_seed = seed  # (font name, characters): subset codes fixed up front (layout.fontseed)
        self.book_title = book_title
        self.draw_pages = draw  # False: a measuring pass, which places flowables but draws nothing
        self.on_page = on_page  # called with the page number as each page is finished
        self.late_folios: list = []  # forms to define when the pages are known (layout.latefolio)
        self.record = PageRecord()
        self.kind = "title"
        self.running_head = ""
        self.after_opening = "body"
        self.outline_level = -1
        self.fresh_page = True  # nothing placed on the current page yet
        self.last_loc = None  # source of the flowable being placed, for layout errors
        self.loop_guard = LoopGuard()  # turns an endless layout loop into a LayoutError
        page_size = theme.page_size()
        body = theme.text.body
        # The canvas's starting font is written into every page: make it ours, not Helvetica.
        kwargs.setdefault("initialFontName", font_name(body.font, False, False))
        kwargs.setdefault("initialFontSize", body.size)
        kwargs.setdefault(
            "keepTogetherClass", KeepWithFirstPart
        )  # what `keepWithNext` (headings) groups into
        super().__init__(filename, pagesize=page_size, pageTemplates=self._templates(page_size), **kwargs)
        self._by_id = {t.id: t for t in self.pageTemplates}

    # --- templates ---------------------------------------------------------

    def _templates(self, page_size):
        width, height = page_size
        page = self.theme.page
        frame_height = height - page.margin_top - page.margin_bottom
        frame_width = width - page.margin_inner - page.margin_outer
        templates = []
        frame_class = PageFrame if self.draw_pages else MeasuringFrame
        reach = wide_reach(self.theme)  # the outer margin's share of the wide area (layout/wide.py)
        for side in ("recto", "verso"):
            # Recto: binding on the left, so the inner margin is on the left.
            outer_left = side == "verso" and page.duplex
            left = page.margin_outer if outer_left else page.margin_inner
            for kind in KINDS:
                # The title page is centred on the trim, as wide as the wide area: a title
                # set between mirrored margins sat off the page's middle.
                title = kind == "title"
                frame = frame_class(
                    (width - frame_width - reach) / 2 if title else left,
                    page.margin_bottom,
                    frame_width + reach if title else frame_width,
                    frame_height,
                    id=f"{kind}-{side}",
                    leftPadding=0,
                    rightPadding=0,
                    topPadding=0,
                    bottomPadding=0,
                )
                if not title:
                    frame.wide_left, frame.wide_right = (reach, 0.0) if outer_left else (0.0, reach)
                templates.append(PageTemplate(id=f"{kind}-{side}", frames=[frame], onPageEnd=self._decorate))
        return templates

    def side(self, physical_page: int) -> str:
        return "recto" if physical_page % 2 == 1 or not self.theme.page.duplex else "verso"

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self._use_kind(self.kind)

    def _use_kind(self, kind: str) -> None:
        """Give the current (still empty) page the template of `kind` on its side; the pages that
        follow an opening page are body (or back-matter) pages."""
        template = self._by_id[f"{kind}-{self.side(self.page)}"]
        self.pageTemplate = template
        for frame in template.frames:
            reset_frame(frame)
        self.frame = template.frames[0]
        self.handle_frameBegin()  # gives the frame the page's indents
        self.fresh_page = True
        self.kind = self.after_opening if kind == "opening" else kind

    # --- parts -------------------------------------------------------------

    def start_part(self, kind: str, recto: bool, running_head: str) -> None:
        """Begin a part on a fresh page: `title`, `front`, `chapter` or `back` (all but the title
        open on a page without a running head). `recto` puts it on a
        right-hand page, leaving a blank verso before it when needed."""
        if not self.fresh_page:
            self.handle_pageBreak()
            self.clean_hanging()  # begins the next page
        recto = opens_on_recto(self.theme, kind, recto)
        if recto and self.theme.page.duplex and self.page % 2 == 0:
            self._use_kind("blank")
            self.record.blank_pages.append(self.page)
            self.handle_pageEnd()
            self.clean_hanging()
        if kind in ("chapter", "back") and not self.record.body_start:
            self.record.body_start = self.page
            self.canv.addPageLabel(self.page - 1, "ARABIC", 1)
        if kind == "chapter":
            self.record.chapter_starts.append(self.page)
        elif kind == "back" and not self.record.back_start:
            self.record.back_start = self.page
        if kind in ("chapter", "back", "front"):
            # A part's first page carries its title: no running head above it, only the folio.
            self.after_opening = "body" if kind == "chapter" else kind
            kind = "opening"
        self._use_kind(kind)
        self.running_head = running_head

    # --- flowables ---------------------------------------------------------

    def handle_flowable(self, flowables):
        first = flowables[0]
        if isinstance(first, Deferred):
            flowables[0:1] = first.make(self)
            return
        self.last_loc = getattr(first, "handbook_loc", self.last_loc)
        self.loop_guard.step(self.page, getattr(self, "frame", None), len(flowables))
        super().handle_flowable(flowables)

    def handle_keepWithNext(self, flowables):
        first = flowables[0]
        page = self.theme.page
        width = self.theme.page_size()[0] - page.margin_inner - page.margin_outer
        if getattr(self, "frame", None) is not None:
            width = frame_width(self.frame)
        _open_list_after_heading(flowables, width, 2 * self.theme.text.body.leading, self.canv)
        super().handle_keepWithNext(flowables)
        group = flowables[0]
        if group is not first and isinstance(group, KeepTogether):
            # With nothing after it that it may join (the end of the book), reportlab leaves
            # keep-with-next on the group's last flowable and, if that is taller than a page,
            # regroups and splits it forever. It has nothing to keep with: clear it.
            clear_keep_with_next(kept_flowables(group)[-1])

    def afterFlowable(self, flowable):
        if not isinstance(flowable, ActionFlowable):  # actions put nothing on the page
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
        top = frame_cursor(self.frame) + self.theme.text.h1.leading  # a little above: the heading's top
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
            return digits(str(physical - start + 1), self.theme)  # `digits: devanagari`: ४२
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
        self.canv.setNamedCB(MATH_CALLBACK, draw_inline_math)
        self.canv.addPageLabel(0, "ROMAN_LOWER", 1)
        seed_fonts(self.canv, self.font_seed)
        write_links_faster(self.canv)  # the same bytes, less work (most of writing a book)

    # --- recorded chapters (layout.replay) ------------------------------------

    def replay_chapter(self, recording) -> None:
        """Put a chapter recorded alone (`layout.replay`) on the pages from here: each page's
        drawn code, then what drawing it did to the document (anchors, links, bookmarks,
        outline entries, acronym uses), as if its flowables had been laid out here. The
        running heads and folios are drawn live, by the page template, as on any page.
        A measuring pass (nothing drawn) takes only the pages and where anchors land; a
        measuring recording (`recording.measured`) is for such a pass only."""
        canvas = self.canv
        drawn = self.draw_pages
        if recording.measured and drawn:  # pragma: no cover - output.pdf never asks for it
            raise ValueError("a measuring recording replayed in a drawing pass")
        names = font_resource_names(canvas, recording.fonts) if drawn else None
        for index, page in enumerate(recording.pages):
            if index:
                self.kind = page.kind
                self.handle_pageEnd()
                self.clean_hanging()
            if names is not None:
                page_code(canvas).append(write_with_fonts(page.code, page.fonts, names))
            for event in page.events:
                if drawn or event.while_measuring:  # a measuring pass: where anchors land
                    event.replay(self, canvas)
            if not page.fresh:
                self.fresh_page = False
            count_flowables_on_page(self, page.flowables)
        recording.end.restore(self)

    def _decorate(self, canvas, doc):
        """Running head and foot, drawn when the page is complete."""
        self._name_page(canvas)
        if not self.draw_pages:
            return
        kind = self.pageTemplate.id.split("-")[0]
        recto = self.side(self.page) == "recto"
        texts = {"book_title": self.book_title, "chapter_title": self.running_head, "folio": self.folio()}
        left = frame_left(self.frame)
        # The running head and foot span the wide area: the page's frame of reference, the
        # running text's column and the figures beside it under one rule.
        head_left, head_right = (
            left - self.frame.wide_left,
            left + frame_width(self.frame) + self.frame.wide_right,
        )
        draw_running(canvas, self.theme, kind, recto, texts, head_left, head_right)
        if self.badge and kind != "blank":
            draw_badge(canvas, self.theme, self.badge, recto, left, left + frame_width(self.frame))

    def _name_page(self, canvas) -> None:
        """A named destination on every arabic-numbered page, for page references ('page-12')."""
        if self.draw_pages and self.record.body_start and self.page >= self.record.body_start:
            canvas.bookmarkPage(page_destination(self.folio()))

    def afterPage(self):
        self.record.pages = self.page
        if self.on_page:
            self.on_page(self.page)


def opens_on_recto(theme: Theme, kind: str, recto: bool) -> bool:
    """Whether a part of `kind` that asks for a right-hand page (`recto`) gets one: the back
    matter only where the theme wants it there (`page.back_matter_recto`)."""
    return recto and (kind != "back" or theme.page.back_matter_recto)


def page_destination(folio: int | str) -> str:
    """The named destination of body page `folio`."""
    return f"page-{folio}"


def _open_list_after_heading(flowables, width: float, two_lines: float, canv) -> None:
    """reportlab never puts a list (a container) into the group that keeps a heading with what
    follows, so a heading followed by a list could stand alone at the foot of a page. The list
    is replaced by its items (its own split, which keeps its spacing), and the heading then
    keeps with the first item, and with the second too when the first is a single line (a
    heading keeps two lines of what follows)."""
    index = 0
    while index < len(flowables) and flowables[index].getKeepWithNext():
        index += 1
    if index == 0 or index >= len(flowables) or not isinstance(flowables[index], ListFlowable):
        return
    listed = flowables[index]
    items = listed.split(MAX_WIDTH, MAX_WIDTH)
    if len(items) < 2:
        return
    loc = getattr(listed, "handbook_loc", None)
    for item in items:
        if loc is not None:
            item.handbook_loc = loc
    items[0].spaceBefore = max(getattr(items[0], "spaceBefore", 0), listed.getSpaceBefore())
    # wrapOn: an item that is a list itself (an empty first item with a nested list) measures
    # its lines on the canvas; plain wrap() has none to give it (an AttributeError).
    if items[0].wrapOn(canv, width, MAX_WIDTH)[1] < two_lines - 0.5:
        items[0].keepWithNext = True
    flowables[index : index + 1] = items
