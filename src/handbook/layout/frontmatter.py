"""Title page and table of contents (front matter, numbered in roman)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph as RLParagraph
from reportlab.platypus import Spacer

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.fonts import font_name
from handbook.layout.inline import text
from handbook.layout.styles import color, paragraph_style
from handbook.model import Heading, plain_text

TOC_ANCHOR = "contents"


def layout_title_page(ctx: LayoutContext) -> list:
    theme, settings = ctx.theme, ctx.book.settings
    out = [StartPart("title", recto=False), Spacer(1, ctx.text_height * 0.25),
           RLParagraph(text(settings.title), paragraph_style(theme, "title"))]
    if settings.subtitle:
        out.append(RLParagraph(text(settings.subtitle), paragraph_style(theme, "subtitle")))
    for line in (settings.edition, settings.author, settings.publisher, settings.date):
        if line:
            out.append(RLParagraph(text(line), paragraph_style(theme, "title_meta")))
    return out


def layout_contents(ctx: LayoutContext, entries: list["TocEntry"]) -> list:
    theme = ctx.theme
    out = [StartPart("front", running_head=theme.words.contents),
           Anchor(AnchorInfo(TOC_ANCHOR, theme.words.contents, 0)),
           RLParagraph(text(theme.words.contents), paragraph_style(theme, "toc_heading"))]
    for entry in entries:
        line = TocLine(entry, ctx)
        line.handbook_loc = entry.loc  # a title too long for a page is reported at its source
        out.append(line)
    return out


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
        for block in chapter.blocks:
            if isinstance(block, Heading) and block.level == top:
                entries.append(TocEntry(plain_text(block.children), block.anchor, 1, block.number, block.loc))
    entries.extend(TocEntry(title, anchor, 0) for title, anchor in back_matter)
    return entries


class TocLine(Flowable):
    """One contents line: the title (wrapping), dot leaders, the page number; all one link."""

    def __init__(self, entry: TocEntry, ctx: LayoutContext):
        super().__init__()
        self.entry = entry
        self.folio = ctx.refs.folio(entry.anchor)
        style_name = "toc_chapter" if entry.level == 0 else "toc_section"
        self.text_style = getattr(ctx.theme.text, style_name)
        self.style = paragraph_style(ctx.theme, style_name)
        self.indent = 0 if entry.level == 0 else 18
        self.number_width = 18
        self.dot_color = color(ctx.theme.colors.muted)
        label = f"{text(entry.number)}" if entry.number else ""
        self._number = label
        self.paragraph = RLParagraph(text(entry.title), self.style)
        self.spaceBefore = self.style.spaceBefore
        self.keepWithNext = entry.level == 0

    def _folio_width(self):
        return stringWidth("0000", self.style.fontName, self.style.fontSize)

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        text_width = availWidth - self.indent - self.number_width - self._folio_width() - 12
        _, self.height = self.paragraph.wrap(text_width, availHeight)
        return availWidth, self.height

    def draw(self):
        canvas = self.canv
        x = self.indent + self.number_width
        self.paragraph.drawOn(canvas, x, 0)
        font, size = self.style.fontName, self.style.fontSize
        lines = len(getattr(self.paragraph, "blPara").lines) if hasattr(self.paragraph, "blPara") else 1
        baseline = self.height - size - (max(lines, 1) - 1) * self.style.leading  # the last line's
        canvas.setFont(font, size)
        canvas.setFillColor(self.style.textColor)
        if self._number:
            canvas.drawString(self.indent, self.height - size, self._number)
        canvas.drawRightString(self.width, baseline, self.folio)
        last_line_end = x + _last_line_width(self.paragraph)
        dots_from, dots_to = last_line_end + 6, self.width - stringWidth(self.folio, font, size) - 6
        if dots_to > dots_from:
            canvas.setFillColor(self.dot_color)
            dot = stringWidth(". ", font, size)
            count = int((dots_to - dots_from) / dot)
            canvas.drawRightString(dots_to, baseline, ". " * count)
        canvas.linkRect("", self.entry.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)


def _last_line_width(paragraph: RLParagraph) -> float:
    lines = getattr(paragraph, "blPara", None)
    if lines is None or not lines.lines:
        return 0.0
    last = lines.lines[-1]
    if hasattr(last, "extraSpace"):  # a line of fragments
        return paragraph.width - last.extraSpace if hasattr(paragraph, "width") else 0.0
    extra, _ = last  # a simple line: (extraSpace, words)
    return paragraph.width - extra if hasattr(paragraph, "width") else 0.0
