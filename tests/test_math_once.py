"""A formula is drawn once per build, not once to check it and again to lay it out
(ziamath_compat.render, remembered, is what parse.math's check draws with): in a
formula-heavy book the check was a quarter of the build's CPU."""

from __future__ import annotations

import ziamath

from handbook import ziamath_compat
from handbook.layout.math import render
from handbook.theme.load import load_theme
from handbook.parse.math import unsupported_command
from test_math_robust import _actual_texts


def test_the_check_draws_at_the_sizes_the_default_theme_prints(tmp_path):
    # If the default theme's body size or math ratios change, these must follow, or every
    # formula is drawn twice again (nothing else would notice).
    theme = load_theme("default")
    body = theme.text.body.size
    assert ziamath_compat.CHECK_SIZES[False] == round(body * theme.math.size_ratio, 2)
    assert ziamath_compat.CHECK_SIZES[True] == round(body * theme.math.display_ratio, 2)


def test_each_formula_is_drawn_once_in_a_cold_build(make_book, monkeypatch):
    drawn: list[str] = []
    original = ziamath.Latex

    def counting(latex, *args, **kwargs):
        drawn.append(latex)
        return original(latex, *args, **kwargs)

    monkeypatch.setattr(ziamath, "Latex", counting)
    render.cache_clear()
    unsupported_command.cache_clear()
    # Flat formulas (none too tall for its line, which is drawn again smaller) in running text
    # and displayed, in the default theme, each written once and new to this process.
    inline = [rf"\hat{{x}}_{{{n}}} + \bar{{y}}" for n in range(70, 76)]
    shown = [rf"\int_{{0}}^{{{n}}} x\,dx = \frac{{{n}^2}}{{2}}" for n in range(80, 84)]
    text = "".join(f"The rate ${f}$ holds.\n\n" for f in inline)
    text += "".join(f"$$\n{f}\n$$\n\n" for f in shown)
    book = make_book({"01-rates.md": f"# Rates\n\n{text}"})  # one chapter: one process
    assert not book.result.diagnostics.has_errors
    assert sorted(drawn) == sorted(inline + shown), "each formula drawn once"


def test_rows_aligned_at_ampersands_with_no_environment_are_drawn(make_book):
    # Sphinx's and MyST's `math` directive wraps its rows in `split`; notes write the same rows
    # between $$. A bare '&' could not be read: the formula printed as its source with a warning.
    rows = "\\min_{x} \\quad& f(x) \\\\\n\\text{s.t.} \\quad& x \\geq 0"
    text = f"# Programs\n\n```{{math}}\n:label: first\n{rows}\n```\n\n$$\n{rows}\n$$\n\nPrices \\& costs: $a \\& b$.\n"
    book = make_book({"myst.yml": "version: 1\n", "01-programs.md": text})
    codes = [d.code for d in book.result.diagnostics.items]
    assert "math-unsupported" not in codes
    drawn = [t for t in _actual_texts(book.path) if "\\min_{x}" in t]  # formulas drawn, not code
    assert len(drawn) == 2, drawn


def test_an_empty_formula_block_prints_nothing_and_warns_of_nothing(make_book):
    # Notes leave `$$` blocks to fill in later; the empty formula "could not be read" and its
    # (empty) source was printed as code with a math-unsupported warning.
    book = make_book({"01-a.md": "# A\n\nBefore.\n\n$$\n\n$$\n\nAfter $$ $$ the end.\n"})
    assert [d.code for d in book.result.diagnostics.items] == []
    flat = " ".join(book.text.split())
    assert "Before." in flat and "After" in flat and "$" not in flat


def test_an_empty_row_between_steps_is_a_row_s_height_not_a_page_s(make_book):
    # `\\ \\` (a blank line between steps of a derivation): the renderer drew the empty row
    # about 10,000 pt tall, and the formula was a block taller than any page (an error).
    steps = "\\begin{array}{c}\n\\lim_{x \\to 2^-} 2x = 4\n\\\\\\\\\n\\lim_{x \\to 2^+} x+1 = 3\n\\end{array}"
    above = "\\begin{array}{c} \\\\\nW = \\int_a^b F \\, ds \\\\\n\\end{array}"  # an empty first row
    book = make_book({"01-a.md": f"# Limits\n\n$${steps}$$\n\nThe limits differ.\n\n$${above}$$\n"})
    assert not book.result.diagnostics.has_errors, [d.format() for d in book.result.diagnostics.items]
    assert [d.code for d in book.result.diagnostics.items] == []
    assert "The limits differ." in book.text


def test_a_drawing_taller_than_any_page_is_an_unsupported_formula():
    from handbook.ziamath_compat import drawing_error

    empty_row = "\\begin{array}{c} a \\\\ \\\\ b \\end{array}"  # as written, before the fix-up
    assert "pt tall" in drawing_error(empty_row, True)


def test_a_formula_block_right_under_a_line_of_text_holds_its_blank_lines(make_book):
    # `$$` on the line under a sentence, a blank line inside the formula: read inline, it was
    # cut at the blank line and both halves printed as source.
    text = "# A\n\nWe do the following:\n$$\\begin{array}{c}\na = 1\n\nb = 2\n\\end{array}$$\nSo it holds.\n"
    book = make_book({"01-a.md": text})
    assert [d.code for d in book.result.diagnostics.items] == []
    flat = " ".join(book.text.split())
    assert "$$" not in flat and "We do the following:" in flat and "So it holds." in flat
    assert any("a = 1" in t for t in _actual_texts(book.path))
