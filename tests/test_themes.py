"""Themes: validation messages (with file and line), inheritance, the built-in themes."""

from __future__ import annotations

import dataclasses
import textwrap

import pdfplumber
import pytest
from click.testing import CliRunner

from bookgen import book
from handbook.cli import main
from handbook.errors import BuildFailed, Diagnostics
from handbook.theme import UNITS, Color, builtin_themes, load_theme, load_theme_into

BUILTIN = ["a5-booklet", "default", "print-bw"]


def theme_errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "mine.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        load_theme(str(path))
    return [item.format() for item in info.value.diagnostics.sorted()]


@pytest.mark.parametrize(
    "text, line, message",
    [
        (
            "page:\n  margin_iner: 20mm\n",
            2,
            "unknown key 'margin_iner' in theme.page (did you mean 'margin_inner'?)",
        ),
        # (`colour: cmyk`, issue 27, is as close to 'colours' as 'colors' is)
        ("colours:\n  accent: '#000000'\n", 1, "unknown key 'colours' in theme (did you mean 'colour'?)"),
        (
            "text:\n  body: {size: large}\n",
            2,
            "theme.text.body.size must be a length like 12 (points) or '18mm', not 'large'",
        ),
        ("page:\n  duplex: yes please\n", 2, "theme.page.duplex must be true or false, not 'yes please'"),
        (
            "text:\n  h1:\n    font: sanz\n",
            3,
            "text style 'h1' uses unknown font 'sanz'; fonts defined: "
            "serif, sans, mono, devanagari, symbols, emoji, cjk, bengali, gujarati, "
            "gurmukhi, tamil, telugu, kannada, malayalam, oriya (did you mean 'sans'?)",
        ),
        ("colors:\n  link: blue\n", 2, "theme.colors.link must be a colour written '#rrggbb', not 'blue'"),
        ("colors:\n  link: '#12345'\n", 2, "must be a colour written '#rrggbb', not '#12345'"),
        ("page:\n  size: A6\n", 2, "page.size 'A6' is not A4, A5, Letter, A3 or WIDTHxHEIGHT"),
        ("page:\n  size: 60x60\n", 2, "page.size '60x60' leaves no room for text inside the margins"),
        (
            "page:\n  header: {verso: author}\n",
            2,
            "theme.page.header.verso must be one of book_title, chapter_title, folio, none, not 'author'",
        ),
        (
            "fonts:\n  serif:\n    regular: nowhere.ttf\n",
            3,
            "font 'serif' regular: file 'nowhere.ttf' not found in package 'rendercv_fonts'",
        ),
    ],
)
def test_each_kind_of_mistake_is_reported_with_file_and_line(tmp_path, text, line, message):
    errors = theme_errors(tmp_path, text)
    assert len(errors) == 1, errors
    assert f"mine.yaml:{line}: error: " in errors[0] and message in errors[0]


def test_missing_font_file_names_the_file_and_line(tmp_path):
    errors = theme_errors(
        tmp_path,
        """
        fonts:
          serif:
            package: ""             # files beside the theme, not in the package default names
            regular: fonts/Missing.ttf
            bold: fonts/Missing.ttf
            italic: fonts/Missing.ttf
            bold_italic: fonts/Missing.ttf
        """,
    )
    assert len(errors) == 4 and all("fonts/Missing.ttf' not found" in e for e in errors)
    assert errors[0].endswith(
        "mine.yaml:4: error: font 'serif' regular: file 'fonts/Missing.ttf' not found "
        "(a .ttf file, relative to the theme file)"
    )


def test_own_font_files_under_an_inherited_package_get_a_hint(tmp_path):
    errors = theme_errors(
        tmp_path,
        """
        fonts:
          serif: {regular: fonts/Mine.ttf}
        """,
    )
    assert errors == [e for e in errors if 'write package: ""' in e] and len(errors) == 1


def test_all_problems_are_reported_in_one_run(tmp_path):
    errors = theme_errors(
        tmp_path,
        """
        page:
          margin_iner: 20mm
        colors:
          link: blue
        text:
          h2: {font: sanz}
        """,
    )
    assert [e.split(": error:")[0].rsplit("/", 1)[-1] for e in errors] == [
        "mine.yaml:2",
        "mine.yaml:4",
        "mine.yaml:6",
    ]


def test_an_error_in_a_parent_theme_points_at_the_parent(tmp_path):
    (tmp_path / "base.yaml").write_text("colors:\n  accent: '#zzz'\n")
    errors = theme_errors(tmp_path, "extends: base.yaml\npage: {size: A5}\n")
    assert len(errors) == 1
    assert errors[0].endswith(
        "/base.yaml:2: error: theme.colors.accent must be a colour written '#rrggbb', not '#zzz'"
    )


def test_extends_overrides_a_few_keys_and_keeps_the_rest(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: print-bw\npage: {size: 170x240}\ntext:\n  body: {size: 9}\ncolors: {accent: '#abc'}\n"
    )
    theme = load_theme(str(path))
    bw = load_theme("print-bw")
    assert theme.page_size() == pytest.approx((170 * UNITS["mm"], 240 * UNITS["mm"]))
    assert theme.text.body.size == 9 and theme.text.body.leading == bw.text.body.leading
    assert theme.text.body.color == bw.text.body.color == "#000000"
    assert theme.colors.accent == "#b8b8b8"  # '#aabbcc' spelled out, then grey like its parent
    assert theme.underline_links is True
    assert theme.description == ""  # a description is never inherited


