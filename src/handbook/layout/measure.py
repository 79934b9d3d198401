"""A frame that places flowables without drawing them, for a measuring pass.

Where flowables land depends only on `wrap` and `split`, which this frame calls exactly as a
drawing frame does (it is reportlab's own `Frame._add` with `drawOn` turned off), so a
measuring pass breaks pages exactly where the drawing pass will, at about half the cost.
What only drawing does (canvas callbacks such as acronym-use records) does not happen.
"""

from __future__ import annotations

from handbook.layout.frames import PageFrame
from handbook.layout.rlcompat import PlacingFrame


def _skip_drawing(*args, **kwargs) -> None:
    return None


class MeasuringFrame(PageFrame, PlacingFrame):  # PageFrame: cheap copies, the wide area (layout/frames.py)
    def place(self, flowable, canv, trySplit=0):
        # An instance attribute hides the class's drawOn for this one placement.
        own = vars(flowable).get("drawOn")
        flowable.drawOn = _skip_drawing
        try:
            return super().place(flowable, canv, trySplit)
        finally:
            if own is None:
                del flowable.drawOn
            else:
                flowable.drawOn = own
