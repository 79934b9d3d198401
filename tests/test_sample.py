"""The sample handbook in chapters/, built as `make` builds it, checked as a print shop would."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from handbook.sources.languages import is_translation
from pdffacts import STANDARD_14, fonts, off_page_or_overlapping, outline


@pytest.fixture(params=["default", "print-bw", "a5-booklet"])
def built(request, sample_book):
    book = sample_book(style=request.param)
    return book.path, book.result


def test_every_font_is_embedded_and_none_is_a_standard_14_font(built):
    found = fonts(built[0])
    assert found and all(found.values()), found
    assert not set(found) & STANDARD_14


# print-bw changes only colours: its words stand where default's do (their boxes were equal when
# this was written). The fast suite reads default's words (a5-booklet's text block: the fast
# a5-booklet cases of test_long_urls.py and test_practice_test.py); `make test-all` all three.
@pytest.mark.parametrize(
    "style", ["default", *(pytest.param(s, marks=pytest.mark.slow) for s in ("a5-booklet", "print-bw"))]
)
def test_no_words_overlap_or_leave_the_page(sample_book, style):
    book = sample_book(style=style)
    assert off_page_or_overlapping(book.path, words=book.words) == []


def test_the_outline_lists_every_chapter_and_back_matter_part(built):
    titles = [title for depth, title, _ in outline(built[0]) if depth == 0]
    chapters = sorted(p for p in SAMPLE.glob("*.md") if not is_translation(p))  # NN-slug.hi.md: --lang hi
    assert len([t for t in titles if t[0].isdigit()]) == len(chapters)
    assert titles[-3:] == ["Answer Key", "Glossary of Acronyms", "Syllabus Index"]


def test_a5_booklet_pages_are_blank_only_before_a_chapter(sample_book):
    """Issue 27: the A5 booklet left 4 of 29 pages blank. A blank page is allowed only where the
    recto rule puts one: before a chapter that opens on a right-hand page; the answer key,
    glossary and index follow on the next page."""
    book = sample_book(style="a5-booklet")
    path = book.path
    blank = [index for index, (_, _, words) in enumerate(book.words) if not words]
    openings = {page for depth, title, page in outline(path) if depth == 0 and title[0].isdigit()}
    assert blank, "the contents end on a right-hand page: chapter 1 needs a blank verso before it"
    assert all(index + 1 in openings and (index + 1) % 2 == 0 for index in blank), (blank, openings)
    back = [page for depth, title, page in outline(path) if title in ("Answer Key", "Glossary of Acronyms")]
    assert all(page - 1 not in blank for page in back)


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
def test_every_word_keeps_to_the_wide_area(sample_book, style):
    """Running text keeps to the text block and wide blocks (tables, mind maps, questions) to the
    wide area beside it (layout/wide.py): no word of the sample reaches past the wide area's
    outer edge or into the binding margin, on either side of the spread."""
    from handbook.errors import Diagnostics
    from handbook.theme import load_theme_into

    page = load_theme_into(style, Diagnostics()).page
    outer = min(page.margin_outer, page.wide_margin_outer)
    crossing = []
    for index, (width, _, words) in enumerate(sample_book(style=style).words):
        if index < 2:
            continue  # the title page and its back: centred on the trim (test_pages)
        left, right = (
            (page.margin_inner, width - outer) if index % 2 == 0 else (outer, width - page.margin_inner)
        )
        crossing += [(index + 1, w["text"]) for w in words if w["x0"] < left - 0.5 or w["x1"] > right + 0.5]
    assert not crossing, crossing[:10]
