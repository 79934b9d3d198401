"""The marks of callout boxes: small vector icons that differ in shape, not only in colour, so
that the kinds stay apart on a black-and-white printer, where every accent prints as a grey.

Each icon is drawn in a square two units wide centred on the origin (x and y from -1 to 1),
scaled to the mark's size: `ink` draws the icon, `paper` (the box's tint) cuts details out of
a filled shape. Vectors, not a font's glyphs: no face can lack them, and they print as sharp
at 9 pt as at 90. The theme names the icon of each kind (`callouts.kinds.<kind>.mark`); the
plain shapes of earlier themes (circle, square, ...) with a `symbol` letter in them still draw.
"""

from __future__ import annotations

import math
from typing import Callable

LINE = 0.2  # stroke width of outline icons, in the icon's units (about 0.9 pt at 9 pt)


def draw_icon(canvas, name: str, cx: float, cy: float, size: float, ink, paper, symbol="", font="") -> None:
    """Icon `name` centred on (cx, cy), `size` points wide; `symbol` (a letter set in `font`)
    only inside the plain shapes."""
    canvas.saveState()
    canvas.translate(cx, cy)
    canvas.scale(size / 2, size / 2)
    canvas.setFillColor(ink)
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(LINE)
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    icon = ICONS.get(name)
    if icon is not None:
        icon(canvas, ink, paper)
    else:
        _plain_shape(canvas, name, ink, paper, symbol, font)
    canvas.restoreState()


# --- pieces ---------------------------------------------------------------------------------


def _polygon(canvas, points, fill: bool = True, stroke: bool = False) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=1 if stroke else 0, fill=1 if fill else 0)


def _regular(sides: int, radius: float, turn: float = 0.0, centre=(0.0, 0.0)) -> list:
    return [
        (
            centre[0] + radius * math.cos(turn + 2 * math.pi * i / sides),
            centre[1] + radius * math.sin(turn + 2 * math.pi * i / sides),
        )
        for i in range(sides)
    ]


def _exclamation(canvas, colour, top: float, bottom: float, dot: float, width: float = 0.24) -> None:
    """A '!' from `top` down to `bottom`, tapering, with its dot centred at `dot`."""
    canvas.setFillColor(colour)
    half = width / 2
    _polygon(canvas, [(-half, top), (half, top), (half * 0.6, bottom), (-half * 0.6, bottom)])
    canvas.circle(0, dot, half * 1.05, stroke=0, fill=1)


def _bar(canvas, x0: float, y: float, x1: float, height: float) -> None:
    canvas.roundRect(x0, y - height / 2, x1 - x0, height, height / 2, stroke=0, fill=1)


# --- the icons ------------------------------------------------------------------------------


def _info(canvas, ink, paper) -> None:  # a filled disc with an 'i' cut out
    canvas.circle(0, 0, 1, stroke=0, fill=1)
    canvas.setFillColor(paper)
    canvas.circle(0, 0.48, 0.15, stroke=0, fill=1)
    canvas.roundRect(-0.12, -0.62, 0.24, 0.86, 0.06, stroke=0, fill=1)


def _question(canvas, ink, paper) -> None:  # a disc with a '?' cut out
    canvas.circle(0, 0, 1, stroke=0, fill=1)
    canvas.setStrokeColor(paper)
    canvas.setLineWidth(0.22)
    path = canvas.beginPath()
    path.arc(-0.32, 0.0, 0.32, 0.64, 160, -220)
    path.lineTo(0.0, -0.22)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColor(paper)
    canvas.circle(0, -0.55, 0.13, stroke=0, fill=1)


def _warning(canvas, ink, paper) -> None:  # a triangle on its base with a '!'
    _polygon(canvas, [(0, 1.0), (1.12, -0.88), (-1.12, -0.88)], stroke=True)
    _exclamation(canvas, paper, 0.42, -0.32, -0.6, width=0.26)


def _octagon(canvas, ink, paper) -> None:  # a stop sign's octagon with a '!'
    _polygon(canvas, _regular(8, 1.05, math.pi / 8))
    _exclamation(canvas, paper, 0.62, -0.18, -0.5)


