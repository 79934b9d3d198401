"""The selection language (parse.selection): every operator, precedence, errors with columns,
and no code execution."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from handbook.model import Chapter, ChapterMeta, Location
from handbook.parse.selection import SelectionError, parse_selection


def chapter(
    name="01-a.md",
    paper="GS2",
    topic="International Relations",
    tags=("japan", "quad"),
    date=dt.date(2025, 10, 27),
    order=1,
):
    meta = ChapterMeta(
        title=name,
        loc=Location(Path(name), 1),
        paper=paper,
        topic=topic,
        tags=list(tags),
        date=date,
        order=order,
    )
    return Chapter(meta, [], Path(name))


A = chapter()
B = chapter("02-b.md", paper="GS 3", topic="Economy", tags=("budget",), date=dt.date(2025, 9, 2), order=2)
C = chapter("03-c.md", paper="", topic="", tags=(), date=None, order=None)


def picks(expr, chapters=(A, B, C)):
    return [c.path.name for c in parse_selection(expr).select(list(chapters))]


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("paper == GS2", ["01-a.md"]),
        ("paper == 'gs 3'", ["02-b.md"]),  # case, spaces and punctuation of a paper ignored
        ("paper != GS2", ["02-b.md", "03-c.md"]),
        ("date < 2025-10-01", ["02-b.md"]),
        ("date <= 2025-09-02", ["02-b.md"]),
        ("date > 2025-09-02", ["01-a.md"]),
        ("date >= 2025-09-02", ["01-a.md", "02-b.md"]),
        ("2025-10-01 <= date", ["01-a.md"]),  # either way round
        ("date != 2025-10-27", ["02-b.md", "03-c.md"]),  # no date: != only
        ("order >= 2", ["02-b.md"]),
        ('"quad" in tags', ["01-a.md"]),
        ("'QUAD' in tags", ["01-a.md"]),
        ('"quad" not in tags', ["02-b.md", "03-c.md"]),
        ('"relations" in topic', ["01-a.md"]),
        ("paper in [GS2, GS3]", ["01-a.md", "02-b.md"]),
        ("tags in [budget, none]", ["02-b.md"]),
        ("file == 02-b.md", ["02-b.md"]),
        ("topic == 'international relations'", ["01-a.md"]),
        ("not paper == GS2", ["02-b.md", "03-c.md"]),
        ("NOT (paper == GS2 OR order == 2)", ["03-c.md"]),
        # and binds tighter than or; not tighter than and
        ("paper == GS2 or paper == GS3 and order == 1", ["01-a.md"]),
        ("(paper == GS2 or paper == GS3) and order == 2", ["02-b.md"]),
        ("not paper == GS2 and order == 2", ["02-b.md"]),
        ("not not paper == GS2", ["01-a.md"]),
    ],
)
def test_operators_and_precedence(expr, expected):
    assert picks(expr) == expected


@pytest.mark.parametrize(
    "expr, column, code",
    [
        ("paer == GS2", 1, "select-unknown-field"),
        ("paper == GS2 and tpoic == x", 18, "select-unknown-field"),
        ("paper = GS2", 7, "select-syntax"),
        ("(paper == GS2", 14, "select-syntax"),
        ("paper == GS2)", 13, "select-syntax"),
        ("paper ==", 9, "select-syntax"),
        ("date >= 2025-13-01", 9, "select-type"),
        ("order < two", 9, "select-type"),
        ("paper < GS2", 1, "select-type"),
        ("tags == quad", 1, "select-type"),
        ("'quad in tags", 1, "select-syntax"),
        ("paper == GS2 paper == GS3", 14, "select-syntax"),
        ("", 1, "select-syntax"),
        ("paper == topic", 1, "select-syntax"),
    ],
)
def test_errors_carry_a_column_and_a_code(expr, column, code):
    with pytest.raises(SelectionError) as caught:
        parse_selection(expr)
    assert (caught.value.column, caught.value.code) == (column, code)


def test_did_you_mean_names_the_field():
    with pytest.raises(SelectionError) as caught:
        parse_selection("tpoic == Economy")
    assert "'topic'" in str(caught.value)


@pytest.mark.parametrize(
    "expr",
    [
        "__import__('os').system('touch /tmp/handbook-pwned')",
        "__import__ == os",
        "paper == __import__('os')",
        "paper.__class__ == x",
        "[].__class__ in tags",
    ],
)
def test_code_is_never_run(expr, tmp_path):
    with pytest.raises(SelectionError):
        parse_selection(expr)
    assert not Path("/tmp/handbook-pwned").exists()


@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_a_column_inside_it(source):
    try:
        selection = parse_selection(source)
    except SelectionError as exc:
        assert 1 <= exc.column <= len(source) + 1
    else:
        selection.select([A, B, C])  # never raises once parsed
