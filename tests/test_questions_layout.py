"""The options grid: as many columns as let every option fit on one line, never wider than the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.layout.questions import option_columns, options_grid
from handbook.model import Book, BookSettings
from handbook.options import BuildOptions
from handbook.theme import load_theme

THEME = load_theme("default")
register_fonts(THEME)
CTX = LayoutContext(THEME, Book(BookSettings(), [], Path(".")), PageRefs(), BuildOptions(), "end")
WIDTH = CTX.text_width - THEME.questions.number_width

words = (
    st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=60)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=40, deadline=None)
@given(options=st.lists(words, min_size=2, max_size=6))
def test_options_fit_their_cells_and_the_text_width(options):
    table = options_grid(options, CTX, WIDTH)
    cells = [cell for row in table.rows for cell in row[1::2] if cell.getPlainText()]
    assert [c.getPlainText() for c in cells] == options  # row by row: (a) (b) / (c) (d)
    width, _ = table.wrap(WIDTH, 10_000)
    assert width <= WIDTH + 0.01
    columns = len(table.rows[0]) // 2
    assert columns in option_columns(len(options), THEME.questions.max_option_columns)
    if columns > 1:  # several per row only when each stays on one line
        text_width = table.widths[1] - THEME.questions.column_gap
        for cell in cells:
            cell.wrap(text_width, 10_000)
            assert len(cell.blPara.lines) == 1


def test_short_options_share_a_row_and_long_ones_get_their_own_lines():
    assert len(options_grid(["2007", "2014", "2020", "2022"], CTX, WIDTH).rows) == 1
    long = [f"Option {n} runs long enough that two of these cannot sit side by side" for n in range(4)]
    assert len(options_grid(long, CTX, WIDTH).rows) == 4


def test_column_choices():
    assert option_columns(4, 4) == [4, 2, 1]
    assert option_columns(6, 4) == [3, 2, 1]
    assert option_columns(5, 2) == [2, 1]
    assert option_columns(3, 1) == [1]
