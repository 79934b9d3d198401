"""Callout marks (issue 27): a vector icon per kind that differs in shape, not only colour, so
that a black-and-white print still tells the kinds apart; drawn on the capitals of the title.

The icons are read back from the PDF's content stream: each is drawn in its own graphics state,
moved to its centre and scaled to the mark's size (`cm`), and its path operators (moves, lines,
curves, rectangles; colours left out) are its shape."""

from __future__ import annotations

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from handbook.layout.callout_icons import ICONS
from handbook.theme import load_theme

THEME = load_theme("print-bw")
KINDS = list(THEME.callouts.kinds)
PATH_OPS = {b"m", b"l", b"c", b"v", b"y", b"re", b"h", b"f", b"f*", b"S", b"s", b"B", b"b", b"n"}


def chapter() -> str:
    boxes = [f"::: {kind}\nThe {kind} box: Japan’s yen loans built the Delhi Metro.\n:::\n" for kind in KINDS]
    return "---\ntitle: Boxes\n---\n\n" + "\n".join(boxes)


def icons_drawn(path, size: float) -> list[tuple[int, float, float, tuple]]:
    """(page, centre x, centre y, shape) of every icon, in the order drawn: what follows a `cm`
    that scales by size / 2, up to the end of its graphics state (the centre in page space)."""
    reader = PdfReader(path)
    found = []
    for number, page in enumerate(reader.pages):
        ops = ContentStream(page.get_contents(), reader).operations
        matrix, stack = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
        for index, (operands, op) in enumerate(ops):
            if op == b"q":
                stack.append(matrix)
            elif op == b"Q" and stack:
                matrix = stack.pop()
            elif op == b"cm":
                matrix = multiply(tuple(float(v) for v in operands), matrix)
                if abs(float(operands[0]) - size / 2) < 1e-6 and not float(operands[1]):
                    found.append((number, matrix[4], matrix[5], shape_after(ops, index)))
    return found


def multiply(a, b):
    """The PDF matrix product a x b (a applied first)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def shape_after(ops, index: int) -> tuple:
    depth, shape = 0, []
    for args, op in ops[index + 1 :]:
        depth += op == b"q"
        if op == b"Q":
            if depth == 0:
                break
            depth -= 1
        if op in PATH_OPS or op == b"cm":
            shape.append((op, tuple(round(float(a), 2) for a in args)))
    return tuple(shape)


@pytest.fixture(scope="module")
def boxes_pdf(tmp_path_factory):
    """A chapter with a box of every kind, in print-bw (greys only: shape is all that differs)."""
    from conftest import write_sources
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    root = tmp_path_factory.mktemp("icons")
    folder = write_sources(root / "src", {"01-boxes.md": chapter()})
    build(folder, root / "boxes.pdf", BuildOptions(style="print-bw"))
    return root / "boxes.pdf"


def test_every_kind_has_an_icon_of_its_own_shape_in_black_and_white(boxes_pdf):
    icons = icons_drawn(boxes_pdf, THEME.callouts.mark_size)
    assert len(icons) == len(KINDS)  # one icon per box, each of the theme's kinds
    shapes = [shape for *_, shape in icons]
    assert all(shapes)
    assert len(set(shapes)) == len(KINDS), "two kinds draw the same shape"
    assert {THEME.callouts.kinds[kind].mark for kind in KINDS} <= set(ICONS)  # no plain shapes


def test_an_icon_is_centred_on_the_capitals_of_its_title(boxes_pdf):
    from handbook.layout.fonts import font_name
    from handbook.layout.rlcompat import cap_height

    title = THEME.callouts.title
    cap = cap_height(font_name(title.font, True, False), title.size)
    icons = icons_drawn(boxes_pdf, THEME.callouts.mark_size)
    with pdfplumber.open(boxes_pdf) as pdf:
        for page, x, y, _ in icons:
            chars = pdf.pages[page].chars
            # the title's first letter: the nearest character set at the title's size, right of the icon
            first = min(
                (c for c in chars if abs(c["size"] - title.size) < 0.01 and 0 < c["x0"] - x < 20),
                key=lambda c: (abs(c["matrix"][5] - y), c["x0"]),
            )
            baseline = first["matrix"][5]
            assert abs(y - (baseline + cap / 2)) < 0.25, (first["text"], y, baseline)
            assert first["x0"] - (x + THEME.callouts.mark_size / 2) > 2  # a gap between icon and title
