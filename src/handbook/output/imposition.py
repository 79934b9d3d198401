"""Saddle-stitch booklets: the handbook's pages imposed two-up on sheets twice the page size.

Print the result two-sided, flipping on the short edge, fold the stack in half and staple
on the fold: the pages come out in reading order. An A5 handbook (theme `a5-booklet`) goes
on A4 sheets, an A4 handbook on A3.

Page numbers here are 1-based reading pages; None is a blank page added so that the count
is a multiple of four (each folded sheet holds four pages).
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

from handbook.theme import PAGE_SIZES, UNITS

Side = tuple[int | None, int | None]  # (left page, right page) of one side of a sheet
PAPER_TOLERANCE = 3 * UNITS["mm"]  # two A5 pages (296 mm) go on A4 (297 mm), centred


def padded_count(pages: int) -> int:
    """The page count rounded up to a multiple of four (at least four)."""
    return max(4, -(-pages // 4) * 4)


def saddle_stitch_order(pages: int) -> list[Side]:
    """The sides to print, in order: for each sheet from the outside in, its front then back.

    The outer sheet's front holds the last and the first page; its back the second and the
    second-to-last; each sheet inside takes the next pages in from both ends.
    """
    total = padded_count(pages)
    sides: list[tuple[int, int]] = []
    for sheet in range(total // 4):
        low, high = 1 + 2 * sheet, total - 2 * sheet
        sides.append((high, low))  # front
        sides.append((low + 1, high - 1))  # back
    return [(left if left <= pages else None, right if right <= pages else None) for left, right in sides]


def sheet_size(width: float, height: float) -> tuple[float, float]:
    """Two pages side by side; on the standard landscape paper size that holds them, if one
    is within a few millimetres (so the printer need not scale), else exactly."""
    two_up = (2 * width, height)
    for paper_w, paper_h in PAGE_SIZES.values():
        paper = (paper_h * UNITS["mm"], paper_w * UNITS["mm"])  # landscape
        if all(-0.01 <= p - t <= PAPER_TOLERANCE for p, t in zip(paper, two_up)):
            return paper
    return two_up


def impose_booklet(pdf: bytes) -> bytes:
    """The booklet PDF for a PDF whose pages all have the size of its first page. The fold
    runs down the middle of each sheet."""
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    width, height = float(box.width), float(box.height)
    sheet_width, sheet_height = sheet_size(width, height)
    writer = PdfWriter()
    for left, right in saddle_stitch_order(len(reader.pages)):
        sheet = writer.add_blank_page(sheet_width, sheet_height)
        for slot, number in enumerate((left, right)):
            if number is None:
                continue
            page = reader.pages[number - 1]
            x = sheet_width / 2 - width + slot * width
            y = (sheet_height - height) / 2
            origin = page.mediabox
            move = Transformation().translate(x - float(origin.left), y - float(origin.bottom))
            sheet.merge_transformed_page(page, move)
    for sheet in writer.pages:  # links would point into the unimposed pages
        sheet.pop("/Annots", None)
    if reader.metadata:
        writer.add_metadata({key: str(value) for key, value in reader.metadata.items()})
    writer.compress_identical_objects()  # one copy of each font, not one per sheet
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
