"""Blocks -> flowables: one dispatch table, one small module per kind of block."""

from __future__ import annotations

from collections.abc import Callable

from handbook.layout import (
    callouts,
    code,
    diagram,
    headings,
    images,
    lists,
    math,
    mindmap,
    quotes,
    tables,
    text,
)
from handbook.layout.context import LayoutContext
from handbook.layout.wide import always, layout_wide_if_needed
from handbook.model import (
    BlockQuote,
    Callout,
    CodeBlock,
    Diagram,
    MathBlock,
    Heading,
    HtmlBlock,
    Image,
    ListBlock,
    MindMap,
    Paragraph,
    RemoteImage,
    Table,
    ThematicBreak,
)

BLOCK_LAYOUTS: dict[type, Callable] = {
    Heading: headings.layout_heading,
    Paragraph: text.layout_paragraph,
    ListBlock: lists.layout_list,
    CodeBlock: code.layout_code,
    HtmlBlock: code.layout_html,
    BlockQuote: quotes.layout_quote,
    ThematicBreak: text.layout_rule,
    Table: tables.layout_table,
    Image: images.layout_image,
    MindMap: mindmap.layout_mindmap,
    Callout: callouts.layout_callout,
    RemoteImage: images.layout_remote_image,
    MathBlock: math.layout_math_block,
    Diagram: diagram.layout_diagram,
}

# Blocks that may reach into the outer margin (layout/wide.py) when, standing in the text
# block itself, they need more room than it has: block type -> needs_room(block, ctx).
# (Images decide for themselves, in layout/images.py: they read their size to lay out.)
WIDE_WHEN: dict[type, Callable] = {
    Table: tables.needs_room,
    MindMap: always,
    Diagram: diagram.needs_room,
}


def layout_children(blocks: list, ctx: LayoutContext, paragraph_style: str) -> list:
    """Blocks inside a list item or a quote: its paragraphs in `paragraph_style`, the rest as anywhere."""
    flowables: list = []
    for block in blocks:
        if isinstance(block, Paragraph):
            made = text.layout_paragraph(block, ctx, paragraph_style)
            for flowable in made:
                flowable.handbook_loc = block.loc
            flowables.extend(made)
        else:
            flowables.extend(layout_blocks([block], ctx))
    return flowables


def layout_blocks(blocks: list, ctx: LayoutContext) -> list:
    flowables: list = []
    for block in blocks:
        layout, needs_room = BLOCK_LAYOUTS[type(block)], WIDE_WHEN.get(type(block))
        made = layout_wide_if_needed(layout, needs_room, block, ctx) if needs_room else layout(block, ctx)
        for flowable in made:
            flowable.handbook_loc = block.loc  # so a layout error can name the source line
        flowables.extend(made)
    return flowables
