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


# Each expression, by the chapters it picks (of A, B and C).
PICKS = {
    ("01-a.md",): [
        "paper == GS2",
        "date > 2025-09-02",
        "2025-10-01 <= date",  # either way round
        '"quad" in tags',
        "'QUAD' in tags",
        '"relations" in topic',
        "topic == 'international relations'",
        # and binds tighter than or; not tighter than and
        "paper == GS2 or paper == GS3 and order == 1",
        "not not paper == GS2",
    ],
    ("02-b.md",): [
        "paper == 'gs 3'",  # case, spaces and punctuation of a paper ignored
        "date < 2025-10-01",
        "date <= 2025-09-02",
        "order >= 2",
        "tags in [budget, none]",
        "file == 02-b.md",
        "(paper == GS2 or paper == GS3) and order == 2",
        "not paper == GS2 and order == 2",
    ],
    ("03-c.md",): ["NOT (paper == GS2 OR order == 2)"],
    ("01-a.md", "02-b.md"): ["date >= 2025-09-02", "paper in [GS2, GS3]"],
    ("02-b.md", "03-c.md"): [
        "paper != GS2",
        "date != 2025-10-27",  # no date: != only
        '"quad" not in tags',
        "not paper == GS2",
    ],
}


@pytest.mark.parametrize(
    "expr, expected", [(expr, list(names)) for names, exprs in PICKS.items() for expr in exprs]
)
def test_operators_and_precedence(expr, expected):
    assert picks(expr) == expected


# Each wrong expression, by its error's code; `^` stands before the column the error names.
ERRORS = {
    "select-unknown-field": [
        "^paer == GS2",
        "paper == GS2 and ^tpoic == x",
    ],
    "select-syntax": [
        "paper ^= GS2",
        "(paper == GS2^",
        "paper == GS2^)",
        "paper ==^",
        "^'quad in tags",
        "paper == GS2 ^paper == GS3",
        "^",
        "^paper == topic",
    ],
    "select-type": [
        "date >= ^2025-13-01",
        "order < ^two",
        "^paper < GS2",
        "^tags == quad",
    ],
}


@pytest.mark.parametrize(
    "marked, code", [(marked, code) for code, marks in ERRORS.items() for marked in marks]
)
def test_errors_carry_a_column_and_a_code(marked, code):
    expr, column = marked.replace("^", "", 1), marked.index("^") + 1
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
