"""Formulas drawn as vector outlines: ziamath turns TeX into glyph outlines of its own math
font (STIX Two Math, installed with it), and this module draws those outlines with reportlab.

Why ziamath, and why not through svglib: ziamath is pure Python, maintained, ships the font,
and reads TeX through latex2mathml (fractions, roots, sums, matrices, aligned equations, the
Greek alphabet); with `svg2` off its SVG is nothing but absolute `<path>`s and `<rect>`s, which
are read here in a few lines and drawn as paths, so a formula costs one ziamath call and no
SVG renderer. Each formula is rendered once per size (`ziamath_compat.render`, memoized, which
parse.math's check draws with too): the same formula again is only its paths drawn again. A
book without math never imports ziamath.

Inline, a formula is a box in the line (`inline_markup`): reportlab reserves its width, height
and depth like an inline image (so the line grows only by what the formula needs), and a
callback draws the outlines where the box landed. Its text, for copying, is its TeX source in
an ActualText span. A formula whose command the renderer lacks prints its source in the code
face (parse.math warned).
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from handbook.layout.context import LayoutContext
from handbook.layout.rlcompat import inline_callback_box, sized_inline_boxes
from handbook.layout.styles import color
from handbook.model import Math, MathBlock
from handbook.ziamath_compat import Formula, render

__all__ = ["Formula", "render"]  # (drawn here; rendered, and remembered, in ziamath_compat)

MATH_CALLBACK = "handbook_math"


def draw_formula(canvas, formula: Formula, x: float, y: float, fill, actual_text: str) -> None:
    """Fill the formula's outlines with its baseline's left end at (x, y); the PDF's text for
    it (copy, search, screen readers) is `actual_text`."""
    canvas.saveState()
    canvas.addLiteral(f"/Span <</ActualText {_pdf_text(actual_text)}>> BDC")
    canvas.setFillColor(fill)
    path = canvas.beginPath()
    for ops in formula.paths:
        for op in ops:
            kind = op[0]
            if kind == "M":
                path.moveTo(x + op[1], y + op[2])
            elif kind == "L":
                path.lineTo(x + op[1], y + op[2])
            elif kind == "C":
                path.curveTo(x + op[1], y + op[2], x + op[3], y + op[4], x + op[5], y + op[6])
            else:
                path.close()
    for rx, ry, rw, rh in formula.rects:
        path.rect(x + rx, y + ry, rw, rh)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # nonzero winding, as the font's
    canvas.addLiteral("EMC")
    canvas.restoreState()


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16 (hex), so any character survives."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# --- inline ---------------------------------------------------------------------------------


def inline_markup(node: Math, ctx: LayoutContext, links: bool = True) -> str:
    """A formula in a paragraph: its plain-character form as text, its source in the code face
    when unsupported, else a box the formula is drawn in (sized by `size_inline_formulas`
    once the paragraph knows the font size around it)."""
    if node.text:
        return escape(node.text)
    if node.unsupported:
        body = escape(node.latex if node.display else f"${node.latex}$")
        return f"<font face={quoteattr(ctx.theme.text.code.font)}>{body}</font>"
    style = ctx.theme.math
    label = json.dumps([node.latex, node.display, _ratio(style.size_ratio), style.color or ""])
    return f"<onDraw name={quoteattr(MATH_CALLBACK)} label={quoteattr(label)}/>"


def size_inline_formulas(paragraph) -> None:
    """Give each formula of a paragraph its box, at the size of the text around it (called
    when the paragraph is made; nothing to do without formulas). A line grows by what its
    formulas need (reportlab's `autoLeading` "max"), at most MAX_LINE_GROWTH of the leading:
    a formula taller than that is set a little smaller."""
    leading = paragraph.style.leading
    sized_inline_boxes(paragraph, MATH_CALLBACK, lambda label, size, rgb: _box(label, size, rgb, leading))
    paragraph.style = _growing(paragraph.style)


MAX_LINE_GROWTH = 0.2
_GROWING: dict = {}


def _growing(style):
    """The paragraph style with lines that grow to hold taller formulas (one clone per style)."""
    if getattr(style, "autoLeading", "") == "max":
        return style
    # By id, safe: an entry holds its style (its id cannot go to another object) and is checked.
    found = _GROWING.get(id(style))
    if found is None or found[0] is not style:
        found = _GROWING[id(style)] = (style, style.clone(f"{style.name}:math", autoLeading="max"))
    return found[1]


def _box(label: str, font_size: float, text_rgb: tuple, leading: float) -> tuple[float, float, float, str]:
    """The box of a formula in text of `font_size`, and the label its drawing reads."""
    latex, display, ratio, colour = json.loads(label)
    first = round(font_size * ratio, 2)
    formula = render(latex, first, False)

    def too_tall(ascent: float, descent: float) -> bool:
        # reportlab's "max" lines: ascent max(5/6 leading, the tallest), descent max(1/6 leading, ...)
        return (
            max(0.0, ascent - leading * 5 / 6) + max(0.0, descent - leading / 6) > MAX_LINE_GROWTH * leading
        )

    # A formula's height is proportional to its size: the steps down are found on the first
    # drawing's measures, and only the size they end at is drawn (each drawing costs ms).
    size = first
    while size > font_size * 0.6 and too_tall(formula.ascent * size / first, formula.descent * size / first):
        size = round(size * 0.93, 2)
    if size != first:
        formula = render(latex, size, False)
        while size > font_size * 0.6 and too_tall(formula.ascent, formula.descent):
            size = round(size * 0.93, 2)
            formula = render(latex, size, False)
    drawn = json.dumps([latex, size, colour or list(text_rgb)])
    return formula.width, formula.ascent, formula.descent, drawn


def draw_inline_math(canvas, kind, label) -> None:
    """The paragraph callback: draw the formula into the box reportlab just placed."""
    latex, size, colour = json.loads(label)
    right, baseline = inline_callback_box(canvas)
    formula = render(latex, size, False)
    fill = color(colour) if isinstance(colour, str) else Color(*colour)
    draw_formula(canvas, formula, right - formula.width, baseline, fill, latex)


# --- displayed ------------------------------------------------------------------------------


def layout_math_block(block: MathBlock, ctx: LayoutContext) -> list:
    if block.unsupported:
        from handbook.layout.code import layout_code
        from handbook.model import CodeBlock

        return layout_code(CodeBlock(block.latex, block.loc, "latex"), ctx)
    return [_displayed(block.latex, ctx)]


def _displayed(latex: str, ctx: LayoutContext) -> "DisplayFormula":
    theme = ctx.theme
    size = theme.text.body.size * _ratio(theme.math.display_ratio)
    fill = color(theme.math.color or theme.text.body.color)
    return DisplayFormula(render(latex, round(size, 2), True), latex, fill, theme.math)


def displayed_in_line(children: list) -> bool:
    """Whether a paragraph holds a `$$…$$` the renderer draws, written inside its line."""
    return any(
        isinstance(node, Math) and node.display and not node.text and not node.unsupported
        for node in children
    )


def paragraph_around_displays(children: list, ctx: LayoutContext, style_name: str) -> list:
    """A paragraph with `$$…$$` inside its line, set as MkDocs, Obsidian and GitHub show it: the
    formula displayed (centred, at the display size, on its own line) between the paragraph's
    parts; the part after it goes on without a first-line indent."""
    from handbook.layout.inline import markup
    from handbook.layout.paragraph import Paragraph as RLParagraph
    from handbook.layout.styles import paragraph_style
    from handbook.model import plain_text

    style = paragraph_style(ctx.theme, style_name)
    flowables: list = []
    part: list = []

    def close_part() -> None:
        if plain_text(part).strip():
            first = not flowables
            part_style = style.clone(
                f"{style.name}-around-math{'-first' if first else ''}",
                spaceAfter=0,
                **({} if first else {"spaceBefore": 0, "firstLineIndent": 0}),
            )
            flowables.append(RLParagraph(markup(part, ctx), part_style))
        part.clear()

    for node in children:
        if isinstance(node, Math) and node.display and not node.text and not node.unsupported:
            close_part()
            flowables.append(_displayed(node.latex, ctx))
        else:
            part.append(node)
    close_part()
    if isinstance(flowables[-1], RLParagraph):
        flowables[-1].style = flowables[-1].style.clone(
            f"{flowables[-1].style.name}-last", spaceAfter=style.spaceAfter
        )
    return flowables


def _ratio(value: float) -> float:
    """A theme's size ratio, within reason (a formula at 0 or 50 times the text is a typo)."""
    return min(2.0, max(0.5, value))


class DisplayFormula(Flowable):
    """A displayed formula, centred; never split. One wider than the column is scaled down
    to fit (a matrix in a narrow table cell)."""

    def __init__(self, formula: Formula, latex: str, fill, style):
        super().__init__()
        self.formula, self.latex, self.fill = formula, latex, fill
        self.spaceBefore, self.spaceAfter = style.space_before, style.space_after
        self.scale = 1.0

    def wrap(self, availWidth, availHeight):
        self.scale = min(1.0, availWidth / self.formula.width) if self.formula.width else 1.0
        self.width = availWidth
        self.height = (self.formula.ascent + self.formula.descent) * self.scale
        return self.width, self.height

    def draw(self):
        canvas, formula, scale = self.canv, self.formula, self.scale
        canvas.saveState()
        canvas.translate((self.width - formula.width * scale) / 2, formula.descent * scale)
        canvas.scale(scale, scale)
        draw_formula(canvas, formula, 0, 0, self.fill, self.latex)
        canvas.restoreState()
