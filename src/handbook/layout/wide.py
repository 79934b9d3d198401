"""The wide area: the text block for reading, a wider area for what needs the room.

A textbook's page (Tufte's, KOMA's with a margin column): running text keeps to a measure
that reads comfortably (60-80 characters), and the blocks that need more (a table whose
columns do not fit, a mind map, a diagram or picture wider than the text, the practice
questions with their match lists) reach into the outer margin, as far as the theme's
`page.wide_margin_outer` allows: right of the text block on a right-hand page, left of it on a
left-hand page, so that the binding side stays straight.

A block goes wide only where it stands in the text block itself (not inside a list, quote or
box): its layout gets the wide area's width (`LayoutContext.widened`) and its flowables are
marked (`mark_wide`); the page's frame (layout/frames.py) places a marked flowable in the
wide area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reportlab.platypus import KeepTogether

from handbook.layout.context import LayoutContext, wide_reach
from handbook.layout.rlcompat import kept_flowables

WIDE = "handbook_wide"  # the attribute that marks a flowable for the wide area


def may_widen(ctx: LayoutContext) -> bool:
    """Whether a block laid out in `ctx` stands in the text block itself, with a wide area."""
    return ctx.depth == 0 and ctx.indent == 0 and not ctx.wide and wide_reach(ctx.theme) > 0


def layout_wide_if_needed(layout: Callable, needs_room: Callable, block, ctx: LayoutContext) -> list:
    """`layout(block, ctx)`, in the wide area when the block `needs_room(block, ctx)` (asked
    with the text block's context) and may have it."""
    if may_widen(ctx) and needs_room(block, ctx):
        return mark_wide(layout(block, ctx.widened()))
    return layout(block, ctx)


def always(block, ctx: LayoutContext) -> bool:
    return True


def mark_wide(flowables: list) -> list:
    """Mark `flowables` (and what groups among them hold) for the wide area; returns them."""
    for flowable in flowables:
        setattr(flowable, WIDE, True)
        if isinstance(flowable, KeepTogether):
            mark_wide(kept_flowables(flowable))
    return flowables


def is_marked_wide(flowable) -> bool:
    return bool(getattr(flowable, WIDE, False))


def is_wide(flowable) -> bool:
    """A flowable marked wide, or a group (a heading kept with a table) holding one: the group
    is measured at the wide width, as its wide member will be placed."""
    if is_marked_wide(flowable):
        return True
    return isinstance(flowable, KeepTogether) and any(is_wide(f) for f in kept_flowables(flowable))


def on_the_wide_area(theme):
    """The theme with its text block as wide as its wide area: for a test paper, a form of
    questions, boxes and ruled answer space, which has no running text to keep to a measure."""
    if wide_reach(theme) <= 0:
        return theme
    return replace(theme, page=replace(theme.page, margin_outer=theme.page.wide_margin_outer))
