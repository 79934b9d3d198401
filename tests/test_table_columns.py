"""Table columns as a careful compositor sets them (layout/tables.py): every header word whole
on one line unless it is wider than any column could be, headers of at most a few lines where
the table has room, the body no taller than it needs to be, on A5 booklet pages as on A4.
The property tests read reportlab's own line breaks of the laid-out cells; the book tests read
the words and their positions back from the PDF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from hypothesis import example, given, settings, strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import examples
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.layout.styles import paragraph_style
from handbook.layout.tables import HEADER_LINES, layout_table
from handbook.model import Book, BookSettings, Location, Table, TableCell, Text
from handbook.options import BuildOptions
from handbook.theme import load_theme

HEADER_WORDS = (
    "Year State Gross domestic product growth rate (per cent) Exports Imports (US$ billion) "
    "Per capita income (rupees, current prices) Fiscal deficit as share of Population "
    "Literacy Sex ratio Indicator Trade balance Allocation (₹ crore) Seats won Turnout "
    "Constituency Parliamentary Interoperability Notes"
).split()
BODY_WORDS = (
    "Large industrial base, steady revenue from services and a wide tax net across districts; "
    "fast growth from a low base with heavy dependence on central transfers for the budget "
    "remittances support consumption while pension liabilities weigh on every year"
).split()
NUMBERS = ["7.3", "10.6", "2,42,247", "54,383", "-8.2", "40.9", "2019-20", "1,21,08,54,977", "68.4%"]


def _cell(text: str) -> TableCell:
    return TableCell([Text(text)])


@st.composite
def tables(draw):
    """A table of 2 to 6 columns: each column of figures or of running text, its header a few
    words of a statistical table's headings."""
    columns = draw(st.integers(2, 6))
    kinds = draw(st.lists(st.sampled_from(["number", "text", "short"]), min_size=columns, max_size=columns))
    header = [
        _cell(" ".join(draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=7)))) for _ in kinds
    ]
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        row = []
        for kind in kinds:
            if kind == "number":
                row.append(_cell(draw(st.sampled_from(NUMBERS))))
            else:
                most = 25 if kind == "text" else 3
                row.append(
                    _cell(" ".join(draw(st.lists(st.sampled_from(BODY_WORDS), min_size=1, max_size=most))))
                )
        rows.append(row)
    aligns = ["right" if kind == "number" else "left" for kind in kinds]
    return Table(header, rows, aligns, Location(Path("t.md"), 1))


THEMES = {name: load_theme(name) for name in ("a5-booklet", "default")}


def _context(name: str) -> LayoutContext:
    theme = THEMES[name]
    register_fonts(theme)
    return LayoutContext(theme, Book(BookSettings(), [], Path(".")), PageRefs(), BuildOptions(), "end")


