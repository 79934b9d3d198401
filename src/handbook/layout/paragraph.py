"""reportlab's Paragraph, keeping its line breaks for the width it was last wrapped at.

Platypus asks a paragraph for its size many times at one width (keep-together groups, list
items, table cells, the frame that places it), and reportlab breaks the lines again each
time: that was a third of a build. The breaks depend only on the width (`availHeight` is
not used by `Paragraph.wrap`), so a second wrap at the same width returns the first answer.
Parts made by `split` are new paragraphs and break their lines afresh.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _ReportlabParagraph

from handbook.layout import scripts
from handbook.layout.rlcompat import has_broken_lines


class Paragraph(_ReportlabParagraph):
    def __init__(self, text, style=None, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        # Characters the face lacks come from its fallback chain; Devanagari is shaped.
        frags, shaping = scripts.split_frags(self.frags)
        if frags is not None:
            self.frags = frags
        if shaping and not self.style.shaping:
            self.style = _shaping(self.style)

    def wrap(self, availWidth, availHeight):
        # Within a millionth of a point: a width computed two ways (a frame's, a quote's inner
        # width) differs in the last bit, which missed the cache 5,600 times on a long quote.
        if abs(self.__dict__.get("_wrapped_width", -1.0) - availWidth) < 1e-6 and has_broken_lines(self):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


def _shaping(style):
    shaped = _SHAPED.get(id(style))
    if shaped is None or shaped[0] is not style:
        shaped = _SHAPED[id(style)] = (style, style.clone(style.name + ":shaped", shaping=1))
    return shaped[1]


_SHAPED: dict[int, tuple] = {}
