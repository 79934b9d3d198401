"""reportlab's Paragraph, keeping its line breaks for the width it was last wrapped at.

Platypus asks a paragraph for its size many times at one width (keep-together groups, list
items, table cells, the frame that places it), and reportlab breaks the lines again each
time: that was a third of a build. The breaks depend only on the width (`availHeight` is
not used by `Paragraph.wrap`), so a second wrap at the same width returns the first answer.
Parts made by `split` are new paragraphs and break their lines afresh.

A glossary link (an acronym's use) records its page as it is drawn: reportlab tells the text
object where each link starts and ends on a line (`_linkRecord`), and the start of a use that
is not the same link going on from the line before (or from the part of the paragraph on the
page before) is passed to the acronym callback, as a marker before the link was (one more
fragment per use to parse, break and draw: about 8% of a build).
"""

from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Any, Iterator

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.platypus import Paragraph as _ReportlabParagraph

from handbook.layout import linebreak, scripts
from handbook.layout.inline import ACRONYM_CALLBACK, ACRONYM_OF_LINK
from handbook.layout.math import size_inline_formulas
from handbook.layout.rlcompat import (
    CANNOT_SET,
    count_gaps_beside_boxes,
    glue_inline_boxes,
    has_broken_lines,
    keep_first_part_lines,
    kept_lines,
    line_ends_in_hyphen,
    on_link_lines,
    single_fragment_links,
    split_line_counts,
    steered_break_lines,
)
from handbook.layout.typography import hyphenator

# Ems: a narrower column (a table cell, a mind-map box, a form's label) is set as before,
# greedily and unhyphenated; running text is 60-80 characters, about 26-34 em.
TOTAL_FIT_MEASURE = 20


class Paragraph(_ReportlabParagraph):
    frags: list  # (set by reportlab's Paragraph)
    style: Any
    source: tuple[str, int] | None = None  # (file, line) of the Markdown it sets, for messages

    def __init__(self, text, style=None, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        # Characters the face lacks come from its fallback chain; Devanagari is shaped.
        frags, shaping = scripts.split_frags(self.frags)
        if frags is not None:
            self.frags = frags
        if shaping and not self.style.shaping:
            self.style = _shaping(self.style)
        if (
            text and "handbook_math" in text
        ):  # formulas (layout.math) get their boxes (parts of a split paragraph have them)
            size_inline_formulas(self)

    def wrap(self, availWidth, availHeight):
        # Within a millionth of a point: a width computed two ways (a frame's, a quote's inner
        # width) differs in the last bit, which missed the cache 5,600 times on a long quote.
        if abs(self.__dict__.get("_wrapped_width", -1.0) - availWidth) < 1e-6 and has_broken_lines(self):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def breakLines(self, width):
        """Justified running text: the lines layout/linebreak.py chooses for the whole
        paragraph, with hyphens from the book's dictionary; anything else (a narrow column, a
        paragraph it cannot set: a word wider than the line), line by line as reportlab does.
        An inline formula is one word with the text it touches, and a gap beside it is a gap."""
        kept = kept_lines(self, width)
        if kept is not None:  # the first part of a split paragraph: the whole one's lines
            return kept
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        glue_inline_boxes(self, widths[0])
        broken = self._break_lines(width, widths)
        count_gaps_beside_boxes(broken)
        return broken

    def _break_lines(self, width, widths: list):
        style = self.style
        if style.alignment == TA_JUSTIFY and min(widths) >= TOTAL_FIT_MEASURE * style.fontSize:
            hyphenate = hyphenator(getattr(style, "hyphenation", ""))
            greedy = super().breakLines
            lines = steered_break_lines(
                self, widths, hyphenate, greedy, linebreak.total_fit, linebreak.first_fit_is_good
            )
            if lines is CANNOT_SET:
                _note_unset(self)
            elif lines is not None:
                return lines
        return super().breakLines(width)

    def split(self, availWidth, availHeight):
        """reportlab's split (never one line alone at either end: styles forbid widows and
        orphans), moved one line on when the page would end in a hyphen and the line before
        does not (the reader turns the page mid-word), so long as two lines stay behind."""
        parts = super().split(availWidth, availHeight)
        counted = split_line_counts(parts)
        if counted is not None:
            lines, leading = counted
            if lines >= 3 and line_ends_in_hyphen(parts[0], -1) and not line_ends_in_hyphen(parts[0], -2):
                parts = super().split(availWidth, (lines - 1) * leading + 1e-6)
        keep_first_part_lines(self, parts)
        return parts

    def beginText(self, x, y):
        canvas = self.canv
        tx = canvas.beginText(x, y)
        on_link_lines(tx, lambda link, what: _link_drawn(canvas, link, what))
        for link in single_fragment_links(self):  # drawn without link events
            _link_drawn(canvas, link, "start")
            _link_drawn(canvas, link, "end")
        return tx


def _link_drawn(canvas, link, what: str) -> None:
    """`link` (reportlab's (number in the paragraph, href), one object for all the lines and
    parts of one <a>) starts or ends on the line being drawn."""
    acronym = ACRONYM_OF_LINK.get(link[1])
    if acronym is None:
        return
    ended = canvas.__dict__.get("_handbook_links_ended")
    if ended is None:
        ended = canvas._handbook_links_ended = deque(maxlen=8)  # (kept: no id is reused)
    if what == "end":
        ended.append(link)
    elif not any(link is done for done in ended):  # not the same use going on from a line before
        record = canvas.getNamedCB(ACRONYM_CALLBACK)
        if record is not None:
            record(canvas, "onDraw", acronym)


# --- paragraphs set line by line (the build warns: pipeline.py) ------------------------------

_unset: list[set] = []  # the open collections, innermost last


@contextmanager
def collecting_unset() -> Iterator[set]:
    """The (file, line) of every paragraph that total fit could not set while the `with` runs
    (reportlab's line-by-line breaker set it instead: a word wider than the line is cut where
    the line ends). A set: a paragraph wrapped many times is one paragraph."""
    found: set = set()
    _unset.append(found)
    try:
        yield found
    finally:
        _unset.remove(found)


def _note_unset(paragraph: Paragraph) -> None:
    if paragraph.source is not None:
        for found in _unset:
            found.add(paragraph.source)


def _shaping(style):
    # By id, safe: an entry holds its style (its id cannot go to another object) and is checked.
    shaped = _SHAPED.get(id(style))
    if shaped is None or shaped[0] is not style:
        shaped = _SHAPED[id(style)] = (style, style.clone(style.name + ":shaped", shaping=1))
    return shaped[1]


_SHAPED: dict[int, tuple] = {}