def _speech(canvas, ink, paper) -> None:  # a speech bubble with a '!'
    canvas.roundRect(-1.0, -0.5, 2.0, 1.45, 0.35, stroke=0, fill=1)
    _polygon(canvas, [(-0.62, -0.3), (-0.05, -0.3), (-0.7, -1.0)])
    _exclamation(canvas, paper, 0.72, 0.02, -0.22, width=0.22)


def _lightbulb(canvas, ink, paper) -> None:  # a bulb, its neck and two bands of its base
    canvas.circle(0, 0.32, 0.66, stroke=0, fill=1)
    _polygon(canvas, [(-0.5, 0.0), (0.5, 0.0), (0.3, -0.5), (-0.3, -0.5)])
    canvas.roundRect(-0.3, -0.74, 0.6, 0.17, 0.08, stroke=0, fill=1)
    canvas.roundRect(-0.22, -0.98, 0.44, 0.17, 0.08, stroke=0, fill=1)
    canvas.setStrokeColor(paper)
    canvas.setLineWidth(0.13)
    path = canvas.beginPath()
    path.arc(-0.42, -0.1, 0.42, 0.74, 110, 60)  # a highlight on the glass
    canvas.drawPath(path, stroke=1, fill=0)


def _pencil(canvas, ink, paper) -> None:  # a pencil, point down to the left
    canvas.rotate(-45)
    canvas.rect(-0.3, -0.5, 0.6, 1.35, stroke=0, fill=1)
    _polygon(canvas, [(-0.3, -0.58), (0.3, -0.58), (0, -1.15)])
    canvas.setFillColor(paper)
    canvas.rect(-0.3, 0.5, 0.6, 0.1, stroke=0, fill=1)  # the ferrule's edge
    canvas.rect(-0.3, -0.58, 0.6, 0.08, stroke=0, fill=1)  # where the wood is sharpened


def _list(canvas, ink, paper) -> None:  # three bulleted lines
    for y in (0.62, 0.0, -0.62):
        canvas.circle(-0.78, y, 0.19, stroke=0, fill=1)
        _bar(canvas, -0.42, y, 1.0, 0.24)


def _document(canvas, ink, paper) -> None:  # a page with its corner folded and three lines
    _polygon(canvas, [(-0.78, -1), (0.78, -1), (0.78, 0.5), (0.28, 1), (-0.78, 1)], fill=False, stroke=True)
    _polygon(canvas, [(0.28, 1), (0.28, 0.5), (0.78, 0.5)], stroke=True)
    for y, right in ((0.2, 0.42), (-0.22, 0.42), (-0.62, 0.1)):
        _bar(canvas, -0.45, y, right, 0.16)


def _newspaper(canvas, ink, paper) -> None:  # a front page: masthead, a picture, columns
    canvas.rect(-1, -0.9, 2, 1.8, stroke=1, fill=0)
    canvas.rect(-1, 0.45, 2, 0.45, stroke=0, fill=1)
    canvas.rect(-0.72, -0.22, 0.62, 0.46, stroke=0, fill=1)
    for y in (0.12, -0.1):
        _bar(canvas, 0.1, y, 0.72, 0.12)
    for y in (-0.42, -0.64):
        _bar(canvas, -0.72, y, 0.72, 0.12)


def _globe(canvas, ink, paper) -> None:  # a globe: outline, a meridian, the equator
    canvas.circle(0, 0, 0.95, stroke=1, fill=0)
    canvas.ellipse(-0.42, -0.95, 0.42, 0.95, stroke=1, fill=0)
    canvas.line(-0.95, 0, 0.95, 0)
    canvas.line(0, -0.95, 0, 0.95)
    canvas.setLineWidth(LINE * 0.7)
    canvas.line(-0.8, 0.5, 0.8, 0.5)
    canvas.line(-0.8, -0.5, 0.8, -0.5)


