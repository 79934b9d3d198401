"""ziamath internals, in one place (as reportlab's are in layout/rlcompat): a row measured once.

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

import threading
from contextlib import contextmanager
from xml.etree import ElementTree

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
    what latex2mathml reads but ziamath cannot lay out (two \\tags, an empty root, ...)."""
    import ziamath

    try:
        with measured_once():
            ziamath.Latex(latex, size=10, inline=not display, margin=0).svg()
    except RecursionError:
        return "(it is nested too deeply)"
    except Exception as error:  # noqa: BLE001 - any failure of the renderer is the user's formula
        return f"(the renderer stops on it: {type(error).__name__})"
    return ""
