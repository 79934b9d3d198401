"""A glossary link records the page of its use as it is drawn (layout/paragraph.py): once per
use, on the page where the use's text starts, however it breaks across lines and pages (a use
going on onto the next line or page is not a second use)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from conftest import examples
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from handbook.layout.inline import ACRONYM_CALLBACK, ACRONYM_OF_LINK
from handbook.layout.paragraph import Paragraph

LONG = "Quadrilateral Security Dialogue (QUAD)"


def pages(paragraphs: list[list[str]], height: float) -> tuple[list, dict]:
    """(page and acronym of each use recorded, in drawing order; the pages each use's link
    is drawn on). Each use is its own acronym, U0, U1, ..., so its link is its own."""
    recorded: list = []
    drawn_on: dict = {}
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    story = []
    uses = 0
    for words in paragraphs:
        out = []
        for word in words:
            if word in ("LONG", "SHORT"):
                acronym = f"U{uses}"
                uses += 1
                ACRONYM_OF_LINK[f"#acr-{acronym}"] = acronym
                story.append(Paragraph(f'<a name="acr-{acronym}"/>', style))
                out.append(f'<a href="#acr-{acronym}">{LONG if word == "LONG" else acronym}</a>')
            else:
                out.append(word)
        story.append(Paragraph(" ".join(out), style))

    def on_first(canvas, doc):
        canvas.setNamedCB(
            ACRONYM_CALLBACK, lambda c, kind, label: recorded.append((c.getPageNumber(), label))
        )
        link_rect = canvas.linkRect

        def drawn(contents, dest, *args, **kwargs):
            drawn_on.setdefault(dest[4:], []).append(canvas.getPageNumber())
            return link_rect(contents, dest, *args, **kwargs)

        canvas.linkRect = drawn

    doc = SimpleDocTemplate(
        io.BytesIO(), pagesize=(160, height), leftMargin=10, rightMargin=10, topMargin=10, bottomMargin=10
    )
    doc.build(story, onFirstPage=on_first, onLaterPages=lambda c, d: None)
    return recorded, drawn_on


WORD = st.sampled_from(["LONG", "SHORT", "the", "members", "met", "in", "Tokyo", "again,"])


@settings(max_examples=examples(60, fast=20), deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=40), min_size=1, max_size=6), st.integers(56, 140))
def test_each_use_is_recorded_once_on_the_page_where_it_starts(paragraphs, height):
    recorded, drawn_on = pages(paragraphs, height)
    assert sorted(label for _, label in recorded) == sorted(drawn_on)  # each use, once
    assert dict((label, page) for page, label in recorded) == {u: on[0] for u, on in drawn_on.items()}


def test_a_use_split_across_a_page_break_lists_the_page_where_it_starts():
    # The long form wraps over several 140-point lines; with two lines to a page, it starts on
    # one page and ends on the next for some number of words before it.
    split = 0
    for before in range(0, 12):
        recorded, drawn_on = pages([["met"] * before + ["LONG", "met"]], 56)
        assert recorded == [(drawn_on["U0"][0], "U0")], before
        split += len(set(drawn_on["U0"])) > 1
    assert split  # (some did start on one page and end on the next)


def test_a_paragraph_that_is_one_use_records_it():
    recorded, _ = pages([["SHORT"], ["SHORT"], ["LONG"]], 400)
    assert recorded == [(1, "U0"), (1, "U1"), (1, "U2")]