def test_styles_lists_the_built_in_themes_with_descriptions():
    assert builtin_themes() == BUILTIN
    result = CliRunner().invoke(main, ["styles"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == BUILTIN
    for line, name in zip(lines, BUILTIN):
        description = line[len(name) :].strip()
        assert description == load_theme(name).description and len(description) > 20


def fill_colours(pdf_path) -> set:
    with pdfplumber.open(pdf_path) as pdf:
        colours = set()
        for page in pdf.pages:
            colours |= {tuple(c["non_stroking_color"] or ()) for c in page.chars}
            colours |= {tuple(r.get("non_stroking_color") or ()) for r in page.rects if r.get("fill")}
            colours |= {tuple(r.get("stroking_color") or ()) for r in page.lines + page.rects}
    return colours


TABLE_CHAPTER = """
---
title: Exercises
---
The [armed forces](https://example.com/exercises) of both countries train together.

| Exercise | Service |
|---|---|
| Dharma Guardian | Army |
| JIMEX | Navy |
| Malabar | Navy |

> A quote with a bar beside it.

```
code on a tint
```
"""


@pytest.mark.parametrize(
    "name, size_mm", [("default", (210, 297)), ("print-bw", (210, 297)), ("a5-booklet", (148, 210))]
)
def test_each_built_in_theme_builds_a_small_book(make_book, name, size_mm):
    built = make_book(book([[3] * 8, [2]], extra={"03-table.md": TABLE_CHAPTER}), style=name)
    box = built.reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(
        tuple(v * UNITS["mm"] for v in size_mm), abs=0.5
    )
    assert built.result.record.chapter_starts[0] == 5
    assert "Dharma Guardian" in built.text and "P8 " in built.text
    colours = fill_colours(built.path)
    # (g,), (r, r, r) or black ink alone (0, 0, 0, k): no hue anywhere
    greys = all(len(set(c)) <= 1 or (len(c) == 4 and c[:3] == (0, 0, 0)) for c in colours)
    assert greys == (name != "default"), colours


def test_black_and_white_tints_are_dark_enough_to_photocopy():
    for name in ("print-bw", "a5-booklet"):
        colors = load_theme(name).colors
        for key in ("code_background", "table_header_background"):
            grey = int(getattr(colors, key)[1:3], 16) / 255
            assert 0.75 <= grey <= 0.9, (name, key)  # 10-25% tint


def test_greyscale_turns_every_colour_into_the_grey_of_its_lightness(tmp_path):
    path = tmp_path / "grey.yaml"
    path.write_text("greyscale: true\ncolors: {accent: '#ff0000'}\n")
    theme = load_theme(str(path))
    assert theme.colors.accent == "#4c4c4c"  # pure red is a dark grey on a copier
    assert theme.text.h1.color == "#4c4c4c"  # default's headings are the accent colour
    assert theme.mindmap.root_fill == "#454545"  # default's own blue, not named accent

    def colours(value):
        if dataclasses.is_dataclass(value):
            return [c for f in dataclasses.fields(value) for c in colours(getattr(value, f.name))]
        if isinstance(value, dict):
            return [c for item in value.values() for c in colours(item)]
        if isinstance(value, list):
            return [c for item in value for c in colours(item)]
        return [value] if isinstance(value, Color) else []

    found = colours(theme)
    assert len(found) > 30 and all(c[1:3] == c[3:5] == c[5:7] for c in found)


def test_a_theme_named_by_book_yaml_may_not_extend_a_file_outside_the_source_folder(tmp_path):
    from handbook.pipeline import check

    (tmp_path / "outside.yaml").write_text("page: {size: A5}\n", encoding="utf-8")
    source = tmp_path / "src"
    source.mkdir()
    (source / "book.yaml").write_text("title: T\nstyle: mine.yaml\n", encoding="utf-8")
    (source / "mine.yaml").write_text("extends: ../outside.yaml\n", encoding="utf-8")
    (source / "01.md").write_text("# One\n\nText.\n", encoding="utf-8")
    found = [d.format() for d in check(source).errors]
    assert len(found) == 1 and found[0].startswith(
        f"{source / 'mine.yaml'}:1: error: theme '../outside.yaml' is outside"
    )


def test_an_unknown_theme_in_book_yaml_is_reported_at_its_line(tmp_path):
    from handbook.pipeline import check

    (tmp_path / "book.yaml").write_text("title: T\nstyle: print-bww\n", encoding="utf-8")
    (tmp_path / "01.md").write_text("# One\n\nText.\n", encoding="utf-8")
    found = [d.format() for d in check(tmp_path).errors]
    assert found == [
        f"{tmp_path / 'book.yaml'}:2: error: theme 'print-bww' not found; built-in themes: "
        "a5-booklet, default, print-bw (did you mean 'print-bw'?)"
    ]


@pytest.mark.parametrize("name", builtin_themes())
def test_built_in_themes_load_without_a_single_warning(name):
    diagnostics = Diagnostics()
    assert load_theme_into(name, diagnostics) is not None
    assert [item.format() for item in diagnostics.items] == []