def _checkbox(canvas, ink, paper) -> None:  # a ticked box
    canvas.roundRect(-0.9, -0.9, 1.8, 1.8, 0.25, stroke=1, fill=0)
    canvas.setLineWidth(0.3)
    path = canvas.beginPath()
    path.moveTo(-0.5, 0.02)
    path.lineTo(-0.12, -0.4)
    path.lineTo(0.55, 0.45)
    canvas.drawPath(path, stroke=1, fill=0)


def _target(canvas, ink, paper) -> None:  # rings round a bull's eye
    canvas.circle(0, 0, 0.92, stroke=1, fill=0)
    canvas.circle(0, 0, 0.52, stroke=1, fill=0)
    canvas.circle(0, 0, 0.2, stroke=0, fill=1)


def _arrow(canvas, ink, paper) -> None:  # a disc with an arrow pointing on
    canvas.circle(0, 0, 1, stroke=0, fill=1)
    canvas.setFillColor(paper)
    canvas.rect(-0.55, -0.13, 0.65, 0.26, stroke=0, fill=1)
    _polygon(canvas, [(0.05, 0.45), (0.62, 0), (0.05, -0.45)])


def _star(canvas, ink, paper) -> None:  # a five-pointed star
    points = []
    for i in range(10):
        radius = 1.08 if i % 2 == 0 else 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append((radius * math.cos(angle), radius * math.sin(angle) - 0.06))
    _polygon(canvas, points)


def _disclosure(canvas, ink, paper) -> None:  # a box with a plus: more inside
    canvas.roundRect(-0.9, -0.9, 1.8, 1.8, 0.25, stroke=1, fill=0)
    _bar(canvas, -0.5, 0, 0.5, 0.24)
    canvas.roundRect(-0.12, -0.5, 0.24, 1.0, 0.12, stroke=0, fill=1)


def _quote(canvas, ink, paper) -> None:  # opening quotation marks, '66'
    for x in (-0.48, 0.42):
        canvas.circle(x, -0.28, 0.36, stroke=0, fill=1)
        path = canvas.beginPath()
        path.moveTo(x - 0.36, -0.26)
        path.curveTo(x - 0.38, 0.3, x - 0.05, 0.72, x + 0.36, 0.82)
        path.lineTo(x + 0.36, 0.62)
        path.curveTo(x + 0.05, 0.5, x - 0.1, 0.22, x - 0.02, -0.0)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)


ICONS: dict[str, Callable] = {
    "info": _info,
    "question": _question,
    "warning": _warning,
    "octagon": _octagon,
    "speech": _speech,
    "lightbulb": _lightbulb,
    "pencil": _pencil,
    "list": _list,
    "document": _document,
    "newspaper": _newspaper,
    "globe": _globe,
    "checkbox": _checkbox,
    "target": _target,
    "arrow": _arrow,
    "star": _star,
    "disclosure": _disclosure,
    "quote": _quote,
}


# --- the plain shapes of earlier themes, with a letter in them ----------------------------------


def _plain_shape(canvas, name: str, ink, paper, symbol: str, font: str) -> None:
    filled = name in ("circle", "square", "diamond", "triangle")
    if name in ("circle", "ring"):
        canvas.circle(0, 0, 1, stroke=1, fill=1 if filled else 0)
    elif name in ("square", "box"):
        canvas.rect(-1, -1, 2, 2, stroke=1, fill=1 if filled else 0)
    elif name == "diamond":
        _polygon(canvas, [(0, 1.15), (1.15, 0), (0, -1.15), (-1.15, 0)], stroke=True)
    elif name == "triangle":
        _polygon(canvas, [(0, 1.1), (1.15, -0.9), (-1.15, -0.9)], stroke=True)
    elif name == "plus":
        canvas.rect(-1, -0.25, 2, 0.5, stroke=0, fill=1)
        canvas.rect(-0.25, -1, 0.5, 2, stroke=0, fill=1)
    if symbol and font:
        font_size = 1.44 if name != "triangle" else 1.2
        canvas.setFillColor(paper if filled else ink)
        canvas.setFont(font, font_size)
        canvas.drawCentredString(0, -font_size * 0.35 - (0.2 if name == "triangle" else 0), symbol)
