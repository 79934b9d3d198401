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
    assert off_page_or_overlapping(sample_book(style=style).path) == []


def test_the_outline_lists_every_chapter_and_back_matter_part(built):
    titles = [title for depth, title, _ in outline(built[0]) if depth == 0]
    chapters = sorted(p for p in SAMPLE.glob("*.md") if not is_translation(p))  # NN-slug.hi.md: --lang hi
    assert len([t for t in titles if t[0].isdigit()]) == len(chapters)
    assert titles[-3:] == ["Answer Key", "Glossary of Acronyms", "Syllabus Index"]
