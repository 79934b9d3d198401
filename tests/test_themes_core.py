"""Built-in themes work from any folder, theme files by path, and the fonts have the glyphs the
theme asks for."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from handbook.errors import BuildFailed
from handbook.layout.tables import share_width
from handbook.options import BuildOptions
from handbook.pipeline import build
from handbook.theme import builtin_themes, font_file, load_theme


def test_builtin_theme_is_found_from_another_folder(make_book, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing of the repository around
    assert "default" in builtin_themes()
    book = make_book({"book.yaml": "title: T\nstyle: default\n", "01-a.md": "# A\n\nText.\n"})
    assert "Text." in book.text


def test_a_theme_file_given_by_path_extends_the_default(make_book, tmp_path):
    theme = tmp_path / "small.yaml"
    theme.write_text("page: {size: A5}\n", encoding="utf-8")
    book = make_book({"01-a.md": "# A\n\nText.\n"}, style=str(theme))
    width, height = (float(v) for v in book.reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (420, 595)


def test_an_unknown_theme_is_an_error_with_a_suggestion(tmp_path):
    (tmp_path / "01-a.md").write_text("# A\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, tmp_path / "out.pdf", BuildOptions(style="defualt"))
    message = failure.value.diagnostics.errors[0].message
    assert "theme 'defualt' not found" in message and "did you mean 'default'" in message


@pytest.mark.parametrize("name", builtin_themes())
def test_bullets_and_typographic_characters_exist_in_the_theme_fonts(name):
    theme = load_theme(name)

    def glyphs(style_name: str) -> set[int]:
        family = theme.fonts[getattr(theme.text, style_name).font]
        return set(TTFont("probe", str(font_file(family, "regular", theme.source))).face.charToGlyph)

    assert theme.bullets and all(ord(bullet) in glyphs("list_item") for bullet in theme.bullets)
    for style_name in ("body", "h2", "code"):
        assert {ord(ch) for ch in "‘’“”–—₹éā"} <= glyphs(style_name), style_name


widths = st.floats(min_value=1, max_value=400, allow_nan=False)


@settings(max_examples=examples(200, fast=60), deadline=None)
@given(st.lists(st.tuples(widths, widths), min_size=1, max_size=8), st.floats(min_value=50, max_value=600))
def test_table_columns_share_exactly_the_width_and_respect_longest_words(columns, total):
    narrow = [min(a, b) for a, b in columns]
    wide = [max(a, b) for a, b in columns]
    result = share_width(narrow, wide, total)
    assert sum(result) == pytest.approx(total)
    assert all(width > 0 for width in result)
    if sum(narrow) <= total:  # every longest word fits: no column is narrower than its word
        assert all(width >= n - 1e-6 for width, n in zip(result, narrow))
    if sum(wide) <= total:  # everything fits on one line per cell
        assert all(width >= w - 1e-6 for width, w in zip(result, wide))


@settings(max_examples=examples(200, fast=60), deadline=None)
@given(st.lists(st.floats(9, 300), min_size=1, max_size=30), st.floats(50, 600))
def test_no_column_is_narrower_than_its_paddings_when_the_width_allows(narrow, total):
    minimum = 9.0  # a cell's two paddings and a point
    result = share_width(narrow, [n * 2 for n in narrow], total, minimum=minimum)
    assert sum(result) == pytest.approx(total)
    if minimum * len(narrow) <= total:
        assert all(width >= minimum - 1e-6 for width in result)


def test_a_short_longest_word_stays_whole_when_a_long_address_must_break():
    # The header "Document" (40 pt) beside a 300-character address: the address breaks anyway,
    # so the short column keeps its word whole instead of both shrinking alike ("Docum/ent").
    widths = share_width([40.0, 1500.0], [60.0, 1500.0], 360.0, minimum=9.0)
    assert widths[0] == pytest.approx(40.0)
    assert sum(widths) == pytest.approx(360.0)
