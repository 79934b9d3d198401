"""Saddle-stitch booklets: page order on each half-sheet, padding, sheet size."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen.canvas import Canvas

from bookgen import book
from handbook.output.imposition import impose_booklet, padded_count, saddle_stitch_order


def numbered_pdf(pages: int, size=A5) -> bytes:
    """A PDF whose page n says 'page n' and nothing else."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawCentredString(size[0] / 2, size[1] / 2, f"page {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def half_sheets(pdf: bytes) -> list[tuple[str, str]]:
    """The text of the left and right half of each sheet."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as booklet:
        for sheet in booklet.pages:
            middle = sheet.width / 2
            left = sheet.crop((0, 0, middle, sheet.height)).extract_text().strip()
            right = sheet.crop((middle, 0, sheet.width, sheet.height)).extract_text().strip()
            out.append((left, right))
    return out


def label(number):
    return f"page {number}" if number else ""


# Front and back of each sheet, from the outside in: (left, right); None for padding.
EXPECTED = {
    4: [(4, 1), (2, 3)],
    8: [(8, 1), (2, 7), (6, 3), (4, 5)],
    13: [(None, 1), (2, None), (None, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)],
}


@pytest.mark.parametrize("pages", sorted(EXPECTED))
def test_half_sheets_hold_the_pages_in_saddle_stitch_order(pages):
    booklet = impose_booklet(numbered_pdf(pages))
    assert half_sheets(booklet) == [(label(left), label(right)) for left, right in EXPECTED[pages]]


def test_sheets_are_twice_the_page_a5_on_a4_landscape():
    with pdfplumber.open(io.BytesIO(impose_booklet(numbered_pdf(13)))) as booklet:
        assert len(booklet.pages) == 8  # 16 pages, four to a sheet, two sides each
        for sheet in booklet.pages:
            assert (sheet.width, sheet.height) == pytest.approx((A4[1], A4[0]), abs=0.1)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=200))
def test_every_page_once_and_facing_pages_fold_together(pages):
    total = padded_count(pages)
    assert total % 4 == 0 and max(pages, 4) <= total < max(pages, 4) + 4
    sides = saddle_stitch_order(pages)
    placed = [n for side in sides for n in side if n is not None]
    assert sorted(placed) == list(range(1, pages + 1))
    # The padded book's order is the same, with its padding pages in the None places.
    full = saddle_stitch_order(total)
    assert sides == [tuple(n if n <= pages else None for n in side) for side in full]
    for sheet in range(total // 4):
        (front_left, front_right), (back_left, back_right) = full[2 * sheet], full[2 * sheet + 1]
        # Either side of the fold, pages add up to total + 1; a recto backs onto the next page.
        assert front_left + front_right == back_left + back_right == total + 1
        assert front_right % 2 == 1 and back_left == front_right + 1
        assert front_right == 2 * sheet + 1  # sheets nest from the outside in


def test_build_with_booklet_writes_the_imposed_file(make_book):
    built = make_book(book([[3] * 10, [2], [2]]), style="a5-booklet", booklet=True)
    booklet_path = built.path.with_name(f"{built.path.stem}-booklet.pdf")
    assert built.result.extra_outputs == [booklet_path]
    pages = len(built.pages)
    with pdfplumber.open(booklet_path) as booklet:
        assert len(booklet.pages) == padded_count(pages) // 2
        sheet = booklet.pages[0]
        assert (sheet.width, sheet.height) == pytest.approx((A4[1], A4[0]), abs=0.5)
        # The outer sheet's front: the last page (blank or padding) and the title page.
        right = sheet.crop((sheet.width / 2, 0, sheet.width, sheet.height)).extract_text()
        assert "India and Japan" in right and "A small test handbook" in right
    # The second sheet's front right half is page 3: the contents.
    halves = half_sheets(booklet_path.read_bytes())
    assert halves[2][1].startswith("Contents")
