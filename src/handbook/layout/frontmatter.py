"""Title page and table of contents (front matter, numbered in roman)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from reportlab.lib.enums import TA_LEFT
from reportlab.platypus import Spacer

from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.text import long_date, rule
from handbook.layout.latefolio import draw_late_folio
from handbook.layout.styles import color, paragraph_style
from handbook.model import Heading, plain_text
from handbook.translations import digits

TOC_ANCHOR = "contents"


def layout_title_page(ctx: LayoutContext) -> list:
    """The title page (title, subtitle, a rule, the author; the publisher at its foot) and its
    back, the imprint page (edition and date at the foot), as a publisher sets them."""
    theme, settings = ctx.theme, ctx.book.settings
    meta = paragraph_style(theme, "title_meta")
    out = [
        StartPart("title", recto=False),
        Spacer(1, ctx.text_height * 0.18),
        RLParagraph(text(settings.title), paragraph_style(theme, "title")),
    ]
    if settings.subtitle:
        out.append(RLParagraph(text(settings.subtitle), paragraph_style(theme, "subtitle")))
    if theme.spacing.title_rule:
        out.append(rule(theme.colors.accent, theme.spacing.title_rule, "30%", "CENTER"))
    if settings.author:
        out.append(RLParagraph(text(settings.author), meta))
    if settings.publisher:
        out.append(
            AtFoot([RLParagraph(text(settings.publisher), meta.clone(f"{meta.name}:foot", spaceBefore=0))])
        )
    imprint_lines = [
        settings.title + (f": {settings.subtitle}" if settings.subtitle else ""),
        settings.edition,
        settings.author,
        settings.publisher,
        long_date(settings.date, theme),
    ]
    imprint = paragraph_style(theme, "imprint" if theme.text.imprint else "title_meta")
    imprint = imprint.clone(f"{imprint.name}:imprint", alignment=TA_LEFT, spaceBefore=0)
    out += [
        StartPart("title", recto=False),
        AtFoot([RLParagraph(text(line), imprint) for line in imprint_lines if line]),
    ]
    return out


class AtFoot(Flowable):
    """Flowables set at the foot of the page: takes the rest of the frame, draws at its bottom."""

    def __init__(self, flowables: list):
        super().__init__()
        self.flowables = flowables

    def wrap(self, availWidth, availHeight):
        self._sizes = [f.wrap(availWidth, availHeight)[1] for f in self.flowables]
        self.width, self.height = availWidth, max(availHeight, sum(self._sizes))
        return self.width, self.height

    def draw(self):
        y = sum(self._sizes)
        for flowable, height in zip(self.flowables, self._sizes):
            y -= height
            flowable.drawOn(self.canv, 0, y)


def layout_contents(ctx: LayoutContext, entries: list["TocEntry"]) -> list:
    theme = ctx.theme
    out = [
        StartPart("front", running_head=theme.words.contents),
        Anchor(AnchorInfo(TOC_ANCHOR, theme.words.contents, 0)),
        RLParagraph(text(theme.words.contents), paragraph_style(theme, "toc_heading")),
    ]
    for entry in entries:
        line = TocLine(entry, ctx)
        line.handbook_loc = entry.loc  # a title too long for a page is reported at its source
        out.append(line)
    return out


def toc_depth(ctx: LayoutContext) -> int:
    """How deep the contents go: book.yaml's `toc_depth`, else the theme's."""
    return ctx.book.settings.toc_depth or ctx.theme.toc_depth


class TocEntry:
    def __init__(self, title: str, anchor: str, level: int, number: str = "", loc=None):
        self.title, self.anchor, self.level, self.number = title, anchor, level, number
        self.loc = loc


def toc_entries(ctx: LayoutContext, back_matter: list[tuple[str, str]]) -> list[TocEntry]:
    """Chapters and their top sections, then the back-matter parts (title, anchor)."""
    entries = []
    for chapter in ctx.book.chapters:
        entries.append(TocEntry(chapter.meta.title, chapter.anchor, 0, str(chapter.number), chapter.meta.loc))
        top = getattr(chapter, "top_heading_level", 1)
        deepest = top + toc_depth(ctx) - 2  # toc_depth 2: the chapter and its top sections
        for block in chapter.blocks:
            if isinstance(block, Heading) and top <= block.level <= deepest:
                entries.append(
                    TocEntry(
                        plain_text(block.children),
                        block.anchor,
                        block.level - top + 1,
                        block.number,
                        block.loc,
                    )
                )
    entries.extend(TocEntry(title, anchor, 0) for title, anchor in back_matter)
    return entries


class TocLine(Flowable):
    """One contents line: the number, the title (wrapping), dot leaders, the page number; all
    one link. Every line's leaders are set in one font and end at one column, so the dots of
    all lines stand in vertical rows and the page numbers align on the right."""

    def __init__(self, entry: TocEntry, ctx: LayoutContext):
        super().__init__()
        self.entry = entry
        style_name = "toc_chapter" if entry.level == 0 else "toc_section"
        self.style = paragraph_style(ctx.theme, style_name)
        self.leader_style = paragraph_style(ctx.theme, "toc_section")
        chapter = paragraph_style(ctx.theme, "toc_chapter")
        # Chapter numbers hang in a column; chapter and section titles start at its right.
        self.title_x = stringWidth("00\u2002", chapter.fontName, chapter.fontSize)
        self.title_x += max(entry.level - 1, 0) * chapter.fontSize  # subsections (toc_depth 3+)
        self.folio_column = stringWidth("0000", chapter.fontName, chapter.fontSize)
        self.dot_color = color(ctx.theme.colors.muted)
        self.paragraph = RLParagraph(text(entry.title), self.style)
        self.theme = ctx.theme
        self.spaceBefore = self.style.spaceBefore
        self.keepWithNext = entry.level == 0

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        gap = self.leader_style.fontSize  # room for at least a dot between title and number
        _, self.height = self.paragraph.wrap(availWidth - self.title_x - self.folio_column - gap, availHeight)
        return availWidth, self.height

    def draw(self):
        # Drawn in reading order (number, title, leaders, folio), so that extracted text and
        # screen readers get the line as it reads.
        canvas = self.canv
        font, size = self.style.fontName, self.style.fontSize
        lines = len(self.paragraph.blPara.lines) if hasattr(self.paragraph, "blPara") else 1
        first_baseline = self.height - size
        baseline = first_baseline - (max(lines, 1) - 1) * self.style.leading  # the last line's
        if self.entry.number:
            self._draw_string(
                canvas,
                font,
                size,
                self.style.textColor,
                0,
                first_baseline,
                self.entry.number
                if not self.entry.number.isdigit()
                else digits(self.entry.number, self.theme),
            )
        self.paragraph.drawOn(canvas, self.title_x, 0)
        self._draw_leaders(canvas, self.title_x + _last_line_width(self.paragraph), baseline)
        # The page number is known only when the layout is done: drawn late (one pass).
        draw_late_folio(
            canvas,
            self.entry.anchor,
            lambda c, folio: self._draw_string(
                c,
                font,
                size,
                self.style.textColor,
                self.width - scripts.width(folio, font, size),
                baseline,
                folio,
            ),
        )
        canvas.linkRect("", self.entry.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)

    def _draw_leaders(self, canvas, text_end: float, baseline: float) -> None:
        font, size = self.leader_style.fontName, self.leader_style.fontSize
        pitch = stringWidth(". ", font, size)
        dots_end = self.width - self.folio_column
        # At least a whole pitch of white between the title and its first dot: with half a
        # pitch (2.3 pt) the first dot read as the title's full stop ("Chapter1.").
        count = int((dots_end - text_end - pitch) / pitch)
        if count > 0:
            leaders = ". " * count
            x = dots_end - stringWidth(leaders, font, size)
            self._draw_string(canvas, font, size, self.dot_color, x, baseline, leaders)

    @staticmethod
    def _draw_string(canvas, font, size, fill, x, y, value) -> None:
        canvas.setFillColor(fill)
        scripts.draw(canvas, x, y, value, font, size)  # Devanagari digits come from a fallback


def _last_line_width(paragraph: RLParagraph) -> float:
    lines = getattr(paragraph, "blPara", None)
    if lines is None or not lines.lines:
        return 0.0
    last = lines.lines[-1]
    if hasattr(last, "extraSpace"):  # a line of fragments
        return paragraph.width - last.extraSpace if hasattr(paragraph, "width") else 0.0
    extra, _ = last  # a simple line: (extraSpace, words)
    return paragraph.width - extra if hasattr(paragraph, "width") else 0.0
