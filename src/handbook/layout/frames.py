"""The frame every page's text block is: reportlab's Frame, cheaper to copy, with a wide area.

platypus deep-copies the current frame each time it measures a group of flowables kept
together (`_listWrapOn`: keep-together wrappers, list items, questions), so that content they
generate lands in the copy. A deep copy walks every attribute, including the theme's Length
values the margins are, and was 3% of a build of real notes. The frame's attributes are
numbers, strings and flat lists: a copy with its own lists is the same copy, made cheaply.

The wide area (layout/wide.py): a flowable marked wide is given the text block and
`wide_left` / `wide_right` points of the margin beside it (the outer one: the page template
sets which), when it is placed and when it is split; the parts of a wide block are wide too.
"""

from __future__ import annotations

import copy

from reportlab.platypus import Frame

from handbook.layout.rlcompat import frame_widened
from handbook.layout.wide import is_marked_wide, is_wide, mark_wide


class PageFrame(Frame):
    wide_left = 0.0  # how far wide blocks reach past the frame on the left (a left-hand page)
    wide_right = 0.0  # ... and on the right (a right-hand page)

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, list):
                setattr(clone, name, copy.copy(value))
            elif isinstance(value, dict):
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone

    def _widens(self, flowable) -> bool:
        return bool(self.wide_left or self.wide_right) and is_wide(flowable)

    def _add(self, flowable, canv, trySplit=0):
        if not self._widens(flowable):
            return super()._add(flowable, canv, trySplit)
        with frame_widened(self, self.wide_left, self.wide_right):
            return super()._add(flowable, canv, trySplit)

    add = _add

    def split(self, flowable, canv):
        if not self._widens(flowable):
            return super().split(flowable, canv)
        with frame_widened(self, self.wide_left, self.wide_right, splitting=True):
            parts = super().split(flowable, canv)
        # A wide block's parts are wide; a group's parts carry their own marks.
        return mark_wide(parts) if is_marked_wide(flowable) else parts
