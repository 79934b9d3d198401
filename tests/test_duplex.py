"""Two-sided pages: chapters on right-hand pages, blank versos only where needed, mirrored
margins, running heads and feet as the theme says, roman front matter and arabic body."""

from __future__ import annotations

import functools
import os

import pdfplumber
import pytest

from bookgen import book
from handbook.theme import UNITS, load_theme

MM = UNITS["mm"]
# Chapters of 1 short page, of several pages, of exactly... whatever lengths come out; the
# tests compute what is needed from where each chapter's text ends.
LENGTHS = [[[2]], [[4] * 14], [[4] * 14, [2]], [[2], [2], [4] * 25, [3] * 6]]


def last_page_with(built, needle: str, first: int, before: int) -> int:
    """1-based number of the last page in [first, before) whose text contains needle."""
    pages = [i for i, text in enumerate(built.pages, start=1) if needle in text and first <= i < before]
    assert pages, needle
    return pages[-1]


@pytest.mark.parametrize("sizes", LENGTHS, ids=["one", "long", "long+short", "mixed"])
def test_chapters_open_on_odd_pages_with_blanks_only_where_needed(make_book, sizes):
    built = make_book(book(sizes))
    record = built.result.record
    starts = [built.page_of(f"Chapter {n}\nTopic {n}") + 1 for n in range(1, len(sizes) + 1)]
    assert starts == record.chapter_starts
    assert all(start % 2 == 1 for start in starts)
    # Each chapter ends where its last paragraph ends: the page where that paragraph opens, or
    # the next one when it runs over the page foot (with 11/15 pt on a 128 mm block a four-
    # sentence paragraph often does). The pages between that and the next chapter are blank,
    # and there is one exactly when the chapter ended on an odd page.
    expected_blanks = []
    for number, start in enumerate(starts[1:], start=1):
        last_paragraph = f"P{len(sizes[number - 1])} "
        end = last_page_with(built, last_paragraph, starts[number - 1], start)
        if end + 1 < start and built.pages[end].strip():
            end += 1  # the last paragraph's lines continue on this page
        assert start - end in (1, 2), (number, end, start)
        if start - end == 2:
            assert end % 2 == 1
            expected_blanks.append(end + 1)
    assert [page for page in record.blank_pages if page > starts[0]] == expected_blanks
    # In the front matter too, a blank page is a verso just before a part that opens on a recto.
    contents = built.page_of("Contents") + 1
    assert contents % 2 == 1
    for page in record.blank_pages:
        assert page % 2 == 0 and page + 1 in [contents, *starts]
    for page in record.blank_pages:  # no running head, no folio, nothing
        assert built.pages[page - 1].strip() == ""


def test_front_matter_roman_and_body_arabic(make_book):
    built = make_book(book([[4] * 14, [2]]))
    labels = built.reader.page_labels
    first = built.result.record.chapter_starts[0]
    assert labels[: first - 1] == ["i", "ii", "iii", "iv"][: first - 1]
    assert labels[first - 1 :] == [str(n) for n in range(1, len(labels) - first + 2)]
    # The printed folios: roman on the contents page, arabic in the body.
    theme = load_theme("default")
    assert [w["text"] for w in header_and_footer(built.path, 2, theme)[1]] == ["iii"]
    assert [w["text"] for w in header_and_footer(built.path, first, theme)[1]] == ["2"]


def text_lines(pdf_path, page_index: int, theme):
    """(x0, x1, top) of each line of body text on a page, header and footer excluded."""
    _, height = theme.page_size()
    page_top, page_bottom = theme.page.margin_top, height - theme.page.margin_bottom
    with pdfplumber.open(pdf_path) as pdf:
        words = pdf.pages[page_index].extract_words()
    return [w for w in words if page_top - 1 <= w["top"] and w["bottom"] <= page_bottom + 1]


def test_mirrored_margins_follow_the_theme(make_book):
    theme = load_theme("default")
    built = make_book(book([[4] * 30]))
    width, _ = theme.page_size()
    first = built.result.record.chapter_starts[0]
    recto, verso = first + 2, first + 1  # full body pages (physical, 1-based)
    for page, left_margin, right_margin in (
        (recto, theme.page.margin_inner, theme.page.margin_outer),
        (verso, theme.page.margin_outer, theme.page.margin_inner),
    ):
        words = text_lines(built.path, page - 1, theme)
        left = min(w["x0"] for w in words)
        right = max(w["x1"] for w in words)
        assert left == pytest.approx(left_margin, abs=0.5)
        # Justified text reaches the right edge of the text block.
        assert right == pytest.approx(width - right_margin, abs=1.0)
    # Issue 27: a 128 mm measure (11 pt, about 77 characters a line), narrowed on the outer
    # side, where wide blocks may still reach to 20 mm from the edge (the old 165 mm).
    assert width - theme.page.margin_inner - theme.page.margin_outer == pytest.approx(128 * MM)
    assert width - theme.page.margin_inner - theme.page.wide_margin_outer == pytest.approx(165 * MM)


