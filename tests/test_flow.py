"""How text breaks across pages: no heading at a page foot, no single line of a paragraph at
the foot or the top of a page, headings not pushed on when their text can start, table
headers never alone."""

from __future__ import annotations

import re

import pdfplumber
import pypdfium2
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bookgen import book, chapter, paragraph
from handbook.theme import load_theme

THEME = load_theme("default")
FIRST_BODY_PAGE = 5  # title, blank, contents, blank (one page of contents in these books)
PARAGRAPH_START = re.compile(r"(?:• )?[PL]\d+ ")


def body_lines(pdf_path) -> list[list[str]]:
    """The lines of text inside the text block of each page (running heads and folios left out);
    none for the front matter, whose contents lines would look like headings. pdfium's text of
    the text block's rectangle: the same lines as pdfplumber's extract_text_lines inside it on
    every book of this module (lists, tables, headings at the foot), at a thirtieth of the CPU."""
    _, height = THEME.page_size()
    top, bottom = THEME.page.margin_top - 1, height - THEME.page.margin_bottom + 1
    pages: list[list[str]] = []
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for index in range(len(document)):
            if index + 1 < FIRST_BODY_PAGE:
                pages.append([])
                continue
            page = document[index]
            width, page_height = page.get_size()  # pdfium's rectangles run up from the foot
            text = page.get_textpage().get_text_bounded(0, page_height - bottom, width, page_height - top)
            pages.append([line.strip() for line in text.splitlines() if line.strip()])
    finally:
        document.close()
    return pages


def paragraph_pieces(pages: list[list[str]]):
    """(paragraph id, page index, lines on that page) for every paragraph, in order. A line that
    starts with a marker (P12, L3) starts a paragraph; a line after a heading belongs to none."""
    pieces, current = [], None
    for index, lines in enumerate(pages):
        for line in lines:
            marker = PARAGRAPH_START.match(line)
            if marker:
                current = line.split()[0] if not line.startswith("•") else line.split()[1]
                pieces.append([current, index, 1])
            elif line.startswith(("Section ", "Chapter ", "Topic ")) or current is None:
                current = None
            elif pieces and pieces[-1][0] == current and pieces[-1][1] == index:
                pieces[-1][2] += 1
            else:  # the paragraph continues on a new page
                pieces.append([current, index, 1])
    return pieces


def assert_no_single_lines_or_stranded_headings(pdf_path, pages: list[list[str]] | None = None) -> int:
    """Returns how many paragraphs cross a page (each with two lines or more on either side).
    `pages`: the PDF's body_lines, where the caller has them already."""
    pages = body_lines(pdf_path) if pages is None else pages
    assert any(pages), "no text found in the text block of any page"
    for index, lines in enumerate(pages):
        if lines:
            assert not lines[-1].startswith("Section "), f"heading at the foot of page {index + 1}"
    pieces = paragraph_pieces(pages)
    by_paragraph: dict[str, list] = {}
    for name, page, count in pieces:
        by_paragraph.setdefault(name, []).append((page, count))
    assert by_paragraph, "no paragraph markers found: the book's text is not read as paragraphs"
    split = [(name, parts) for name, parts in by_paragraph.items() if len(parts) > 1]
    for name, parts in split:  # split across pages: at least two lines on each side
        assert all(count >= 2 for _, count in parts), (name, parts)
    return len(split)


