"""Keeps (issue 27): a paragraph that crosses a page leaves at least two lines on each side
(no orphan at the foot, no widow at the top; a paragraph of two or three lines moves whole),
and a page does not end in a hyphen when moving one line to the next page avoids it.

Generated paragraphs (long, hyphenable words among short ones) are set in frames of random
heights with the body style, and the PDF is read back line by line with positions: each line
is traced to its paragraph by the words it holds, in order."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from handbook.layout.fonts import register_fonts
from handbook.layout.paragraph import Paragraph
from handbook.layout.rlcompat import handbook_reportlab
from handbook.layout.styles import paragraph_style
from handbook.theme import load_theme
from pdffacts import page_texts

THEME = load_theme("default")
WORDS = (
    "the interoperability of telecommunications standardisation across maritime "
    "counterbalancing arrangements and intergovernmental consultations on cybersecurity "
    "a new rail line will cut the trip between two cities to about two hours officials "
    "say the plan is on track critics point to land and cost overruns"
).split()
MARGIN = 20


def set_pages(paragraphs: list[list[str]], lines_per_page: int, width: float) -> bytes:
    register_fonts(THEME)
    style = paragraph_style(THEME, "body")
    height = lines_per_page * style.leading + 0.5
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=(width + 2 * MARGIN, height + 2 * MARGIN))
    frame = Frame(MARGIN, MARGIN, width, height, 0, 0, 0, 0, id="text")
    doc.addPageTemplates([PageTemplate("page", [frame])])
    with handbook_reportlab():
        doc.build([Paragraph(" ".join(words), style) for words in paragraphs])
    return out.getvalue()


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, top to bottom. pypdf's text, a line for each line the
    paragraph set (one frame, one column): the same lines as pdfplumber's extract_text_lines
    on the sweep's nine books, at a tenth of the CPU time."""
    return [
        [line.strip() for line in text.split("\n") if line.strip()] for text in page_texts(io.BytesIO(pdf))
    ]


def traced_lines(pdf: bytes, paragraphs: list[list[str]]) -> list[tuple[int, int, str]]:
    """(page, paragraph, text) of every line, top to bottom: a line's first word (or the tail
    of the word hyphenated on the line before) tells its paragraph."""
    words = [(number, word) for number, paragraph in enumerate(paragraphs) for word in paragraph]
    at, pending, out = 0, "", []
    for page_number, lines in enumerate(page_lines(pdf), start=1):
        for text in lines:
            out.append((page_number, words[at][0], text))
            for token in text.split():
                if token.endswith("-") and not words[at][1].endswith("-"):
                    pending += token[:-1]  # a hyphenated head: the word goes on
                    continue
                assert pending + token == words[at][1], (pending + token, words[at])
                pending, at = "", at + 1
    assert at == len(words) and not pending, "every word set once, in order"
    return out


def check_pages(lines: list[tuple[int, int, str]]) -> int:
    """Asserts the keeps; returns how many paragraphs crossed a page."""
    pieces: list[list] = []  # [paragraph, page, its lines on that page]
    for page, paragraph, text in lines:
        if pieces and pieces[-1][:2] == [paragraph, page]:
            pieces[-1][2].append(text)
        else:
            pieces.append([paragraph, page, [text]])
    crossed = 0
    for before, after in zip(pieces, pieces[1:]):
        if before[0] != after[0]:
            continue
        crossed += 1
        assert len(before[2]) >= 2, (
            f"orphan: one line of paragraph {before[0]} at the foot of page {before[1]}"
        )
        assert len(after[2]) >= 2, f"widow: one line of paragraph {after[0]} at the top of page {after[1]}"
        foot = before[2]
        if foot[-1].endswith("-"):
            # Allowed only where moving one line on would leave one line, or end in a hyphen too.
            assert len(foot) == 2 or foot[-2].endswith("-"), (
                f"page {before[1]} ends in a hyphen: {foot[-1]!r}"
            )
    return crossed


paragraph_words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=110)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(paragraph_words, min_size=2, max_size=7),
    st.integers(min_value=4, max_value=24),
    st.sampled_from([300.0, 330.0, 420.0]),
)
def test_no_widow_no_orphan_no_hyphen_at_a_page_foot(paragraphs, lines_per_page, width):
    check_pages(traced_lines(set_pages(paragraphs, lines_per_page, width), paragraphs))


def sweep(width: float = 330.0) -> int:
    """Long paragraphs over page heights from 4 to 30 lines: how many crossed a page."""
    paragraphs = [random.Random(k).choices(WORDS, k=90) for k in range(6)]
    crossed = 0
    for lines_per_page in range(4, 31, 3):
        crossed += check_pages(traced_lines(set_pages(paragraphs, lines_per_page, width), paragraphs))
    return crossed


def test_the_sweep_crosses_pages_with_every_rule_checked():
    assert sweep() > 20  # the rules above were tried on many page feet


# --- a heading keeps two lines of what follows, when that is a list of one-line items -------

HEADING_FILLERS = [
    pytest.param([10], id="at-the-foot"),
    pytest.param(list(range(8, 22)), id="sweep", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("fillers", HEADING_FILLERS)
def test_a_heading_keeps_two_lines_of_a_list_of_one_line_items(make_book, fillers):
    from bookgen import chapter
    from test_flow import body_lines

    items = "\n".join(f"- Item {n} is short." for n in range(12))
    for filler in fillers:  # 10: the heading and one item fitted at the foot of page 5
        built = make_book({"01-a.md": chapter("Lists", [3] * filler) + f"\n## Late heading\n\n{items}\n"})
        pages = body_lines(built.path)
        page = next(lines for lines in pages if "Late heading" in lines)
        after = page[page.index("Late heading") + 1 :]
        assert len(after) >= 2 and after[0] == "• Item 0 is short.", (filler, after)


# --- no lone short word on a paragraph's last line where the paragraph can be reset ----------


def lone_short_last_words(seeds=range(1), widths=(300.0, 330.0)) -> tuple[int, int]:
    """(paragraphs of two lines or more, those whose last line is one word shorter than
    linebreak.SHORT_WORD of the measure) over generated paragraphs in columns of `widths`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handbook.layout import linebreak

    style = paragraph_style(THEME, "body")
    counted = lone = 0
    for seed in seeds:
        paragraphs = [random.Random(seed * 1000 + k).choices(WORDS, k=15 + (k * 37) % 75) for k in range(40)]
        for width in widths:
            lines: dict[int, list[str]] = {}
            for _, paragraph, text in traced_lines(set_pages(paragraphs, 80, width), paragraphs):
                lines.setdefault(paragraph, []).append(text)
            for texts in lines.values():
                if len(texts) < 2:
                    continue
                counted += 1
                last = texts[-1].split()
                short = stringWidth(texts[-1], style.fontName, style.fontSize) < linebreak.SHORT_WORD * width
                lone += len(last) == 1 and short
    return counted, lone


def test_a_last_line_of_one_short_word_is_avoided_where_the_paragraph_can_be_reset():
    counted, lone = lone_short_last_words()
    assert counted >= 70
    # (4 of these 80 ended in one short word when a hyphen cost more than such a last line.)
    # A rare paragraph cannot be reset without a line looser than the breaker allows.
    assert lone <= 1, (lone, counted)
