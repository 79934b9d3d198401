"""Formulas of real study notes: deeply nested ones draw in bounded time (ziamath measured each
row again at every level: 2^depth), and one the renderer cannot draw is a warning with its
source printed, never a stopped build."""

from __future__ import annotations

import os
import re
import time
import zlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.layout.math import render
from handbook.parse.math import MAX_FORMULA_CHARS, inline_math, unsupported_command


def _nested(depth: int, index: int) -> str:
    """Brackets around fractions around brackets: the shape of a derivation in study notes."""
    formula = f"x_{{{index}}}"
    for level in range(depth):
        formula = rf"\left(\frac{{{formula} + {level}}}{{\sqrt{{1+\left|y\right|}}}}\right)^2"
    return formula


def _actual_texts(path: Path) -> list[str]:
    texts = []
    for found in re.finditer(rb"stream\r?\n(.*?)endstream", path.read_bytes(), re.DOTALL):
        try:
            stream = zlib.decompress(found.group(1))
        except zlib.error:
            continue
        for span in re.finditer(rb"/Span <</ActualText <FEFF([0-9A-F]*)>>> BDC", stream):
            texts.append(bytes.fromhex(span.group(1).decode()).decode("utf-16-be"))
    return texts


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def test_deeply_nested_formulas_are_drawn_in_bounded_time(make_book):
    # ziamath measured every row again at each level (2^depth) and an inline formula was drawn
    # again at each step down in size: without ziamath_compat.measured_once this book takes
    # minutes. One formula, inline and displayed, takes both paths: ~1.9 s of CPU now (four
    # such formulas took 5.4 s and proved no more), so the bound is half the four's.
    formulas = [_nested(6, 0)]
    body = "".join(f"Step {i}: ${f}$ follows.\n\n$$\n{f} = 0\n$$\n\n" for i, f in enumerate(formulas))
    started = _cpu()
    book = make_book({"01-derivation.md": f"# Derivation\n\n{body}The end of the derivation.\n"})
    spent = _cpu() - started
    assert spent < 5, f"{spent:.1f} s of CPU for a nested formula, inline and displayed"
    drawn = _actual_texts(book.path)
    for formula in formulas:
        assert formula in drawn and f"{formula} = 0" in drawn
    assert "The end of the derivation." in book.text
    assert "\\left" not in book.text and not book.result.diagnostics.items


BROKEN = {
    "01-empty-text.md": r"The case $\frac{\text{}}{2}$ stays.",
    "02-tag-in-script.md": r"An index $x^\tag{1}$ stays.",
    "03-unbalanced.md": r"A brace $\frac{a}{b$ stays.",
    "04-environment.md": "$$\n\\begin{tikzcd} A \\arrow[r] & B \\end{tikzcd}\n$$",
    "05-huge-matrix.md": "$$\n\\begin{pmatrix}"
    + r"\\".join("&".join(f"a_{{{i}{j}}}" for j in range(30)) for i in range(30))
    + "\\end{pmatrix}\n$$",
}


def test_a_formula_the_renderer_cannot_draw_is_a_warning_and_its_source(make_book):
    files = {
        name: f"# Chapter {name[:2]}\n\nBefore the formula.\n\n{line}\n\nAfter the formula {name[:2]}.\n"
        for name, line in BROKEN.items()
    }
    book = make_book(files)
    warnings = [d for d in book.result.diagnostics.items if d.code == "math-unsupported"]
    assert sorted((Path(d.path).name, d.line) for d in warnings) == [(name, 5) for name in sorted(BROKEN)], (
        warnings
    )
    assert all(d.severity == "warning" for d in warnings)
    assert any(f"longer than {MAX_FORMULA_CHARS} characters" in d.message for d in warnings)
    text = book.text
    for name in BROKEN:
        assert f"After the formula {name[:2]}." in text  # the rest of the book is built
    assert r"\text{}" in text and r"x^\tag{1}" in text and r"\frac{a}{b" in text and r"\begin{tikzcd}" in text
    assert not _actual_texts(book.path)  # nothing half-drawn


TEXISH = st.lists(
    st.sampled_from(
        list("{}\\^_&ab1 '")
        + [
            r"\frac",
            r"\sqrt",
            r"\\",
            r"\left(",
            r"\right)",
            r"\tag{1}",
            r"\text{",
            r"\begin{matrix}",
            r"\end{matrix}",
            r"\begin{align}",
            r"\end{align}",
            r"\mathbb{",
            r"\sum",
            r"\over",
            r"\overset",
            r"\operatorname{",
            r"\substack{",
            r"\color{red}",
            r"\limits",
            r"\not",
        ]
    ),
    max_size=20,
).map("".join)


class _Diagnostics:
    def __init__(self):
        self.items, self.warnings = [], []

    def warning(self, path, line, message, code=""):
        self.warnings.append((path, line, message, code))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXISH, st.booleans())
def test_tex_ish_strings_never_raise_out_of_the_math_layout(latex, display):
    started = time.process_time()
    node = inline_math(latex, display, _Diagnostics(), Path("notes.md"), 3)
    if not node.text and not node.unsupported:
        formula = render(node.latex, 10.5, display)
        assert formula.width >= 0 and formula.ascent + formula.descent >= 0
    assert time.process_time() - started < 3.0, latex


def test_a_formula_ziamath_stops_on_is_named_unsupported():
    assert unsupported_command(r"\text{}").startswith("(the renderer stops on it")
    assert unsupported_command(r"\frac{a}{b}", display=True) == ""


def test_display_math_written_inside_a_line_is_displayed_between_the_parts(make_book):
    latex = r"\sum_{i=1}^{n} \frac{a_i}{b_i} = \int_0^1 f(x)\,dx"
    book = make_book(
        {
            "01-d.md": f"# Sums\n\nThe sum $${latex}$$ is written inside a line, and the text goes on after it.\n"
        }
    )
    assert _actual_texts(book.path) == [latex]
    import pdfplumber

    with pdfplumber.open(book.path) as pdf:
        page = next(p for p in pdf.pages if "The sum" in (p.extract_text() or ""))
        words = page.extract_words()
        before = next(w for w in words if w["text"] == "sum")
        after = next(w for w in words if w["text"] == "is")
        curves = [c for c in page.curves + page.rects if before["bottom"] < c["top"] < after["top"]]
    body_size = before["bottom"] - before["top"]
    # the formula sits on lines of its own, at the display size: taller than two lines of text
    assert after["top"] - before["bottom"] > 2.5 * body_size
    assert curves, "the formula is drawn between the two parts"
    first_word = next(w for w in words if w["text"] == "The")
    assert abs(after["x0"] - first_word["x0"]) < 0.5  # the text after it goes on unindented
