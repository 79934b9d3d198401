"""libyaml reads the sources (fast); what it returns, and every message about a mistake,
is what the pure-Python parser gives."""

from __future__ import annotations

import pytest

from handbook.errors import Diagnostics
from handbook.sources import yamlload
from handbook.sources.yamlload import _LineLoader, _load, load_yaml

FRONT = """\
title: "India & Japan: ties"
date: 2025-10-27
tags: [japan, quad]
order: 3
acronyms:
  QUAD: Quadrilateral Security Dialogue
  ACSA: {expansion: Acquisition and Cross-Servicing Agreement, plural: ACSAs}
questions:
  - type: mcq
    question: Which one?
    options:
      - one
      - "two: quoted"
    answer: b
  - type: descriptive
    marks: 15
    points: |
      a block
      of text
"""


def lines(value):
    """Every value with the lines its containers remember, for comparison."""
    if isinstance(value, dict):
        return ("map", value.line, value.lines, {k: lines(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("seq", value.line, value.lines, [lines(v) for v in value])
    return value


@pytest.mark.skipif(yamlload._FastLineLoader is None, reason="PyYAML without libyaml")
def test_libyaml_gives_the_same_values_and_lines():
    fast, _ = _load(yamlload._FastLineLoader, FRONT, 2)
    assert lines(fast) == lines(_load(_LineLoader, FRONT, 2)[0])
    assert fast.lines["questions"] == 9 and fast["questions"].lines == [10, 16]


@pytest.mark.parametrize(
    "text",
    [
        "title: [unclosed\n",
        "a: 1\n  b: 2\n",
        "x: !!python/object:os.system echo\n",
        "? [a, b]\n: 1\n",
    ],
)
def test_mistakes_are_reported_as_the_pure_parser_words_them(text, monkeypatch):
    fast = Diagnostics()
    assert load_yaml(text, "f.md", fast, first_line=2) is None
    monkeypatch.setattr(yamlload, "_FastLineLoader", None)
    pure = Diagnostics()
    load_yaml(text, "f.md", pure, first_line=2)
    assert [i.format() for i in fast.items] == [i.format() for i in pure.items] != []
