"""A guard against layouts that never finish.

reportlab can go round in circles on content it cannot place (a keep-with-next heading
taller than a page, a container that splits into itself): the same flowables are offered
to the same spot of the same page again and again. The guard notices that and raises
reportlab's LayoutError, which the build reports as a problem at the block's source line.
"""

from __future__ import annotations

from reportlab.platypus.doctemplate import LayoutError

from handbook.layout.rlcompat import frame_cursor

# How often the same (page, position, flowables left) may recur. Legitimate layouts repeat a
# state a few times at most (zero-height markers, deferred content expanding in place).
MAX_REPEATS = 200


class LoopGuard:
    def __init__(self):
        self._page = None
        self._seen: dict[tuple, int] = {}

    def step(self, page: int, frame, remaining: int) -> None:
        if page != self._page:
            self._page, self._seen = page, {}
        state = (round(frame_cursor(frame) if frame is not None else 0, 3), remaining)
        count = self._seen.get(state, 0) + 1
        self._seen[state] = count
        if count > MAX_REPEATS:
            raise LayoutError(f"no progress on page {page}: this block can never be placed")