# Each example builds a PDF: no shrinking (a failure still prints its example).
FAST = dict(
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
sizes = st.lists(st.integers(min_value=1, max_value=7), min_size=8, max_size=22)


@pytest.mark.slow  # whole builds of random books: `make test-all`
@settings(max_examples=12, deadline=None, **FAST)
@given(sizes, st.integers(min_value=1, max_value=3))
def test_no_heading_at_a_page_foot_and_no_single_line_at_a_page_top_or_foot(
    make_book, paragraph_sizes, every
):
    built = make_book(book([paragraph_sizes], headings_every=every))
    assert_no_single_lines_or_stranded_headings(built.path)


# Offsets from the number of two-sentence fillers that fill the chapter's first page: the fast
# suite builds the books just around that page foot, `make test-all` a wider sweep.
AROUND_THE_FOOT = range(-2, 3)
SWEEP = range(-4, 9)
PROBE_FILLERS = 60  # more two-sentence paragraphs than any page design fits on one page


def fillers_on_the_first_page(build_book) -> int:
    """How many two-sentence paragraphs start on the chapter's first page, measured on a book
    laid out with the theme's page geometry (text size, leading, measure, block height), so the
    fillers reach the page foot whatever the design (constants tuned to the 10.5 pt / 165 mm
    page stopped short of the foot of the 11/15 pt / 128 mm one, which fits 10)."""
    built = build_book(book([[2] * PROBE_FILLERS], headings_every=PROBE_FILLERS))
    pages = body_lines(built.path)
    first = next(index for index, lines in enumerate(pages) if lines)
    starts = [line for line in pages[first] if PARAGRAPH_START.match(line)]
    assert 2 < len(starts) < PROBE_FILLERS, starts
    return len(starts)


def books_near_the_foot(build_book, offsets: range):
    """(fillers, book, body lines) for one chapter of `fillers` two-sentence paragraphs under
    `## Section 1`, then `## Section 2` and a paragraph of 14 sentences, which no page holds
    whole: Section 2 comes near the foot of the chapter's first page, above or below it."""
    foot = fillers_on_the_first_page(build_book)
    for offset in offsets:
        fillers = foot + offset
        built = build_book(book([[2] * fillers + [14]], headings_every=fillers))
        yield fillers, built, body_lines(built.path)


@pytest.fixture(scope="module")
def around_the_foot(shared_book):
    """books_near_the_foot for the fast suite's offsets, built once for this module's tests."""
    return list(books_near_the_foot(shared_book, AROUND_THE_FOOT))


def test_a_heading_stays_when_two_lines_of_its_text_fit_below_it(around_the_foot):
    """Regression: reportlab moves a heading to the next page whenever the whole paragraph after
    it does not fit. Where two lines of it fit, the heading stays at the page foot with them, its
    paragraph running on to the next page; it is never left with fewer than two lines."""
    stayed_and_split = []
    for fillers, built, pages in around_the_foot:
        section = f"P{fillers + 1}"  # Section 2's paragraph
        heading_page = next(i for i, lines in enumerate(pages) if "Section 2" in lines)
        lines = pages[heading_page]
        after = lines[lines.index("Section 2") + 1 :]
        assert after and after[0].startswith(section + " "), (fillers, "its text starts on its page")
        assert len(after) >= 2, (fillers, after)
        below_text = lines.index("Section 2") > 0
        next_page = pages[heading_page + 1] if heading_page + 1 < len(pages) else []
        runs_on = bool(next_page) and not re.match(r"Section |Chapter ", next_page[0])
        runs_on = runs_on and not PARAGRAPH_START.match(next_page[0])
        if below_text and runs_on:
            stayed_and_split.append(fillers)
        assert_no_single_lines_or_stranded_headings(built.path, pages)
    # The case the rule is for: the heading below other text on its page (not opening a page,
    # where it would stay whatever the rule), the start of its paragraph under it, the rest on
    # the next page. Without one such book the test would prove nothing.
    assert stayed_and_split, "no heading stayed above a split paragraph: the fillers miss the page foot"


def test_headings_near_the_foot_take_their_text_with_them_not_the_page(around_the_foot):
    """Regression: reportlab moves a heading to the next page whenever the whole paragraph
    after it does not fit; the heading must only move when not even two lines fit."""
    assert_headings_move_only_without_room(around_the_foot)


@pytest.mark.slow  # 13 more books: `make test-all`
def test_headings_near_the_foot_take_their_text_with_them_over_a_wider_sweep(make_book):
    assert_headings_move_only_without_room(list(books_near_the_foot(make_book, SWEEP)))


def assert_headings_move_only_without_room(books) -> None:
    moved, moved_with_room = [], []
    for fillers, built, pages in books:
        for index, lines in enumerate(pages[:-1]):
            if lines and pages[index + 1] and pages[index + 1][0].startswith("Section "):
                # A heading opens the next page: there must not have been room for it and two lines.
                moved.append((fillers, index))
                if _room_left(built, index) > ROOM_FOR_HEADING_AND_TWO_LINES + THEME.text.body.leading:
                    moved_with_room.append((fillers, index))
    assert moved, "no heading opened a page: the fillers no longer test the page foot"
    assert moved_with_room == []


H1, BODY = THEME.text.h1, THEME.text.body
ROOM_FOR_HEADING_AND_TWO_LINES = H1.space_before + H1.leading + H1.space_after + 2 * BODY.leading


def _room_left(built, page_index) -> float:
    _, height = THEME.page_size()
    with pdfplumber.open(built.path) as pdf:
        words = [
            w
            for w in pdf.pages[page_index].extract_words()
            if THEME.page.margin_top <= w["top"] <= height - THEME.page.margin_bottom
        ]
    return height - THEME.page.margin_bottom - max(w["bottom"] for w in words)


def long_list(items: int) -> str:
    return "\n".join(f"- {paragraph(100 + n, 1 + n % 4).replace('P', 'L', 1)}" for n in range(items))


def assert_list_items_split_with_two_lines_on_each_page(make_book, filler: int):
    """A long list after `filler` - 1 paragraphs of three sentences."""
    built = make_book({"01-lists.md": chapter("Lists", [3] * (filler - 1)) + "\n" + long_list(30)})
    return assert_no_single_lines_or_stranded_headings(built.path)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, **FAST)
