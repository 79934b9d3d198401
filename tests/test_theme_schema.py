"""One schema mechanism (handbook.yaml_schema): keys declared on the model's dataclasses, renamed
keys, theme text styles with `parent:`, colours by name, and `handbook styles --show`."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, write_sources
from handbook import yaml_schema as schema
from handbook.cli import main
from handbook.errors import BuildFailed, Diagnostics
from handbook.model import BookSettings, ChapterMeta
from handbook.parse.book import BOOK_KEYS, CHAPTER_KEYS
from handbook.pipeline import check
from handbook.sources.yamlload import load_yaml
from handbook.theme import load_theme

STYLES = ROOT / "styles"


def yaml_of(text: str):
    return load_yaml(textwrap.dedent(text).lstrip("\n"), "x.yaml", Diagnostics())


# --- keys declared on the dataclasses ---------------------------------------------------------


def test_book_and_chapter_keys_are_the_fields_declared_with_key():
    assert list(BOOK_KEYS) == [f.name for f in dataclasses.fields(BookSettings) if f.name != "loc"]
    assert set(CHAPTER_KEYS) - {"questions"} == {f.name for f in dataclasses.fields(ChapterMeta)} - {"loc"}


def test_a_key_is_one_declarative_line():
    @dataclasses.dataclass
    class Settings:
        pages: int = schema.key(schema.positive_integer, 10)
        toc_depth: int = schema.key(schema.choice("1", "2"), "2", renamed_from=("contents_depth",))
        loc: object = None

    diagnostics = Diagnostics()
    data = yaml_of("pages: 0\ncontents_depth: '1'\ncolour: red\n")
    values = schema.read(data, schema.keys_of(Settings), "book.yaml", diagnostics, "book.yaml")
    assert values == {"toc_depth": "1"}  # the old name still works
    found = {(d.code, d.line, d.severity) for d in diagnostics.items}
    assert found == {
        ("value-invalid", 1, "error"),
        ("key-renamed", 2, "warning"),
        ("key-unknown", 3, "warning"),
    }
    renamed = next(d for d in diagnostics.items if d.code == "key-renamed")
    assert "'contents_depth' in book.yaml is now called 'toc_depth'" in renamed.message


def test_book_yaml_problems_keep_their_line_and_suggestion(tmp_path):
    folder = write_sources(
        tmp_path,
        {
            "book.yaml": "title: T\nanswers: ned\nignore_acronym: [US]\n",
            "01-a.md": "---\ntitle: A\n---\nText.\n",
        },
    )
    found = {d.code: d for d in check(folder).items}
    assert found["value-invalid"].line == 2 and "(did you mean 'end'?)" in found["value-invalid"].message
    assert (
        found["key-unknown"].line == 3 and "(did you mean 'ignore_acronyms'?)" in found["key-unknown"].message
    )


# --- parents and colour names ---------------------------------------------------------------


def write_theme(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_a_text_style_takes_what_it_does_not_set_from_its_parent(tmp_path):
    theme = load_theme(
        str(
            write_theme(
                tmp_path,
                """
        text:
          h1: {font: serif, color: "#112233", italic: true}
          h3: {parent: h2, size: 20}
        """,
            )
        )
    )
    h1, h2, h3 = theme.text.h1, theme.text.h2, theme.text.h3
    # h2 inherits from h1 in default.yaml: a theme changing h1 changes h2 and so h3.
    assert (h2.font, h2.color, h2.italic, h2.size) == ("serif", "#112233", True, 13.5)
    # h3 keeps what default.yaml sets for it (its colour) and takes the rest from its new parent.
    assert (h3.font, h3.italic, h3.size, h3.color) == ("serif", True, 20, "#2b2b2b")
    assert h1.size == 16


def test_a_colour_may_name_a_colour_of_the_theme(tmp_path):
    theme = load_theme(
        str(
            write_theme(
                tmp_path,
                """
        colors:
          accent: "#7a1f1f"
          quote_bar: accent
        text:
          body: {color: accent}
        """,
            )
        )
    )
    assert theme.colors.quote_bar == theme.text.body.color == "#7a1f1f"
    assert theme.text.h1.color == "#7a1f1f" and theme.colors.link == "#7a1f1f"  # default.yaml: accent


@pytest.mark.parametrize(
    "text, line, code, words",
    [
        (
            "text:\n  h2: {parent: bod}\n",
            2,
            "theme-parent-unknown",
            "parent 'bod' is not a text style of the theme (did you mean 'body'?)",
        ),
        ("text:\n  h1: {parent: h2}\n", 2, "theme-parent-cycle", "in a circle"),
        ("colors:\n  accent: link\n  link: accent\n", 2, "theme-parent-cycle", "in a circle"),
    ],
)
def test_parent_mistakes_are_errors_at_their_line(tmp_path, text, line, code, words):
    with pytest.raises(BuildFailed) as raised:
        load_theme(str(write_theme(tmp_path, text)))
    problems = [d for d in raised.value.diagnostics.errors if d.code == code]
    assert problems and problems[0].line == line and problems[0].path.endswith("mine.yaml")
    assert words in problems[0].message


def test_default_yaml_says_the_accent_colour_once_for_the_text():
    lines = (STYLES / "default.yaml").read_text(encoding="utf-8").splitlines()
    assert sum("#1f4e79" in line for line in lines) <= 2  # colors.accent (and the mind-map root)
    assert sum("parent:" in line for line in lines) >= 15


def test_the_built_in_themes_are_unchanged_by_inheritance():
    """Facts of the resolved themes that their old, repeated files spelled out."""
    default, bw = load_theme("default"), load_theme("print-bw")
    assert (default.text.h2.font, default.text.h2.color, default.text.h2.bold) == ("sans", "#1f4e79", True)
    assert (default.text.list_item.align, default.text.list_item.size) == ("left", 11)  # the body's
    assert (default.text.h6.bold, default.text.h6.italic, default.text.h6.color) == (False, True, "#555555")
    assert default.text.back_heading.space_before == 0 and default.text.index_paper.size == 13.5
    assert bw.text.h2.color == bw.questions.number.color == bw.mindmap.title.color == "#000000"


# --- styles --show ------------------------------------------------------------------------------


def line_of_key(path: Path, start: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start)
    )


def test_styles_show_prints_each_value_with_where_it_came_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_theme(tmp_path, "extends: print-bw\ntext:\n  h2: {size: 12}\n")
    result = CliRunner().invoke(main, ["styles", "--show", "mine.yaml"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split(None, 2)[1:] for line in result.stdout.splitlines()[1:]}
    h1 = line_of_key(STYLES / "default.yaml", "  h1:")
    assert rows["text.h2.size"] == ["12", "mine.yaml:3"]
    assert rows["text.h2.font"][1].endswith(f"default.yaml:{h1} (parent h1)")
    assert rows["text.h2.color"][1].endswith(
        f"print-bw.yaml:{line_of_key(STYLES / 'print-bw.yaml', '  h1:')} (parent h1)"
    )
    assert rows["page.size"][1].endswith(f"default.yaml:{line_of_key(STYLES / 'default.yaml', '  size:')}")
    assert rows["text.h2.first_line_indent"] == ["0.0", "(built in)"]


def test_styles_show_of_an_unknown_theme_is_an_error():
    result = CliRunner().invoke(main, ["styles", "--show", "nope"])
    assert result.exit_code == 1 and "theme 'nope' not found" in result.output
