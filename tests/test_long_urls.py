"""Long web addresses never cross the text block (issue 27): a 300-character address, and a
130-character one (the regression: an address under two lines long was split once after a
'/' and its rest, longer than a line, ran off the page), in body text, a list, a table, a
footnote, a callout and a question; in A4 and A5."""

from __future__ import annotations

import functools

import pdfplumber
import pytest

from handbook.errors import Diagnostics
from handbook.theme import load_theme_into
from handbook.theme.schema import UNITS

SEGMENT = "section-{n}/policy_document-{n}.html?year=2024&part={n}"


def address(length: int, salt: str) -> str:
    """An address of `length` characters without spaces, with / . - _ ? & = to break after."""
    out = f"https://www.mea.gov.in/{salt}/"
    n = 0
    while len(out) < length:
        out += SEGMENT.format(n=n) + "/"
        n += 1
    return out[:length]


def chapter(length: int) -> str:
    a = lambda salt: address(length, salt)  # noqa: E731
    return f"""---
title: Addresses
questions:
  - type: mcq
    question: "Which page holds the text? {a("question")}"
    options: ["{a("option")}", "two", "three", "four"]
    answer: a
---

The ministry keeps the joint statement at {a("body")} for anyone to read, with its annexes.

- The action plan is at {a("list")} on the ministry's site.
- A second item.

| Document | Where |
|---|---|
| Vision 2025 | {a("table")} |

The partnership has a long record.[^1]

> [!NOTE]
> The text of the agreement is at {a("callout")} in English and Japanese.

[^1]: The record is kept at {a("footnote")} by the embassy.
"""


@functools.lru_cache(maxsize=None)
def built_in_theme(name: str):
    """The theme, loaded once: text_block is asked for every character of the book (loading
    the theme each time made this file take 400 s of CPU)."""
    return load_theme_into(name, Diagnostics())


def text_block(theme_name: str, page_number: int, width: float, wide: bool = False) -> tuple[float, float]:
    """The left and right edge of the text block on a page (recto pages are odd); `wide`: of
    the wide area (layout/wide.py), which reaches into the outer margin. The title page and its
    back are set as wide as the wide area, centred on the trim (test_pages)."""
    theme = built_in_theme(theme_name)
    inner, outer = theme.page.margin_inner, theme.page.margin_outer
    if wide or page_number <= 2:
        outer = min(outer, theme.page.wide_margin_outer)
    if page_number <= 2:
        side = (inner + outer) / 2
        return side, width - side
    if page_number % 2:  # recto: the binding on the left
        return inner, width - outer
    return outer, width - inner


def wide_bands(page, questions_started: bool, theme_name: str) -> tuple[list[tuple[float, float]], bool]:
    """The bands (top, bottom) of the page that the running head and foot, tables and the
    practice questions (set in the wide area) take; whether the questions go on to the next page."""
    lines = page.extract_text_lines()
    tops = {
        key: next((line["top"] for line in lines if line["text"].startswith(key)), None)
        for key in ("Document", "The partnership has", "Practice Questions", "Answer")
    }
    # The running head and foot span the wide area (test_duplex).
    theme = built_in_theme(theme_name)
    bands = [
        (0.0, float(theme.page.margin_top)),
        (float(page.height - theme.page.margin_bottom), float(page.height)),
    ]
    if questions_started and tops["Answer"] is None:
        bands.append((0.0, float(page.height)))
    if tops["Document"] is not None:  # the table: its header row down to the paragraph after it
        bands.append((tops["Document"] - 1, tops["The partnership has"] or float(page.height)))
    if tops["Practice Questions"] is not None:
        bands.append((tops["Practice Questions"] - 1, float(page.height)))
        questions_started = True
    if tops["Answer"] is not None:
        questions_started = False
    return bands, questions_started


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
@pytest.mark.parametrize("length", [130, 300])
def test_no_character_of_a_long_address_crosses_the_text_block(make_book, style, length):
    """Running text keeps to the text block; tables and questions to the wide area."""
    book = make_book({"01-addresses.md": chapter(length)}, style=style)
    crossing = []
    found = set()
    questions = False
    with pdfplumber.open(book.path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            bands, questions = wide_bands(page, questions, style)
            text = page.extract_text() or ""
            found.update(
                s for s in ("body", "list", "table", "footnote", "callout", "question") if f"/{s}/" in text
            )
            for char in page.chars:
                wide = any(top <= char["top"] < bottom for top, bottom in bands)
                left, right = text_block(style, number, float(page.width), wide)
                if char["x1"] > right + 0.5 or char["x0"] < left - 0.5:
                    crossing.append((number, char["text"], round(char["x0"], 1), round(char["x1"], 1)))
    assert found == {"body", "list", "table", "footnote", "callout", "question"}  # every case was set
    assert not crossing, crossing[:10]


def test_millimetres_are_what_the_test_assumes():
    assert abs(UNITS["mm"] - 72 / 25.4) < 1e-9


def test_an_address_in_a_narrow_table_column_breaks_only_after_its_break_points(make_book):
    """Round 6: a cell's address was cut anywhere ('trade-stati' / 'stics'): the column was too
    narrow, and reportlab splits a long word where the line ends. It breaks as in running text,
    after / . - _ ? & = only, every character printed."""
    url = "https://commerce.gov.in/trade-statistics/country-wise/japan-2014-annual-report.pdf"
    row = "| 2014 | 5.4 | 9.8 | petroleum products, chemicals and fish | {url} |"
    book = make_book(
        {
            "01-t.md": "---\ntitle: T\n---\n\n| Year | Exports | Imports | Main items | Source |\n|---|---|---|---|---|\n"
            + row.format(url=url)
            + "\n"
        },
        style="a5-booklet",
    )
    with pdfplumber.open(book.path) as pdf:
        lines = [
            line["text"]
            for page in pdf.pages
            for line in page.extract_text_lines()
            if "2014" in line["text"] or "commerce" in line["text"] or "statistics" in line["text"]
        ]
    pieces = [text.split()[-1] for text in lines if any(c in text for c in "/.")]
    assert len(pieces) >= 2, lines  # the column is narrower than the address
    assert "".join(pieces) == url, pieces
    assert all(piece[-1] in "/.-_?&=" for piece in pieces[:-1]), pieces
