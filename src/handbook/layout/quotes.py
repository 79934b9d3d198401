"""Block quotes: indented, with a bar in the margin; deep nesting stops indenting."""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import IndentedBox
from handbook.layout.styles import color
from handbook.model import BlockQuote

MAX_INDENT_DEPTH = 6  # deeper quotes keep their bar but no longer move right


def layout_quote(block: BlockQuote, ctx: LayoutContext) -> list:
    from handbook.layout.blocks import layout_children  # blocks imports this module

    spacing = ctx.theme.spacing
    indent = spacing.quote_indent if ctx.depth < MAX_INDENT_DEPTH else spacing.quote_bar_width * 2
    inner = layout_children(block.blocks, ctx.nested(indent), "blockquote")
    if not inner:
        return []
    return [
        IndentedBox(
            inner,
            indent,
            spacing.quote_bar_width,
            color(ctx.theme.colors.quote_bar),
            space_after=ctx.theme.text.body.space_after,
        )
    ]
