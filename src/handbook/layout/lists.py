"""Bulleted and numbered lists, nested to any depth (indentation stops growing past a cap)."""

from __future__ import annotations

from reportlab.platypus import ListFlowable, ListItem as RLListItem

from handbook.layout.context import LayoutContext
from handbook.layout.fonts import font_name
from handbook.layout.styles import color
from handbook.model import ListBlock, Paragraph

MAX_INDENT_DEPTH = 6


def layout_list(block: ListBlock, ctx: LayoutContext) -> list:
    from handbook.layout.blocks import layout_children  # blocks imports this module
    from handbook.layout.text import layout_paragraph

    theme = ctx.theme
    indent = theme.spacing.list_indent if ctx.depth < MAX_INDENT_DEPTH else 2
    left_indent = indent + (theme.spacing.bullet_width if block.ordered else 0)
    inner_ctx = ctx.nested(left_indent)
    items = []
    for item in block.items:
        flowables = layout_children(item.blocks, inner_ctx, "list_item")
        if not flowables:
            flowables = layout_paragraph(Paragraph([], block.loc), inner_ctx, "list_item")
        items.append(RLListItem(flowables))
    style = theme.text.list_item
    bullets = theme.bullets
    options = dict(
        leftIndent=left_indent,
        bulletFontName=font_name(style.font, False, False),
        bulletFontSize=style.size,
        bulletColor=color(theme.colors.accent),
        spaceAfter=theme.text.body.space_after,
    )
    if block.ordered:
        return [ListFlowable(items, bulletType="1", start=block.start, bulletFormat="%s.", **options)]
    bullet = bullets[ctx.depth % len(bullets)]
    return [ListFlowable(items, bulletType="bullet", start=bullet, **options)]
