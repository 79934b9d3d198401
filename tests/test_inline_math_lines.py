"""Inline formulas stay in their line: drawn inside the text block, on the baseline of the words
around them, where the line reserved their room (a line break between a formula's box and its
drawing once drew it in the left margin, and left the line before it short).

Facts are read back from the PDF: the words' characters (pdfplumber, with their baselines) and
each formula's outline, one filled path per formula (pypdfium2), in the order they are drawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from types import SimpleNamespace

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.pdfgen.canvas import Canvas

from conftest import SHARED_FIXTURES, examples
from handbook.layout.inline import markup
from handbook.layout.math import MATH_CALLBACK, draw_inline_math
from handbook.layout.paragraph import Paragraph
from handbook.layout.rlcompat import handbook_reportlab
from handbook.layout.styles import paragraph_style
from handbook.model import Math, Text
from handbook.parse.math import as_plain

# Formulas ziamath draws (none of them set as plain text), each with ink on its baseline and
# above its x-height: narrow to a third of a line wide.
FORMULAS = (
    r"\nabla g=-\nabla f",
    r"\sqrt{2}",
    r"x^2",
    r"\frac{a}{b}",
    r"\sum_{i=1}^{n} x_i",
    r"e^{i\pi}+1=0",
    r"\alpha_k",
    r"\int_0^1 f",
)
WORDS = (
    "a", "of", "the", "rate", "gradient", "direction", "objective", "international",
    "responsibility", "characteristically", "well-known", "supply-chain", "minimizing",
)  # fmt: skip
BEFORE = ("", "", "(", "non-")  # text touching a formula, no space between
AFTER = ("", "", ",", ").", "-like")


@dataclass
class Drawn:
    lines: dict  # baseline -> [(x0, x1, text)] sorted by x
    formulas: list  # (x0, bottom, x1, top) in the order drawn


def read_pdf(data: bytes, page_index: int = 0) -> Drawn:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[page_index].chars
    lines: dict = {}
    for char in chars:
        if char["text"].strip():
            lines.setdefault(round(char["matrix"][5], 1), []).append((char["x0"], char["x1"], char["text"]))
    for items in lines.values():
        items.sort()
    page = pypdfium2.PdfDocument(data)[page_index]
    formulas = [  # (a formula is drawn in an ActualText span; rules are not)
        obj.get_bounds()
        for obj in page.get_objects()
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_CountMarks(obj)
    ]
    return Drawn(lines, formulas)


def baseline_of(formula, drawn: Drawn, font_size: float) -> float | None:
    """The baseline of the line of text the formula sits on: its ink reaches from at most a
    tenth of an em above the baseline to at least a third of an em above it."""
    _x0, bottom, _x1, top = formula
    found = [b for b in drawn.lines if bottom <= b + 0.1 * font_size and top >= b + 0.33 * font_size]
    return min(found, key=lambda b: abs(b - bottom)) if found else None


def assert_formulas_in_their_lines(drawn: Drawn, left: float, right: float, font_size: float) -> None:
    """Each formula inside [left, right], on the baseline of a line of text, over none of its
    characters; and text touching it stays with it: no line starts with a "," or ")" or ends
    with a "(" (where a formula was written right after or before one)."""
    lines = {baseline: list(items) for baseline, items in drawn.lines.items()}
    for formula in drawn.formulas:
        x0, _bottom, x1, _top = formula
        assert left - 0.5 <= x0 and x1 <= right + 0.5, (
            f"formula drawn at {x0:.1f}-{x1:.1f}, text block {left}-{right}"
        )
        baseline = baseline_of(formula, drawn, font_size)
        assert baseline is not None, f"formula {formula} on no line of text {sorted(drawn.lines)}"
        over = [text for c0, c1, text in drawn.lines[baseline] if c0 < x1 - 0.3 and c1 > x0 + 0.3]
        assert not over, f"formula at {x0:.1f}-{x1:.1f} drawn over {''.join(over)!r}"
        lines[baseline].append((x0, x1, "$"))
    for items in lines.values():
        items.sort()
        text = "".join(text for _a, _b, text in items)
        assert items[0][2] not in ",)" and items[-1][2] != "(", f"a formula's punctuation alone: {text!r}"
    return lines


def short_lines(drawn: Drawn, right: float, font_size: float) -> list[float]:
    """The right ends of the justified lines, but the last, that stop short of `right`: by more
    than a point after a character, by more than a fifth of an em after a formula (whose ink
    may stop short of its box: a fraction's box has room for its bar on either side). A line
    of one word (no gap wider than 0.15 em) has no space to stretch and is not counted."""
    lines = {baseline: list(items) for baseline, items in drawn.lines.items()}
    for formula in drawn.formulas:
        lines[baseline_of(formula, drawn, font_size)].append((formula[0], formula[2], "$"))
    short = []
    for items in [sorted(items) for _baseline, items in sorted(lines.items(), reverse=True)][:-1]:
        gaps = [b[0] - a[1] for a, b in zip(items, items[1:])]
        slack = 0.2 * font_size if items[-1][2] == "$" else 1.0
        if items[-1][1] < right - slack and max(gaps, default=0) > 0.15 * font_size:
            short.append(round(items[-1][1], 1))
    return short


@st.composite
def paragraphs(draw):
    """A paragraph's inlines: words, and formulas with or without text touching them; begins
    and ends with a word, a word at least between two formulas."""
    inlines: list = []
    for index in range(draw(st.integers(6, 40))):
        word = draw(st.sampled_from(WORDS))
        if index and inlines and isinstance(inlines[-1], Text) and draw(st.booleans()):
            before, after = draw(st.sampled_from(BEFORE)), draw(st.sampled_from(AFTER))
            inlines.append(Text(f" {before}"))
            inlines.append(Math(draw(st.sampled_from(FORMULAS))))
            inlines.append(Text(f"{after} {word}"))
        else:
            inlines.append(Text(f" {word}" if inlines else word))
    return inlines


def set_paragraph(inlines: list, theme, width: float, alignment) -> tuple[bytes, float]:
    """The paragraph drawn at x = 72 on a page of its own: (the PDF, its font size)."""
    style = paragraph_style(theme, "body").clone("test-inline-math", alignment=alignment)
    buffer = io.BytesIO()
    with handbook_reportlab():
        paragraph = Paragraph(markup(inlines, SimpleNamespace(theme=theme)), style)
        canvas = Canvas(buffer, pagesize=(width + 144, 1400))
        canvas.setNamedCB(MATH_CALLBACK, draw_inline_math)
        _w, height = paragraph.wrap(width, 1300)
        assert height < 1300
        paragraph.drawOn(canvas, 72, 1350 - height)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue(), style.fontSize


@settings(max_examples=examples(150, fast=12), deadline=None, **SHARED_FIXTURES)
@given(inlines=paragraphs(), width=st.floats(150, 420), justified=st.booleans())
def test_inline_formulas_are_drawn_in_their_line_at_any_position(default_fonts, inlines, width, justified):
    """At any width (narrow: reportlab's breaker; from 20 em, justified: total fit), any
    position in the line (first, last, after a hyphenated line), justified or ragged."""
    data, size = set_paragraph(inlines, default_fonts, width, TA_JUSTIFY if justified else TA_LEFT)
    drawn = read_pdf(data)
    assert len(drawn.formulas) == sum(isinstance(node, Math) for node in inlines)
    assert_formulas_in_their_lines(drawn, 72, 72 + width, size)
    if justified:  # every line but the last reaches the right edge, its formulas included
        assert not short_lines(drawn, 72 + width, size), 72 + width


def test_the_reported_paragraph_draws_its_formula_at_the_end_of_its_line(default_fonts):
    """The paragraph the defect was found in, at the width of the default page: the formula
    the line before reserved room for was drawn in the left margin of the next (at the width
    of the default theme's A4 text block, 362.8 pt, and at 284 pt)."""
    inlines = [
        Text(
            "Differentiability of a function is important because it allows one access to its "
            "gradient, which at any point gives the direction and rate of fastest increase. This "
            "is very useful information when one is maximizing an objective function. When "
            "minimizing, we can still use the gradient since "
        ),
        Math("g=-f", text=as_plain("g=-f")),
        Text(" will have "),
        Math(r"\nabla g=-\nabla f"),
        Text(", implying that the negative gradient is the direction of steepest descent."),
    ]
    for width in (362.8, 284.0, 300.0):
        data, size = set_paragraph(inlines, default_fonts, width, TA_JUSTIFY)
        drawn = read_pdf(data)
        assert len(drawn.formulas) == 1  # (g=-f is set as text: plain characters say it)
        assert_formulas_in_their_lines(drawn, 72, 72 + width, size)
        assert not short_lines(drawn, 72 + width, size), 72 + width


def test_formulas_in_list_items_and_table_cells_stay_in_their_lines(make_book):
    """Through the whole build: a formula with text touching it in list items (ragged, hanging
    indent) and table cells (narrow: reportlab's breaker), moving along the line from item to
    item so that some reach its end: inside the text block and on their lines."""
    long = "the gradient gives the direction and the rate of the fastest increase of the objective"
    chapter = (
        "---\ntitle: Formulas in lines\n---\n\n"
        + "".join(
            f"- Item {n}: {long[: 24 + 4 * n]} $\\nabla g=-\\nabla f$-based, {long}.\n" for n in range(10)
        )
        + "\n| Term | Meaning |\n|---|---|\n"
        + "".join(
            f"| row {n} | {long[: 30 + 4 * n]} ($\\sqrt{{2}}$-like), then $\\frac{{a}}{{b}}$ and {long} |\n"
            for n in range(8)
        )
    )
    book = make_book({"a.md": chapter})
    formulas = 0
    with pdfplumber.open(book.path) as pdf:
        for number, page in enumerate(pdf.pages):
            drawn = read_pdf(book.data, number)
            if not drawn.formulas:
                continue
            formulas += len(drawn.formulas)
            body = [c for c in page.chars if c["text"].strip()]
            sizes = [c["size"] for c in body]
            size = max(set(sizes), key=sizes.count)
            assert_formulas_in_their_lines(
                drawn, min(c["x0"] for c in body), max(c["x1"] for c in body), size
            )
    assert formulas == 10 + 2 * 8
