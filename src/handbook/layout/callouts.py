"""Callout boxes: a tinted, framed block the width of the text with an accent bar, a mark and a
title, holding any blocks. A short box moves to the next page whole; a long one breaks, each
part framed on its own, the later parts titled "... (continued)".

The kinds' colours and marks are theme data (`callouts.kinds`); the mark, an icon of its own
shape per kind (layout.callout_icons), keeps the kinds apart when the colours print as greys.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable

from handbook.layout.callout_icons import draw_icon
from handbook.layout.context import LayoutContext
from handbook.layout.flowables import IndentedBox
from handbook.layout.fonts import font_name
from handbook.layout.inline import markup, text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.rlcompat import cap_height, frame_at_top, frame_of
from handbook.layout.styles import color, style_of
from handbook.model import Callout


def layout_callout(block: Callout, ctx: LayoutContext) -> list:
    from handbook.layout.blocks import layout_children  # blocks imports this module

    style = ctx.theme.callouts
    assert style is not None  # default.yaml defines it; themes extend it
    kind = style.kinds.get(block.kind) or style.kinds["note"]
    inset = style.bar_width + 2 * style.padding
    # Inside a box, lists start again at the first bullet: only the width shrinks.
    inner = layout_children(block.blocks, replace(ctx, indent=ctx.indent + inset), "body")
    title_markup = markup(block.title, ctx) if block.title else text(kind.title)
    plain_title = text(_plain(block.title) or kind.title)
    box = CalloutBox(
        inner,
        title_markup,
        style.continued.replace("{title}", plain_title),
        _Look(ctx, kind),
        keep_height=style.keep_height * ctx.text_height,
    )
    box.spaceBefore, box.spaceAfter = style.space_before, style.space_after  # type: ignore[assignment]
    return [box]


def _plain(inlines) -> str:
    from handbook.model import plain_text

    return plain_text(inlines).strip() if inlines else ""


class _Look:
    """What a box of one kind looks like, in reportlab terms."""

    def __init__(self, ctx: LayoutContext, kind):
        style = ctx.theme.callouts
        assert style is not None
        self.accent, self.tint = color(kind.accent), color(kind.tint)
        self.ink = color(style.ink) if style.ink is not None else self.accent  # bar and mark
        self.mark, self.symbol = kind.mark, kind.symbol
        self.frame_width, self.bar_width = style.frame_width, style.bar_width
        self.padding, self.mark_size = style.padding, style.mark_size
        self.title_style = style_of(ctx.theme, "callouts.title", style.title)
        self.symbol_font = font_name(style.title.font, True, False)


class CalloutBox(Flowable):
    def __init__(
        self,
        flowables: list,
        title: str,
        continued: str,
        look: _Look,
        keep_height: float,
        is_continuation: bool = False,
    ):
        super().__init__()
        self.look, self.keep_height = look, keep_height
        self.title_markup, self.continued = title, continued
        self.is_continuation = is_continuation
        self.must_split = False  # set while the box around it has to break (see split)
        indent = look.mark_size + 4 if look.mark else 0
        self.title = RLParagraph(
            continued if is_continuation else title,
            look.title_style.clone("callout-title", leftIndent=indent),
        )
        self.content = IndentedBox(flowables, 0)
        self.flowables = flowables
        self.spaceBefore = self.spaceAfter = 0  # set by layout_callout

    def _inner_width(self, availWidth: float) -> float:
        return max(availWidth - self.look.bar_width - 2 * self.look.padding, 1)

    def wrap(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        canvas = getattr(self, "canv", None)
        _, self._title_height = self.title.wrapOn(canvas, inner, availHeight)
        self._content_height: float
        _, self._content_height = (
            self.content.wrapOn(canvas, inner, availHeight) if self.flowables else (0, 0)
        )
        gap = self.look.padding * 0.6 if self.flowables else 0
        self.width = availWidth
        self.height = 2 * self.look.padding + self._title_height + gap + self._content_height
        return self.width, self.height

    def split(self, availWidth, availHeight):
        height = self.wrap(availWidth, availHeight)[1]
        if height <= availHeight:
            return [self]
        # A box at the top of its frame, or inside a box that must break, has nowhere better to
        # go: it breaks even when short.
        must_split = self.must_split or frame_at_top(frame_of(self))
        if height <= self.keep_height and not must_split:
            return []  # a short box never splits: it moves to the next page whole
        look = self.look
        room = availHeight - 2 * look.padding - self._title_height - look.padding * 0.6
        if room <= 0 or not self.flowables:
            return []
        parts = self._split_content(availWidth, room, force_nested=False)
        if (len(parts) < 2 or isinstance(parts[0], ActionFlowable)) and must_split:
            # No break falls between the boxes nested in this one (each would rather move whole,
            # as in deeply nested <details>): break inside them instead of failing the build.
            parts = self._split_content(availWidth, room, force_nested=True)
        if len(parts) < 2 or isinstance(parts[0], ActionFlowable):
            return []
        first = CalloutBox(
            parts[0].flowables,
            self.title_markup,
            self.continued,
            look,
            self.keep_height,
            self.is_continuation,
        )
        rest = CalloutBox(
            parts[1].flowables,
            self.title_markup,
            self.continued,
            look,
            self.keep_height,
            is_continuation=True,
        )
        first.spaceBefore, first.spaceAfter = self.spaceBefore, 0
        rest.spaceBefore, rest.spaceAfter = 0, self.spaceAfter
        return [first, rest]

    def _split_content(self, availWidth: float, room: float, force_nested: bool) -> list:
        nested = [f for f in self.flowables if isinstance(f, CalloutBox)]
        for box in nested:
            box.must_split = force_nested
        try:
            canvas = getattr(self, "canv", None)
            return self.content.splitOn(canvas, self._inner_width(availWidth), room)
        finally:
            for box in nested:
                box.must_split = False

    def draw(self):
        canvas, look = self.canv, self.look
        canvas.saveState()
        canvas.setFillColor(look.tint)
        canvas.setStrokeColor(look.accent)
        canvas.setLineWidth(look.frame_width)
        canvas.rect(0, 0, self.width, self.height, stroke=1 if look.frame_width else 0, fill=1)
        canvas.setFillColor(look.ink)
        canvas.rect(0, 0, look.bar_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        x = look.bar_width + look.padding
        y = self.height - look.padding - self._title_height
        self.title.drawOn(canvas, x, y)
        if look.mark:
            # Centred on the capitals of the title's first line (its baseline is one font
            # size below the top, as reportlab sets a paragraph's first line).
            style = self.title.style
            centre_y = (
                self.height - look.padding - style.fontSize + cap_height(style.fontName, style.fontSize) / 2
            )
            draw_icon(
                canvas,
                look.mark,
                x + look.mark_size / 2,
                centre_y,
                look.mark_size,
                look.ink,
                look.tint,
                look.symbol,
                look.symbol_font,
            )
        if self.flowables:
            y -= look.padding * 0.6 + self._content_height
            self.content.drawOn(canvas, x, y)
