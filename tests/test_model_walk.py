"""The model's one walk (handbook.model.walk) reaches every model type and every printed text.

A new model class passes only if its `str` fields are classified (printed or not) and it is an
inline, a block or a known part of the structure; the glyph check, the acronym step, stats and
the glossary all read the model through this walk.
"""

from __future__ import annotations

import re

import inspect
import types
import typing
from dataclasses import fields, is_dataclass

import handbook.model.document as document
import handbook.model.questions as questions
from handbook.model import Block, Inline, Location, Paragraph, Text
from handbook.model.walk import printed_strings, runs_of, walk
from handbook.pipeline import check

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples, write_sources

STRUCTURE = {
    "Location",
    "ListItem",
    "TableCell",
    "MindMapNode",
    "Footnote",
    "AcronymDef",
    "AcronymMeaning",
    "ChapterMeta",
    "Chapter",
    "BookSettings",
    "Book",
    "Pair",
}


def model_classes():
    for module in (document, questions):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if is_dataclass(cls) and cls.__module__ == module.__name__:
                yield cls


def is_text(hint) -> bool:
    """str, str | None, list[str] and list[str] | None: text the walk must classify."""
    args = typing.get_args(hint)
    if hint is str:
        return True
    if typing.get_origin(hint) is list:
        return args == (str,)
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    return union and any(is_text(arg) for arg in args if arg is not type(None))


def test_every_str_field_of_every_model_class_is_classified():
    checked = 0
    for cls in model_classes():
        hints = typing.get_type_hints(cls, vars(document) | vars(questions))
        declared = set(getattr(cls, "printed", ())) | set(getattr(cls, "unprinted", ()))
        text_fields = {item.name for item in fields(cls) if is_text(hints[item.name])}
        if cls is not Location:  # a path and a line: where, never what
            assert text_fields <= declared, f"{cls.__name__}: say whether {text_fields - declared} is printed"
        assert declared <= {item.name for item in fields(cls)}, cls.__name__
        checked += len(text_fields)
    assert checked > 20


def test_every_model_class_is_an_inline_a_block_or_a_known_part():
    inline, block = set(typing.get_args(Inline)), set(typing.get_args(Block))
    names = set()
    for cls in model_classes():
        names.add(cls.__name__)
        if cls.__name__.startswith("_"):
            continue
        known = (
            (cls in inline)
            + (cls in block)
            + (cls.__name__ in STRUCTURE)
            + (cls in set(questions.QUESTION_TYPES.values()))
        )
        assert known == 1, f"{cls.__name__}: add it to Inline, Block or the structure"
    assert {"Paragraph", "Text", "MultipleChoice", "Book"} <= names


def test_runs_are_the_models_own_lists_and_nested_inlines_are_not_runs():
    inner = [Text("deep")]
    para = Paragraph([Text("a "), document.Emphasis(inner)], Location(None, 3))
    runs = runs_of([para])
    assert [run.inlines for run in runs] == [para.children] and runs[0].inlines is para.children
    assert runs[0].loc.line == 3 and runs[0].kind == "text"
    assert [text for text, _, _ in printed_strings(para)] == ["a ", "deep"]


def test_questions_are_walked_in_printed_order_with_their_answers():
    q = questions.StatementsQuestion(
        question=[Text("Q")],
        loc=Location(None, 9),
        options=[[Text("o")]],
        answer=0,
        explanation=[Text("E")],
        statements=[[Text("S")]],
        ask=[Text("A")],
    )
    assert [run.inlines[0].text for run in runs_of(q)] == ["Q", "S", "A", "o", "E"]
    visits = list(walk(q))
    assert visits and all(visit.loc.line == 9 for visit in visits)


SNOWMAN_BOOK = {
    "book.yaml": "title: Snow 𝄞 book\n",
    "glossary.yaml": "ARF:\n  expansion: ASEAN Regional Forum\n  note: a forum 𝄢\n",
    "01-a.md": """\
        ---
        title: A
        questions:
          - type: mcq
            question: "Which one ∲?"
            options: [one, two ∳, three, four]
            answer: a
            explanation: "Because 𝄐."
        ---
        The ARF meets.

        | a | b |
        |---|---|
        | x | 🜀 |
        """,
}


def test_a_missing_glyph_is_reported_wherever_it_is_printed(tmp_path):
    diagnostics = check(write_sources(tmp_path, SNOWMAN_BOOK))
    found = {}  # character -> (file, lines): one warning per file names every character
    for d in diagnostics.warnings:
        if d.code == "glyph-missing":
            for char, lines in re.findall(r"'(.)' \(U\+[0-9A-F]+ [^)]*\) on line\(s\) ([0-9, ]+)", d.message):
                found[char] = (d.path.rsplit("/", 1)[-1], [int(n) for n in lines.split(", ")])
    # The question, its option and explanation (the bug: questions were not checked), a table
    # row at its own line, a glossary note and the book's title. (Characters no fallback font
    # has either: symbols such as a snowman now print, issue 16.)
    assert found["\u2232"] == ("01-a.md", [4]) and found["\u2233"] == ("01-a.md", [4])
    assert found["\U0001d110"] == ("01-a.md", [4])
    assert found["\U0001f700"] == ("01-a.md", [14])
    assert found["\U0001d122"] == ("glossary.yaml", [1])
    assert found["\U0001d11e"][0] == "book.yaml"


def test_a_new_block_type_is_walked_without_being_registered():
    """What a new block (a callout box, say) needs for the walk: its class, nothing else."""
    from dataclasses import dataclass
    from typing import ClassVar

    @dataclass
    class Aside:
        title: str
        blocks: list
        loc: Location

        printed: ClassVar = ("title",)

    inner = Paragraph([Text("inside ☃")], Location(None, 8))
    aside = Aside("Note ☂", [inner], Location(None, 7))
    runs = runs_of([Paragraph([Text("before")], Location(None, 5)), aside])
    assert [run.inlines for run in runs] == [[Text("before")], inner.children]
    assert runs[1].inlines is inner.children and runs[1].loc.line == 8
    assert [(text, where.line) for text, where, _ in printed_strings(aside)] == [
        ("Note ☂", 7),
        ("inside ☃", 8),
    ]


def inline_trees():
    from hypothesis import strategies as st

    from handbook.model import CodeSpan, Emphasis, Link, Strong

    leaves = st.one_of(st.builds(Text, st.text(max_size=5)), st.builds(CodeSpan, st.text(max_size=5)))
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.builds(Emphasis, st.lists(children, max_size=3)),
            st.builds(Strong, st.lists(children, max_size=3)),
            st.builds(lambda kids: Link("https://x", kids), st.lists(children, max_size=3)),
        ),
        max_leaves=12,
    )


@settings(max_examples=examples(60, fast=8), derandomize=True)
@given(st.lists(st.lists(inline_trees(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_the_walk_reads_every_paragraph_as_a_reader_would(paragraphs):
    from handbook.model import ListBlock, ListItem, plain_text

    blocks = [Paragraph(children, Location(None, n)) for n, children in enumerate(paragraphs, 1)]
    nested = [ListBlock([ListItem(blocks)], Location(None, 99))]
    runs = runs_of(nested)
    assert [run.inlines for run in runs] == paragraphs and all(
        a.inlines is b.children for a, b in zip(runs, blocks)
    )
    assert [run.loc.line for run in runs] == list(range(1, len(blocks) + 1))
    shown = "".join(text for text, _, _ in printed_strings(nested))
    assert shown == "".join(plain_text(children) for children in paragraphs)
