"""Print-shop output: bleed and trim boxes, and crop marks outside the trim.

Done after layout, on the finished PDF (with pypdf), rather than while drawing pages: the page
design stays the trimmed page, and each page's media box is only *enlarged* around it, into
negative coordinates. Nothing on the page moves, so links, bookmarks and their positions stay
exactly right, and the same step serves any PDF the build writes. The handbook prints nothing
to the edge of the paper, so the bleed area stays empty; its box tells the shop how far
artwork may run (none does) and the trim box where to cut.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, RectangleObject

from handbook.theme import UNITS, PrintMarks

CLEARANCE = 2.0  # points of paper beyond the end of a crop mark


def add_print_marks(pdf: bytes, bleed_mm: float, marks: PrintMarks | None) -> bytes:
    """Set each page's TrimBox (the page as designed) and BleedBox (`bleed_mm` around it), and
    enlarge its MediaBox to hold the bleed and, with `marks`, crop marks at each corner."""
    bleed = bleed_mm * UNITS["mm"]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        trim = [float(v) for v in page.trimbox]
        page.trimbox = RectangleObject(trim)
        page.bleedbox = RectangleObject(_grow(trim, bleed))
        reach = bleed
        if marks is not None:
            reach = _mark_start(bleed, marks) + marks.length + CLEARANCE
            _append_drawing(page, _crop_mark_operators(trim, bleed, marks))
        page.mediabox = RectangleObject(_grow(trim, reach))
        page.cropbox = RectangleObject(_grow(trim, reach))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _grow(box: list[float], by: float) -> list[float]:
    x0, y0, x1, y1 = box
    return [x0 - by, y0 - by, x1 + by, y1 + by]


def _mark_start(bleed: float, marks: PrintMarks) -> float:
    """Marks begin outside the bleed, so they are never inside what may be printed."""
    return max(marks.offset, bleed)


def _crop_mark_operators(trim: list[float], bleed: float, marks: PrintMarks) -> bytes:
    """PDF drawing operators for eight hairlines: at each corner, one in line with each trim
    edge, pointing away from the page."""
    x0, y0, x1, y1 = trim
    start = _mark_start(bleed, marks)
    end = start + marks.length
    ops = [f"q {_stroke_colour(marks.color)} {marks.line_width:.3f} w 0 J"]
    for x, out_x in ((x0, -1), (x1, 1)):
        for y, out_y in ((y0, -1), (y1, 1)):
            ops.append(f"{x:.3f} {y + out_y * start:.3f} m {x:.3f} {y + out_y * end:.3f} l S")
            ops.append(f"{x + out_x * start:.3f} {y:.3f} m {x + out_x * end:.3f} {y:.3f} l S")
    ops.append("Q")
    return "\n".join(ops).encode("ascii")


def _stroke_colour(value: str) -> str:
    """The stroke colour operator for a theme colour, as the layout writes it: black (the
    marks' colour) as K only, so that the marks print on the black plate alone."""
    from reportlab.lib.colors import CMYKColor

    from handbook.layout.styles import color

    ink = color(value)
    if isinstance(ink, CMYKColor):
        return " ".join(f"{v:.3f}" for v in (ink.cyan, ink.magenta, ink.yellow, ink.black)) + " K"
    return f"{ink.red:.3f} {ink.green:.3f} {ink.blue:.3f} RG"


def _append_drawing(page, operators: bytes) -> None:
    """Draw `operators` over the page, in its default coordinates (the page's own drawing is
    wrapped in q/Q, so whatever state it leaves behind cannot shift the marks). The joined
    stream is compressed again: a decoded one would make the PDF two thirds bigger."""
    content = page.get_contents()
    stream = DecodedStreamObject()
    stream.set_data(
        b"q\n" + (content.get_data() if content is not None else b"") + b"\nQ\n" + operators + b"\n"
    )
    page.replace_contents(stream)
    page.compress_content_streams()
