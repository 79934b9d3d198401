"""The reportlab internals the layout relies on, in one place (reportlab 5; pyproject pins <6).

platypus has no public way to read a frame's cursor, a group's flowables or a layout error's
numbers, so the layout reads reportlab's private attributes here and nowhere else. Each
function is tested against reportlab itself in tests/test_rlcompat.py: an upgrade that moves
one of them fails there, by name, rather than somewhere in a PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.platypus import Frame

# --- frames -------------------------------------------------------------------------


def frame_cursor(frame) -> float:
    """The y where the frame's next flowable would start (its top, on a fresh frame)."""
    return frame._y


def frame_left(frame) -> float:
    """The x of the frame's left edge (its padding inside it)."""
    return frame._x1


def frame_width(frame) -> float:
    """The frame's whole width, its padding included."""
    return frame._width


def frame_at_top(frame) -> bool:
    """Nothing has been placed in the frame yet (False for no frame)."""
    return bool(getattr(frame, "_atTop", False))


def reset_frame(frame) -> None:
    """Empty the frame (cursor back at the top), as a new page does."""
    frame._reset()


class PlacingFrame(Frame):
    """A frame whose placement step (reportlab's `Frame._add`: wrap, split, move the cursor) is
    overridable through `place`; `add` is the name the doc template calls."""

    def place(self, flowable, canv, trySplit=0):
        return Frame._add(self, flowable, canv, trySplit)

    def _add(self, flowable, canv, trySplit=0):
        return self.place(flowable, canv, trySplit)

    add = _add


# --- keep-together groups -------------------------------------------------------------


def kept_flowables(group) -> list:
    """The flowables a KeepTogether holds (the list itself)."""
    return group._content


def frame_of(flowable):
    """The frame a flowable is being placed in (set by the frame while it wraps), or None."""
    return getattr(flowable, "_frame", None)


def grow_wrapped_height(group, extra: float) -> None:
    """Add `extra` to the height a KeepTogether measured in its last `wrap` (what its `split`
    compares with the room left)."""
    group._H += extra


# --- documents and canvases ---------------------------------------------------------------


def doc_of(canvas):
    """The doc template building on `canvas` (set by BaseDocTemplate.build while it draws)."""
    return canvas._doctemplate


def defer_save(doc) -> None:
    """Make `doc.build` leave the canvas unsaved, for forms defined after the last page."""
    doc._doSave = 0


# --- layout errors --------------------------------------------------------------------------


@dataclass
class LayoutErrorFacts:
    """What reportlab's LayoutError text says, as numbers: `kind` is its class name."""

    kind: str = ""
    height: float | None = None  # of the flowable
    room: float | None = None  # the frame's height
    row: float | None = None  # a table's tallest row, when that is what did not fit
    no_progress: bool = False  # a flowable that splits into itself forever


TOO_LARGE = re.compile(
    r"<(\w+)[ @].*?\(([\d.]+) x ([\d.]+)\) too large on page \d+ in frame "
    r"'[^']*'\(([\d.]+) x ([\d.]+)",
    re.S,
)
TALLEST_ROW = re.compile(r"tallest row ([\d.]+)")


def layout_error_facts(message: str) -> LayoutErrorFacts:
    """Read reportlab's LayoutError message (object ids, frame names and sizes)."""
    facts = LayoutErrorFacts(no_progress="no progress" in message)
    row = TALLEST_ROW.search(message)
    if row:
        facts.row = float(row[1])
    large = TOO_LARGE.search(message)
    if large:
        facts.kind, facts.height, facts.room = large[1], float(large[3]), float(large[5])
    return facts