def _lines(paragraph) -> list[str]:
    """The lines reportlab broke a cell's paragraph into."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(frag.text for frag in line.words) for line in lines]


def _laid_out(block: Table, ctx: LayoutContext):
    table = layout_table(block, ctx)[0]
    table.wrap(ctx.block_width, 100000)
    headers = [cell[0] if isinstance(cell, (list, tuple)) else cell for cell in table._cellvalues[0]]
    return table, [_lines(paragraph) for paragraph in headers]


def _one_line_widths(block: Table, ctx: LayoutContext) -> tuple[list[float], list[float]]:
    """Per column: the header set in HEADER_LINES lines at the least, and the body on one line
    (what the table needs so that no body cell wraps and no header is taller than that)."""
    header, cell = paragraph_style(ctx.theme, "table_header"), paragraph_style(ctx.theme, "table_cell")
    pad = 2 * ctx.theme.spacing.table_padding + 1

    def width(text, style):
        return stringWidth(text, style.fontName, style.fontSize)

    heads, bodies = [], []
    for index, head in enumerate(block.header):
        words = head.children[0].text.split()
        # the narrowest width that sets the header in HEADER_LINES lines, first fit
        need = max(width(w, header) for w in words)
        while _first_fit_lines([width(w, header) for w in words], width(" ", header), need) > HEADER_LINES:
            need += 0.5
        heads.append(need + pad)
        bodies.append(max(width(row[index].children[0].text, cell) for row in block.rows) + pad)
    return heads, bodies


def _first_fit_lines(words: list[float], space: float, width: float) -> int:
    lines, line = 1, -space
    for word in words:
        if line + space + word > width and line > 0:
            lines, line = lines + 1, word
        else:
            line += space + word
    return lines


@pytest.mark.parametrize("style", ["a5-booklet", "default"])
def test_header_words_stay_whole_and_headers_short_where_the_table_has_room(style):
    ctx = _context(style)
    header_style = paragraph_style(ctx.theme, "table_header")
    pad = 2 * ctx.theme.spacing.table_padding

    @settings(max_examples=examples(150, fast=40), deadline=None)
    @given(tables())
    @example(  # the A5 booklet's tower: a column of figures under a six-word heading
        Table(
            [
                _cell("State"),
                _cell("Per capita income (rupees, current prices)"),
                _cell("Remarks on the fiscal position and the outlook"),
            ],
            [[_cell("Maharashtra"), _cell("2,42,247"), _cell(" ".join(BODY_WORDS[:14]))]] * 3,
            ["left", "right", "left"],
            Location(Path("t.md"), 1),
        )
    )
    def check(block):
        table, headers = _laid_out(block, ctx)
        available = ctx.block_width - 2
        assert sum(table._colWidths) == pytest.approx(available)
        fair = available / len(block.header)  # a column no table could deny a word of this width
        for head, lines, width in zip(block.header, headers, table._colWidths):
            words = head.children[0].text.split()
            if (
                max(stringWidth(w, header_style.fontName, header_style.fontSize) for w in words)
                <= min(fair, available / 6) - pad
            ):
                assert " ".join(lines).split() == words, (lines, width)  # no word cut in two
        heads, bodies = _one_line_widths(block, ctx)
        if sum(max(h, b) for h, b in zip(heads, bodies)) <= available:
            assert max(len(lines) for lines in headers) <= HEADER_LINES, headers

    check()


LONG_REMARK = (
    "Imports of machinery, electronics and chemicals from Japan grew faster than exports of "
    "petroleum products, marine products and textiles, so the deficit widened year after year "
    "while investment inflows in the automobile sector helped narrow it only in part"
)


def _tower_book(make_book, style: str):
    rows = "\n".join(f"| 20{n}-{n + 1} | {n}.4 | {LONG_REMARK} |" for n in range(18, 22))
    chapter = (
        "# Trade\n\n"
        "| Year | Share of Japan in total trade of India (per cent) | Remarks |\n"
        "|---|--:|---|\n" + rows + "\n"
    )
    return make_book({"01-trade.md": chapter}, style=style)


@pytest.mark.parametrize("style", ["a5-booklet", "default"])
def test_a_figures_column_beside_long_text_keeps_its_header_to_three_whole_lines(make_book, style):
    """The A5 booklet's tower: a column of short figures under a long heading, beside a column
    of long remarks. The browsers' rule gave the remarks nearly all the spare width and set the
    heading one or two short words a line; the heading now takes at most three lines and every
    word of it is whole."""
    book = _tower_book(make_book, style)
    heading = "Share of Japan in total trade of India (per cent)".split()
    with pdfplumber.open(book.path) as pdf:
        page = next(p for p in pdf.pages if "Remarks" in (p.extract_text() or ""))
        words = page.extract_words()
    first_row = min(w["top"] for w in words if w["text"] == "2018-19")
    header = [w for w in words if w["top"] < first_row and w["text"] in heading]
    assert sorted(w["text"] for w in header) == sorted(heading)  # every word whole
    assert len({round(w["top"]) for w in header}) <= HEADER_LINES


def _short_table(rows: int) -> str:
    lines = ["| Exercise | Who takes part | Domain |", "|---|---|---|"]
    lines += [f"| Row{n} | Indian and Japanese forces, year {2000 + n} | Sea |" for n in range(1, rows + 1)]
    return "\n".join(lines)


def _rows_per_page(path) -> list[int]:
    """How many table rows (Row1, Row2, ...) each page holds, for the pages that hold any."""
    with pdfplumber.open(path) as pdf:
        counts = [sum(1 for w in page.extract_words() if w["text"].startswith("Row")) for page in pdf.pages]
    return [count for count in counts if count]


def test_a_table_never_leaves_one_row_alone_on_either_side_of_a_page_break(make_book):
    """A five-row table pushed down the page a paragraph at a time: wherever it crosses the
    page, each page holds at least two of its rows (the old split left [4, 1] after 18)."""
    from bookgen import chapter

    rows, splits = 5, 0
    for filler in (16, 17, 18):
        text = chapter("Tables", [3] * filler) + "\n" + _short_table(rows) + "\n\nP99 After the table.\n"
        counts = _rows_per_page(make_book({"01-t.md": text}).path)
        assert sum(counts) == rows
        if len(counts) > 1:
            splits += 1
            assert min(counts) >= 2, (filler, counts)
    assert splits, "no filler made the table cross a page: the test tests nothing"
