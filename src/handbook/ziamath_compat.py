"""ziamath in one place (as reportlab's internals are in layout/rlcompat): a formula rendered
once, a row measured once.

A formula is rendered (`render`: TeX -> ziamath's SVG -> outlines in points) once per size and
remembered. parse.math checks that ziamath can draw each formula by drawing it; it draws at the
sizes the default theme prints formulas at (CHECK_SIZES), so the layout of a book in that theme
finds the drawing made, instead of drawing every formula twice (the check took a quarter of a
formula-heavy book's build). Other sizes (another theme, a formula in a table, one set smaller
to fit its line) are drawn when the layout asks.

ziamath lays out a row (`<mrow>`) twice: once with its stretchy operators left unstretched, to
learn the row's height (`Mrow._get_height_nostretch`), then for real, stretching brackets to
that height. Each pass builds every child row, which builds its own children twice again, so a
formula costs 2^depth: `\\left(` nested eight deep, or fractions of fractions, took seconds
each (a page of study notes, minutes). The unstretched height of a row depends on its elements,
its style and size, and the arguments passed down, but not on the height of the row around it
(in that pass stretchy operators add no height), so within one formula it is remembered by those
and each row is measured once: linear in the formula's size, and the same drawing.

The remembering is switched on only while this module draws a formula (`measured_once`), under a
lock, and the original method is put back after: nothing changes for other users of ziamath.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

# Body text in the default theme (styles/default.yaml) is 11 pt; inline formulas are drawn at
# 1.0 of the text around them, displayed ones at 1.15 of the body (theme.schema.MathStyle),
# as layout.math rounds them. {display: size}. tests/test_math_robust checks they still agree.
CHECK_SIZES = {False: 11.0, True: 12.65}
# Taller than this many times its size, a drawing is the renderer's mistake (a 60-row matrix at
# 12 pt is about 80 sizes tall; an empty row was drawn 800 sizes tall).
MAX_HEIGHT_IN_SIZES = 200

_LOCK = threading.Lock()
# Arguments the unstretched height does not depend on: the surrounding row's height (stretchy
# operators add none in that pass), and `nostretch`, which the measuring sets itself.
_ROW_ARGUMENTS = ("rowymin", "rowymax", "nostretch")


@contextmanager
def measured_once():
    """Within the block, each row of a formula is measured (unstretched) once."""
    from ziamath.nodes.mrow import Mrow

    with _LOCK:
        original = Mrow._get_height_nostretch
        heights: dict = {}

        def height_nostretch(row, line, **kwargs):
            key = (
                id(row.font),
                row.size,
                repr(row.style),
                tuple(ElementTree.tostring(child) for child in line),
                repr(sorted((k, v) for k, v in kwargs.items() if k not in _ROW_ARGUMENTS)),
            )
            found = heights.get(key)
            if found is None:
                found = heights[key] = original(row, line, **kwargs)
            return found

        Mrow._get_height_nostretch = height_nostretch  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Mrow._get_height_nostretch = original  # type: ignore[method-assign]


def drawing_error(latex: str, display: bool) -> str:
    """Why ziamath cannot draw the formula ("" when it can): it raises plain exceptions on
    what latex2mathml reads but ziamath cannot lay out (two \\tags, an empty root, ...). The
    drawing is the one the layout will ask for, remembered (`render`)."""
    size = CHECK_SIZES[display]
    try:
        drawn = render(latex, size, display)
    except RecursionError:
        return "(it is nested too deeply)"
    except Exception as error:  # noqa: BLE001 - any failure of the renderer is the user's formula
        return f"(the renderer stops on it: {type(error).__name__})"
    if drawn.ascent + drawn.descent > MAX_HEIGHT_IN_SIZES * size:
        # ziamath measures some rows it cannot fill thousands of points tall: such a drawing
        # would be a block taller than any page (an error that stops the build).
        return f"(the renderer draws it {drawn.ascent + drawn.descent:,.0f} pt tall)"
    return ""


@dataclass(frozen=True)
class Formula:
    """A rendered formula in points, baseline at y = 0 (y up): outlines to fill."""

    paths: tuple  # each a tuple of ("M"|"L"|"C"|"Z", numbers...) operations
    rects: tuple  # (x, y, w, h): fraction bars, root overlines
    width: float
    ascent: float  # above the baseline
    descent: float  # below it (positive)


@lru_cache(maxsize=4096)
def render(latex: str, size: float, display: bool = False) -> Formula:
    """The formula drawn at `size` points, remembered: parse.math's check and the layout ask
    for the same drawing, which is made once (see CHECK_SIZES)."""
    import ziamath

    ziamath.config.svg2 = False  # plain absolute paths (no <symbol>/<use>) to read below
    with measured_once():
        svg = ziamath.Latex(latex, size=size, inline=not display, margin=0).svg()
    return _read_svg(svg)


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _read_svg(svg: str) -> Formula:
    root = ElementTree.fromstring(svg)
    paths, rects, ys, xs = [], [], [0.0], [0.0]
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "path":
            ops = _path_ops(element.get("d", ""))
            paths.append(ops)
            for op in ops:
                xs.extend(op[1::2])
                ys.extend(op[2::2])
        elif tag == "rect":
            x, y, w, h = (float(element.get(k, 0)) for k in ("x", "y", "width", "height"))
            rects.append((x, -y - h, w, h))
            xs += [x, x + w]
            ys += [-y, -y - h]
    view = [float(v) for v in root.get("viewBox", "0 0 0 0").split()]
    width = max(view[0] + view[2], max(xs))  # from the origin: ziamath's box may start past it
    return Formula(tuple(paths), tuple(rects), width, max(ys), -min(ys))


def _path_ops(d: str) -> tuple:
    """SVG path data (absolute M, L, H, V, Q, C, Z, as ziafont writes) -> M/L/C/Z with y up;
    quadratic curves become cubic ones."""
    ops: list[tuple] = []
    x = y = 0.0
    for command, body in re.findall(r"([MLQCZHVmlqczhv])([^MLQCZHVmlqczhv]*)", d):
        values = [float(v) for v in _NUMBER.findall(body)]
        if command.islower() and command != "z":
            raise ValueError(f"relative path command {command!r}")
        if command == "M":
            x, y = values[-2:]
            ops.append(("M", x, -y))
        elif command == "L":
            for i in range(0, len(values), 2):
                x, y = values[i : i + 2]
                ops.append(("L", x, -y))
        elif command in "HV":
            x, y = (values[-1], y) if command == "H" else (x, values[-1])
            ops.append(("L", x, -y))
        elif command == "Q":
            for i in range(0, len(values), 4):
                qx, qy, ex, ey = values[i : i + 4]
                c1 = (x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y))
                c2 = (ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey))
                ops.append(("C", c1[0], -c1[1], c2[0], -c2[1], ex, -ey))
                x, y = ex, ey
        elif command == "C":
            for i in range(0, len(values), 6):
                a, b, c, e, fx, fy = values[i : i + 6]
                ops.append(("C", a, -b, c, -e, fx, -fy))
                x, y = fx, fy
        else:
            ops.append(("Z",))
    return tuple(ops)
