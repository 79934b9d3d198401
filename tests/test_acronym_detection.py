"""Finding acronyms in text: the pure matching functions and the enrich step on parsed chapters."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_sources
from handbook.enrich.acronym_text import acronym_like_tokens, find_uses, spelled_out, uses_pattern
from handbook.enrich.acronyms import expand_acronyms, written_forms
from handbook.enrich.inline_runs import InlineRun
from handbook.enrich.numbering import number_book
from handbook.errors import Diagnostics
from handbook.model import (
    AcronymDef,
    AcronymUse,
    CodeSpan,
    Heading,
    Link,
    Location,
    Paragraph,
    Table,
    Text,
    plain_text,
)
from handbook.model.walk import inlines_of
from handbook.options import BuildOptions
from handbook.parse import parse_book
from handbook.sources import load_sources
from handbook.theme import load_theme
from handbook.workflow.report import fold_repeated

THEME = load_theme("default")
DEFS = {
    a: AcronymDef(a, e, Location("glossary.yaml", 1))
    for a, e in [
        ("QUAD", "Quadrilateral Security Dialogue"),
        ("R&D", "Research and Development"),
        ("5G", "Fifth Generation"),
        ("COVID-19", "Coronavirus Disease 2019"),
        ("COVID", "Coronavirus Disease"),
        ("G20", "Group of Twenty"),
        ("MoU", "Memorandum of Understanding"),
    ]
}
DEFS["MoU"] = dataclasses.replace(DEFS["MoU"], plural="MoUs")
FORMS = written_forms(DEFS)
PATTERN = uses_pattern(FORMS)


def uses(text: str) -> list[tuple[str, str]]:
    return [(u.acronym, u.written) for u in find_uses(text, PATTERN, FORMS)]


# --- matching in a string ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The QUAD met.", [("QUAD", "QUAD")]),
        ("QUAD at the start of a line", [("QUAD", "QUAD")]),
        ("first line\nQUAD on the next", [("QUAD", "QUAD")]),
        ("Two QUADs and three MoUs", [("QUAD", "QUADs"), ("MoU", "MoUs")]),
        ("(QUAD), QUAD; QUAD: \u201cQUAD\u201d QUAD's QUAD\u2019s QUAD-led QUAD.", [("QUAD", "QUAD")] * 8),
        ("R&D spending and 5G, G20.", [("R&D", "R&D"), ("5G", "5G"), ("G20", "G20")]),
        ("QUADRANT, SQUAD, QUADs2, QUAD_x, xQUAD", []),
        ("R&DE and AR&D", []),
        ("quad and Quad are words", []),
        ("COVID-19 and COVID-era rules", [("COVID-19", "COVID-19"), ("COVID", "COVID")]),
        ("see https://example.org/QUAD/R&D or www.quad.org/QUAD and mail QUAD@mea.gov.in", []),
        ("an MoU and an MOU", [("MoU", "MoU")]),
    ],
)
def test_find_uses(text, expected):
    assert uses(text) == expected


def test_positions_point_at_the_written_form():
    text = "In 2021 the QUADs met"
    (use,) = find_uses(text, PATTERN, FORMS)
    assert text[use.start : use.end] == "QUADs"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ARF and the EAS", ["ARF", "EAS"]),
        ("ARFs met", ["ARF"]),
        ("R&D and S&T", ["R&D", "S&T"]),
        ("G20, 5G, A, I, MoU, Quad", []),  # fewer than two capitals, or lowercase inside
        ("World War II, Article XIV, Schedule VII", []),  # small roman numerals
        ("BRICS2 and 2BHK", ["BRICS2"]),  # digit-first words (2BHK, 44TH) are quiet
        ("https://www.mea.gov.in/ARF.htm", []),
        ("AB&", []),
    ],
)
def test_acronym_like_tokens(text, expected):
    assert acronym_like_tokens(text) == expected


@pytest.mark.parametrize(
    "before, after, expected",
    [
        ("the Free and Open Indo-Pacific (", ") vision", True),
        ("the free and open  indo\u2013pacific (", ")", True),  # case, spaces and dashes folded
        ("two Free and Open Indo-Pacifics (", ")", True),
        ("the ", " (Free and Open Indo-Pacific) vision", True),
        ("the ", " ( Free and Open Indo-Pacific )", True),
        ("the Free and Open Indo-Pacific ", " vision", False),  # no brackets: not a spelled-out use
        ("the Free and Open Indo-Pacific (", ", 2016)", True),
        ("the Free and Open (", ")", False),
        ("the vision (", ") of Free and Open Indo-Pacific", False),
        ("", " (Free and Open Indo-Pacific strategy)", False),
    ],
)
def test_spelled_out(before, after, expected):
    assert spelled_out(before, after, "Free and Open Indo-Pacific") is expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "QUAD",
                "QUADs",
                "R&D",
                "5G",
                "COVID-19",
                "MoUs",
                "QUADRANT",
                "quad",
                " ",
                ", ",
                "(",
                ")",
                "-",
                "&",
                "'s",
                "x",
                "https://a.b/QUAD",
                "\n",
            ]
        ),
        max_size=20,
    )
)
def test_every_use_is_a_whole_defined_form(parts):
    text = "".join(parts)
    for use in find_uses(text, PATTERN, FORMS):
        assert text[use.start : use.end] == use.written and FORMS[use.written] == use.acronym
        assert not (use.start and (text[use.start - 1].isalnum() or text[use.start - 1] in "_&"))
        assert not (use.end < len(text) and (text[use.end].isalnum() or text[use.end] in "_&"))


# --- the enrich step on parsed chapters -------------------------------------------

GLOSSARY = """
    QUAD: Quadrilateral Security Dialogue
    FOIP: Free and Open Indo-Pacific
    ACSA: {expansion: Acquisition and Cross-Servicing Agreement, note: Logistics.}
    R&D: Research and Development
    """


def enrich(tmp_path, files, theme=THEME, glossary=GLOSSARY):
    folder = write_sources(tmp_path / "src", {"glossary.yaml": glossary, **files})
    diagnostics = Diagnostics()
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    number_book(book, theme, BuildOptions(), diagnostics)
    expand_acronyms(book, theme, BuildOptions(), diagnostics)
    return book, diagnostics


def acronym_nodes(inlines) -> list[AcronymUse]:
    return list(inlines_of(AcronymUse, inlines))


def paragraphs(book, chapter=0):
    return [b for b in book.chapters[chapter].blocks if isinstance(b, Paragraph)]


def test_first_use_in_the_book_is_expanded_once(tmp_path):
    book, _ = enrich(
        tmp_path, {"01.md": "# One\n\nThe QUAD met. The QUAD met.\n", "02.md": "# Two\n\nThe QUAD again.\n"}
    )
    (first,) = paragraphs(book)
    assert plain_text(first.children) == "The Quadrilateral Security Dialogue (QUAD) met. The QUAD met."
    assert [n.expansion for n in acronym_nodes(first.children)] == ["Quadrilateral Security Dialogue", None]
    assert plain_text(paragraphs(book, 1)[0].children) == "The QUAD again."


def test_first_use_per_chapter_and_none(tmp_path):
    files = {"01.md": "# One\n\nThe QUAD met.\n", "02.md": "# Two\n\nThe QUAD again.\n"}
    per_chapter = dataclasses.replace(
        THEME, glossary=dataclasses.replace(THEME.glossary, first_use="chapter")
    )
    book, _ = enrich(tmp_path / "a", files, per_chapter)
    assert plain_text(paragraphs(book, 1)[0].children) == "The Quadrilateral Security Dialogue (QUAD) again."
    never = dataclasses.replace(THEME, glossary=dataclasses.replace(THEME.glossary, first_use="none"))
    book, _ = enrich(tmp_path / "b", files, never)
    assert plain_text(paragraphs(book)[0].children) == "The QUAD met."
    assert len(acronym_nodes(paragraphs(book)[0].children)) == 1  # still a use, with its link


def test_author_expansion_is_left_alone_and_counts_as_the_first(tmp_path):
    book, _ = enrich(
        tmp_path,
        {
            "01.md": "# One\n\nThe Free and Open Indo-Pacific (FOIP) vision. "
            "*Acquisition and Cross-Servicing Agreements* (ACSAs) too. "
            "Later FOIP and ACSA.\n"
        },
    )
    (para,) = paragraphs(book)
    assert plain_text(para.children) == (
        "The Free and Open Indo-Pacific (FOIP) vision. Acquisition and "
        "Cross-Servicing Agreements (ACSAs) too. Later FOIP and ACSA."
    )
    assert all(n.expansion is None for n in acronym_nodes(para.children))
    assert len(acronym_nodes(para.children)) == 4


def test_plural_first_use_gets_a_plural_expansion(tmp_path):
    book, _ = enrich(tmp_path, {"01.md": "# One\n\nTwo ACSAs were signed.\n"})
    assert (
        plain_text(paragraphs(book)[0].children)
        == "Two Acquisition and Cross-Servicing Agreements (ACSAs) were signed."
    )


def test_code_links_and_urls_are_not_searched(tmp_path):
    book, diagnostics = enrich(
        tmp_path,
        {
            "01.md": """
        # One

        In code `QUAD ARF`, a [QUAD page](https://example.org/QUAD), <https://example.org/R&D>,
        and www.example.org/FOIP stay as written.

        ```
        QUAD in a code block, and ARF
        ```
        """
        },
    )
    (para,) = paragraphs(book)
    # Link text is a use (linked to nothing more, never spelled out); code and URLs are not.
    assert [(n.acronym, n.expansion) for n in acronym_nodes(para.children)] == [("QUAD", None)]
    assert any(isinstance(n, CodeSpan) and n.text == "QUAD ARF" for n in para.children)
    assert any(isinstance(n, Link) and plain_text(n.children) == "QUAD page" for n in para.children)
    assert not [d for d in diagnostics.warnings if d.code == "acronym-unused" and "QUAD" in d.message]
    assert not [d for d in diagnostics.warnings if d.code == "acronym-undefined"]


def test_headings_count_but_are_not_expanded(tmp_path):
    book, _ = enrich(tmp_path, {"01.md": "# One\n\n## The QUAD and R&D\n\nThe QUAD met.\n"})
    heading = next(b for b in book.chapters[0].blocks if isinstance(b, Heading))
    assert [(n.acronym, n.expansion) for n in acronym_nodes(heading.children)] == [
        ("QUAD", None),
        ("R&D", None),
    ]
    assert plain_text(heading.children) == "The QUAD and R&D"
    assert plain_text(paragraphs(book)[0].children) == "The Quadrilateral Security Dialogue (QUAD) met."


def test_every_kind_of_block_is_walked(tmp_path):
    book, _ = enrich(
        tmp_path,
        {
            "01.md": """
        # One

        - a list with **the QUAD** in bold
        > a quote with FOIP

        | R&D | x |
        |-----|---|
        | ACSA | y |

        A note.[^1]

        ```mindmap
        - QUAD
          - FOIP
        ```

        [^1]: The footnote names the QUAD again.
        """
        },
    )
    chapter = book.chapters[0]
    found = []

    def collect(blocks):
        for block in blocks:
            if isinstance(block, Paragraph):
                found.extend(n.acronym for n in acronym_nodes(block.children))
            elif isinstance(block, Table):
                for cell in block.header + [c for row in block.rows for c in row]:
                    found.extend(n.acronym for n in acronym_nodes(cell.children))
            for attr in ("blocks", "items"):
                for child in getattr(block, attr, []):
                    collect(getattr(child, "blocks", [child]))

    collect(chapter.blocks)
    collect([b for note in chapter.footnotes for b in note.blocks])
    assert found == ["QUAD", "FOIP", "R&D", "ACSA", "QUAD"]
    mindmap = next(b for b in chapter.blocks if type(b).__name__ == "MindMap")
    assert acronym_nodes(mindmap.root.label) == []  # mind-map labels are never marked


QUESTION_CHAPTER = """---
title: One
questions:
  - type: descriptive
    question: Discuss the role of the QUAD.
    marks: 10
    words: 150
    points: [The ARF differs.]
---
Text.
"""


def test_questions_are_walked_in_printed_order(tmp_path):
    folder = write_sources(tmp_path / "src", {"glossary.yaml": GLOSSARY, "01.md": QUESTION_CHAPTER})
    diagnostics = Diagnostics()
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    expand_acronyms(book, THEME, BuildOptions(), diagnostics)
    question = book.chapters[0].questions[0]
    assert (
        plain_text(question.question_runs()[0])
        == "Discuss the role of the Quadrilateral Security Dialogue (QUAD)."
    )
    assert [d.format() for d in diagnostics.warnings if "ARF" in d.message] == [
        f"{question.loc.path}:{question.loc.line}: warning: undefined acronym 'ARF'"
    ]


def test_a_first_use_is_spent_only_where_the_answer_is_printed_before_it(tmp_path):
    first = QUESTION_CHAPTER.replace("Discuss the role of the QUAD.", "Discuss the role.").replace(
        "The ARF differs.", "The QUAD matters."
    )
    second = "---\ntitle: Two\n---\nLater the QUAD met.\n"
    folder = write_sources(tmp_path / "src", {"glossary.yaml": GLOSSARY, "01.md": first, "02.md": second})
    # Chapter 1's answer prints before chapter 2 only when answers follow each chapter.
    for answers, expanded_in_chapter_two in (("none", True), ("chapter", False), ("end", True)):
        diagnostics = Diagnostics()
        book = parse_book(load_sources(folder, diagnostics), diagnostics)
        expand_acronyms(book, THEME, BuildOptions(answers=answers), diagnostics)
        body = plain_text(book.chapters[1].blocks[-1].children)
        assert ("Quadrilateral Security Dialogue (QUAD)" in body) is expanded_in_chapter_two, answers


def test_undefined_acronyms_are_warned_once_per_file_at_their_first_line(tmp_path):
    book, diagnostics = enrich(
        tmp_path,
        {
            "book.yaml": "title: T\nignore_acronyms: [US]\n",
            "01.md": "---\ntitle: One\n---\nThe US and the ARF.\n\nThe ARF again, and the EAS.\n",
        },
    )
    messages = [(d.line, d.message) for d in diagnostics.warnings if d.code == "acronym-undefined"]
    assert messages == [(4, "undefined acronym 'ARF'"), (6, "undefined acronym 'EAS'")]


def test_unused_definitions_are_warned_and_summarised_for_build(tmp_path):
    book, diagnostics = enrich(tmp_path, {"01.md": "# One\n\nThe QUAD and the ARF.\n"})
    unused = sorted(d.message for d in diagnostics.warnings if d.code == "acronym-unused")
    assert unused == [f"acronym '{a}' is defined but never used in the text" for a in ("ACSA", "FOIP", "R&D")]
    summary = fold_repeated(diagnostics, "src")
    assert [(d.path.rsplit("/", 1)[-1], d.line, d.code) for d in summary.items] == [
        ("01.md", 3, "acronym-undefined"),
        ("src", None, "acronym-unused"),
    ]
    assert summary.items[1].message.startswith("3 warnings [acronym-unused], the first at ")


def test_a_chapter_meaning_that_differs_is_the_chapters_meaning(tmp_path):
    book, diagnostics = enrich(
        tmp_path,
        {
            "01.md": "---\ntitle: One\nacronyms:\n  SCRI: Supply Chain Resilience Initiative\n"
            "  ACSA: Acquisition and Cross-Servicing Agreement\n---\nSCRI and ACSA.\n",
            "02.md": "---\ntitle: Two\nacronyms:\n  QUAD: Quad Dialogue\n---\nThe QUAD met.\n",
            "03.md": "# Three\n\nThe QUAD again.\n",
        },
    )
    assert book.glossary["SCRI"].expansion == "Supply Chain Resilience Initiative"
    assert book.glossary["ACSA"].note == "Logistics."  # the book's entry, agreed with
    assert not diagnostics.errors
    assert [m.expansion for m in book.glossary["QUAD"].meanings] == [
        "Quadrilateral Security Dialogue",
        "Quad Dialogue",
    ]
    # Chapter two chose its meaning; chapter three has both in reach: linked, not spelled out.
    assert plain_text(paragraphs(book, 1)[0].children) == "The Quad Dialogue (QUAD) met."
    assert plain_text(paragraphs(book, 2)[0].children) == "The QUAD again."
    (ambiguous,) = [d for d in diagnostics.warnings if d.code == "acronym-ambiguous"]
    assert ambiguous.path.endswith("03.md") and ambiguous.line == 3


def test_rewriting_keeps_the_text(tmp_path):
    run = [Text("Before "), CodeSpan("QUAD"), Text(" the QUADs and R&D, (QUAD).")]
    never = dataclasses.replace(THEME, glossary=dataclasses.replace(THEME.glossary, first_use="none"))
    folder = write_sources(tmp_path / "src", {"glossary.yaml": GLOSSARY, "01.md": "# One\n\nx\n"})
    diagnostics = Diagnostics()
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    book.chapters[0].blocks.append(Paragraph(run, Location(folder / "01.md", 3)))
    expand_acronyms(book, never, BuildOptions(), diagnostics)
    assert plain_text(run) == "Before QUAD the QUADs and R&D, (QUAD)."
    assert [(n.acronym, n.written) for n in acronym_nodes(run)] == [
        ("QUAD", "QUADs"),
        ("R&D", "R&D"),
        ("QUAD", "QUAD"),
    ]
    assert isinstance(run[1], CodeSpan)


def test_inline_run_is_the_blocks_own_list(tmp_path):
    from handbook.enrich.inline_runs import chapter_runs

    book, _ = enrich(tmp_path, {"01.md": "# One\n\nThe QUAD.\n"})
    (run,) = list(chapter_runs(book.chapters[0]))
    assert isinstance(run, InlineRun) and run.inlines is paragraphs(book)[0].children


def test_a_use_at_the_start_of_a_source_line_is_found(tmp_path):
    book, _ = enrich(tmp_path, {"01.md": "# One\n\nThe dialogue of four,\nQUAD, met; then\nR&D\n"})
    (para,) = paragraphs(book)
    assert [n.acronym for n in acronym_nodes(para.children)] == ["QUAD", "R&D"]
    assert plain_text(para.children) == (
        "The dialogue of four, Quadrilateral Security Dialogue (QUAD), met; "
        "then Research and Development (R&D)"
    )
