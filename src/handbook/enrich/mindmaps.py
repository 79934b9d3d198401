"""`mindmap: auto`: a chapter without a mind map gets one drawn from its headings.

The chapter title is the centre, its top-level sections (`##` in the usual layout) the
branches and their sub-sections (`###`) the leaves. The map goes first in the chapter body,
so it stands right after the chapter opener.
"""

from __future__ import annotations

import copy

from handbook.model import Book, Chapter, Heading, MindMap, MindMapNode, Text, plain_text


def add_auto_mindmaps(book: Book, theme, options, diagnostics) -> None:
    for chapter in book.chapters:
        if chapter.meta.mindmap != "auto" or any(isinstance(b, MindMap) for b in chapter.blocks):
            continue
        root = mindmap_from_headings(chapter)
        if not root.children:
            diagnostics.warning(
                chapter.path,
                chapter.meta.loc.line,
                "'mindmap: auto' needs section headings ('## ...') to draw a map "
                "from; this chapter has none, so it gets no map",
                code="mindmap-auto-no-headings",
            )
            continue
        chapter.blocks.insert(0, MindMap(root, chapter.meta.loc))


def mindmap_from_headings(chapter: Chapter) -> MindMapNode:
    top = chapter.top_heading_level
    root = MindMapNode([Text(chapter.meta.title)])
    for block in chapter.blocks:
        if not isinstance(block, Heading) or not plain_text(block.children).strip():
            continue
        # A copy: the map must not share inline nodes the heading's own layout may touch.
        node = MindMapNode(copy.deepcopy(block.children))
        if block.level == top:
            root.children.append(node)
        elif block.level == top + 1 and root.children:
            root.children[-1].children.append(node)
    return root
