"""Keeping headings with their text without wasting the rest of the page.

A heading (and its anchor) has `keepWithNext`; reportlab groups it with the block that follows
into a KeepTogether, which moves the whole group to the next page whenever that block does
not fit *entirely* in the space left. After a heading followed by a long paragraph, that leaves
most of a page empty. `KeepWithFirstPart` keeps the group on the page when the heading and the
first part of the block fit: a split the block itself allows (for a paragraph, at least two
lines, since paragraph styles forbid widows and orphans; for a table, whole rows and the header).
Only when even that does not fit does the group move on, so a heading never ends a page.
"""

from __future__ import annotations

from reportlab.platypus.flowables import KeepTogether, _listWrapOn


class KeepWithFirstPart(KeepTogether):
    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        *leading, last = self._content
        if leading and self._H > aH:
            parts = self._split_last(leading, last, aW, aH)
            if parts:
                return leading + parts
        return super().split(aW, aH)

    def _split_last(self, leading, last, aW, aH) -> list:
        """The last block split so its first part fits under the leading ones, or []."""
        used = _listWrapOn(leading, aW, self.canv)[1]
        # Counting both spaces (the frame merges them) errs towards moving the group.
        room = aH - used - leading[-1].getSpaceAfter() - last.getSpaceBefore()
        if room <= 0:
            return []
        parts = last.splitOn(self.canv, aW, room)
        if len(parts) < 2:
            return []
        _, first_height = parts[0].wrapOn(self.canv, aW, room)
        return parts if first_height <= room else []
