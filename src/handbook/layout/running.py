"""Running heads and feet: which text goes where on a page (decided from the theme, a pure
function) and drawing it around the text block."""

from __future__ import annotations


from handbook.layout import scripts
from handbook.layout.fonts import font_name
from handbook.layout.styles import color
from handbook.theme import PageStyle, TextStyle, Theme

# Which lines each kind of page shows (see layout.pages.KINDS). A chapter opening shows its
# folio but no running head; title and intentionally blank pages show nothing.
LINES_SHOWN = {
    "title": (),
    "blank": (),
    "opening": ("footer",),
    "front": ("header", "footer"),
    "body": ("header", "footer"),
    "back": ("header", "footer"),
}


def running_lines(
    page: PageStyle, kind: str, recto: bool, texts: dict[str, str]
) -> list[tuple[str, str, str]]:
    """[(line, text, align)] for one page: line is header|footer, align left|right|center.

    `texts` maps what a line can show (book_title, chapter_title, folio) to this page's text.
    """
    out = []
    for line in LINES_SHOWN[kind]:
        spec = getattr(page, line)
        shown = texts.get(spec.recto if recto else spec.verso, "")
        if shown:
            out.append((line, shown, side_align(spec.align, recto)))
    return out


def side_align(align: str, recto: bool) -> str:
    """outer/inner/center on this side of the sheet -> left/right/center."""
    if align == "center":
        return "center"
    outer = "right" if recto else "left"
    if align == "outer":
        return outer
    return "left" if outer == "right" else "right"


def draw_running(
    canvas, theme: Theme, kind: str, recto: bool, texts: dict[str, str], left: float, right: float
) -> None:
    """Draw the page's running head (with its rule) and foot between x = left and right."""
    page = theme.page
    _, height = theme.page_size()
    top = height - page.margin_top
    canvas.saveState()
    for line, shown, align in running_lines(page, kind, recto, texts):
        if line == "header":
            y = top + page.header_gap
            _draw_text(canvas, theme.text.header, shown, left, right, y, align)
            if page.rule_width:
                canvas.setStrokeColor(color(page.rule_color))
                canvas.setLineWidth(page.rule_width)
                rule_y = y - theme.text.header.size * 0.45  # just under the descenders
                canvas.line(left, rule_y, right, rule_y)
        else:
            _draw_text(
                canvas, theme.text.footer, shown, left, right, page.margin_bottom - page.footer_gap, align
            )
    if kind == "blank" and theme.words.blank_page:
        middle = (page.margin_bottom + top) / 2
        _draw_text(canvas, theme.text.footer, theme.words.blank_page, left, right, middle, "center")
    canvas.restoreState()


def _draw_text(canvas, style: TextStyle, text: str, left: float, right: float, y: float, align: str) -> None:
    name = font_name(style.font, style.bold, style.italic)
    canvas.setFont(name, style.size)
    canvas.setFillColor(color(style.color))
    # A long running head is shortened rather than run into the margin.
    limit = right - left
    while scripts.width(text, name, style.size) > limit and len(text) > 4:
        text = text[:-5].rstrip() + "…"
    # Drawn run by run: characters the face lacks come from its fallback faces, shaped.
    wide = scripts.width(text, name, style.size)
    x = right - wide if align == "right" else (left + right - wide) / 2 if align == "center" else left
    scripts.draw(canvas, x, y, text, name, style.size)


def draw_badge(canvas, theme: Theme, letter: str, recto: bool, left: float, right: float) -> None:
    """A test booklet's series letter, large in a box in the outer margin beside the running
    head: an invigilator sees at a glance that neighbours hold different series."""
    page = theme.page
    _, height = theme.page_size()
    outer = page.margin_outer  # the right margin, or a verso's left one
    box = max(12.0, min(34.0, outer - 8, page.margin_top - 8))
    size = box * 0.72
    x = right + (outer - box) / 2 if recto or not page.duplex else left - (outer + box) / 2
    head = height - page.margin_top + page.header_gap  # the running head's baseline
    y = min(head - box / 2 + theme.text.header.size * 0.35, height - box - 4)
    name = font_name(theme.text.header.font, True, False)
    canvas.saveState()
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    canvas.setLineWidth(1.2)
    canvas.rect(x, y, box, box, stroke=1, fill=0)
    canvas.setFont(name, size)
    canvas.drawCentredString(x + box / 2, y + (box - size * 0.7) / 2, letter)
    canvas.restoreState()