@given(st.integers(min_value=4, max_value=20))
def test_list_items_split_only_with_two_lines_on_each_page(make_book, filler):
    assert_list_items_split_with_two_lines_on_each_page(make_book, filler)


def long_table(rows: int) -> str:
    lines = ["| Exercise | Service | Year |", "|---|---|---|"]
    lines += [f"| Exercise {n} | {'Navy' if n % 2 else 'Army'} | {2000 + n} |" for n in range(1, rows + 1)]
    return "\n".join(lines)


def assert_table_header_never_alone_at_a_page_foot(make_book, filler: int):
    """A 60-row table after `filler` - 1 paragraphs of three sentences."""
    built = make_book({"01-tables.md": chapter("Tables", [3] * (filler - 1)) + "\n" + long_table(60) + "\n"})
    pages = body_lines(built.path)
    header_pages = [i for i, lines in enumerate(pages) if "Exercise Service Year" in lines]
    assert len(header_pages) >= 2  # the table runs on, its header repeated
    for index in header_pages:
        lines = pages[index]
        after = lines[lines.index("Exercise Service Year") + 1 :]
        assert after and after[0].startswith("Exercise "), f"header alone at the foot of page {index + 1}"
    rows = [line.split()[1] for lines in pages for line in lines if re.match(r"Exercise \d+ ", line)]
    assert rows == [str(n) for n in range(1, 61)]  # every row once, in order


@pytest.mark.slow
@settings(max_examples=8, deadline=None, **FAST)
@given(st.integers(min_value=10, max_value=24))
def test_a_table_header_is_never_alone_at_a_page_foot(make_book, filler):
    assert_table_header_never_alone_at_a_page_foot(make_book, filler)


def test_a_list_and_a_table_split_by_the_rules_after_one_amount_of_filler(make_book):
    """The two properties above, for the fast suite: one example each."""
    assert assert_list_items_split_with_two_lines_on_each_page(make_book, 8) > 0, (
        "nothing crossed a page: the example tests no split"
    )
    assert_table_header_never_alone_at_a_page_foot(make_book, 17)
