"""The frame every page's text block is: reportlab's Frame, cheaper to copy.

platypus deep-copies the current frame each time it measures a group of flowables kept
together (`_listWrapOn`: keep-together wrappers, list items, questions), so that content they
generate lands in the copy. A deep copy walks every attribute, including the theme's Length
values the margins are, and was 3% of a build of real notes. The frame's attributes are
numbers, strings and flat lists: a copy with its own lists is the same copy, made cheaply.
"""

from __future__ import annotations

import copy

from reportlab.platypus import Frame


class PageFrame(Frame):
    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, list):
                setattr(clone, name, copy.copy(value))
            elif isinstance(value, dict):
                setattr(clone, name, copy.deepcopy(value, memo))
        return clone
