"""Keeping headings with their text without wasting the rest of the page.

A heading (and its anchor) has `keepWithNext`; reportlab groups it with the block that follows
into a KeepTogether. That class has two faults for us: it moves the whole group to the next
page whenever the block does not fit *entirely* (after a heading followed by a long paragraph,
most of a page stays empty), and it measures the group without the heading's space above when
a zero-size anchor comes first, so a heading can still be left alone at the foot of a page.

`KeepWithFirstPart` measures every space in full, and keeps the group on the page when the
heading and the *first part* of the block fit: a split the block itself allows (for a
paragraph, at least two lines, since paragraph styles forbid widows and orphans; for a table,
whole rows under its header), at least two lines of text tall (a list of one-line items would
split after its first). Only when even that does not fit does the group move on.
"""

from __future__ import annotations

from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import KeepTogether

from handbook.layout.rlcompat import doc_of, frame_at_top, frame_of, kept_flowables


class KeepWithFirstPart(KeepTogether):
    def split(self, aW, aH):
        content = kept_flowables(self)
        *leading, last = content
        if not leading:
            return super().split(aW, aH)
        room = aH - self._stacked_height(leading, aW, aH) - last.getSpaceBefore()
        if room > 0:
            if last.wrapOn(self.canv, aW, room)[1] <= room:
                return list(content)  # everything fits
            parts = last.splitOn(self.canv, aW, room)
            if len(parts) >= 2 and self._two_lines(last) <= parts[0].wrapOn(self.canv, aW, room)[1] <= room:
                return leading + parts
        frame = frame_of(self)
        if frame is not None and frame_at_top(frame):
            return list(content)  # a new page would not help: let the block split
        return [FrameBreak()] + list(content)

    def _two_lines(self, block) -> float:
        """How tall a first part of `block` must be to hold two lines of its text (or of body
        text: a list of one-line items splits after its first item, and one line under the
        heading is not enough)."""
        theme = getattr(doc_of(self.canv), "theme", None)
        if theme is None:
            return 0.0
        leading = theme.text.body.leading
        own = getattr(getattr(block, "style", None), "leading", None)
        if isinstance(own, (int, float)) and own > 0:
            leading = min(leading, own)
        return 2 * leading - 0.5

    def _stacked_height(self, flowables, aW, aH) -> float:
        # Every space counted in full (the frame merges some): errs towards moving the group.
        return sum(f.getSpaceBefore() + f.wrapOn(self.canv, aW, aH)[1] + f.getSpaceAfter() for f in flowables)
