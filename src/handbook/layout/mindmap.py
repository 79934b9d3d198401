"""Mind maps (placeholder until the drawn map lands): the tree as a nested list."""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.model import ListBlock, ListItem, MindMap, MindMapNode, Paragraph


def layout_mindmap(block: MindMap, ctx: LayoutContext) -> list:
    from handbook.layout.lists import layout_list

    def as_list(node: MindMapNode) -> ListBlock:
        return ListBlock([ListItem([Paragraph(node.label, block.loc)] +
                                   ([as_list_children(node)] if node.children else []))], block.loc)

    def as_list_children(node: MindMapNode) -> ListBlock:
        return ListBlock([as_list(child).items[0] for child in node.children], block.loc)

    return layout_list(as_list(block.root), ctx)