def words_in_band(pdf_path, page_index, low, high):
    words, width = _page_words(str(pdf_path), page_index, os.stat(pdf_path).st_mtime_ns)
    return [w for w in words if low <= w["top"] < high], width


@functools.lru_cache(maxsize=16)
def _page_words(pdf_path: str, page_index: int, _version: int) -> tuple[list[dict], float]:
    """A page's words, extracted once for its head and its foot (each a page's extraction)."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_index]
        return page.extract_words(), page.width


def header_and_footer(pdf_path, page_index, theme):
    _, height = theme.page_size()
    head, width = words_in_band(pdf_path, page_index, 0, theme.page.margin_top)
    foot, _ = words_in_band(pdf_path, page_index, height - theme.page.margin_bottom, height)
    return head, foot, width


def test_running_heads_book_title_left_chapter_title_right(make_book):
    theme = load_theme("default")
    built = make_book(book([[4] * 30]))
    first = built.result.record.chapter_starts[0]
    opening_head, opening_foot, _ = header_and_footer(built.path, first - 1, theme)
    assert opening_head == [] and [w["text"] for w in opening_foot] == ["1"]
    verso_head, verso_foot, width = header_and_footer(built.path, first, theme)
    recto_head, recto_foot, _ = header_and_footer(built.path, first + 1, theme)
    assert " ".join(w["text"] for w in verso_head) == "India and Japan"
    assert " ".join(w["text"] for w in recto_head) == "Topic 1"
    # Outer edges: the left of a verso, the right of a recto; of the wide area, which the
    # running head and foot span (layout/wide.py).
    outer = theme.page.wide_margin_outer
    assert verso_head[0]["x0"] == pytest.approx(outer, abs=0.5)
    assert verso_foot[0]["text"] == "2" and verso_foot[0]["x0"] == pytest.approx(outer, abs=0.5)
    assert recto_head[-1]["x1"] == pytest.approx(width - outer, abs=0.5)
    assert recto_foot[0]["text"] == "3" and recto_foot[0]["x1"] == pytest.approx(width - outer, abs=0.5)


CUSTOM_HEADS = """
page:
  header: {verso: chapter_title, recto: book_title, align: inner}
  footer: {verso: folio, recto: folio, align: center}
"""


def test_header_and_footer_content_come_from_the_theme(make_book):
    built = make_book(book([[4] * 30], extra={"heads.yaml": CUSTOM_HEADS}), style="heads.yaml")
    theme = load_theme("default")
    first = built.result.record.chapter_starts[0]
    verso_head, verso_foot, width = header_and_footer(built.path, first, theme)
    recto_head, _, _ = header_and_footer(built.path, first + 1, theme)
    assert " ".join(w["text"] for w in verso_head) == "Topic 1"
    assert " ".join(w["text"] for w in recto_head) == "India and Japan"
    # Inner edge of a verso is its right; the folio is centred on the wide area (the text
    # block and the outer margin's share that wide blocks take).
    assert verso_head[-1]["x1"] == pytest.approx(width - theme.page.margin_inner, abs=0.5)
    middle = (theme.page.wide_margin_outer + width - theme.page.margin_inner) / 2
    assert (verso_foot[0]["x0"] + verso_foot[0]["x1"]) / 2 == pytest.approx(middle, abs=0.5)


def test_one_sided_books_have_no_blank_pages_and_equal_margins(make_book):
    built = make_book(
        book([[2], [2], [2]], extra={"simplex.yaml": "page: {duplex: false}\n"}), style="simplex.yaml"
    )
    record = built.result.record
    assert record.blank_pages == []
    first = record.chapter_starts[0]
    assert record.chapter_starts == [first, first + 1, first + 2]  # one page each, none left blank
    theme = load_theme("default")
    lefts = {round(min(w["x0"] for w in text_lines(built.path, p - 1, theme))) for p in record.chapter_starts}
    assert lefts == {round(theme.page.margin_inner)}


def test_blank_page_wording_is_printed_when_the_theme_asks(make_book):
    built = make_book(
        book([[2], [2]], extra={"words.yaml": "words: {blank_page: This page is blank.}\n"}),
        style="words.yaml",
    )
    blanks = built.result.record.blank_pages
    assert blanks
    assert all(built.pages[p - 1].strip() == "This page is blank." for p in blanks)
