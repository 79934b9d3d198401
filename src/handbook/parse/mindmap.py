"""A ```mindmap fence -> MindMap: the content is a nested bullet list with one root item."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from handbook.errors import Diagnostics
from handbook.model import Location, MindMap, MindMapNode, plain_text

_LIST_PARSER = MarkdownIt("commonmark", {"maxNesting": 40})


def parse_mindmap(content: str, loc: Location, diagnostics: Diagnostics, parse_inline) -> MindMap | None:
    tree = SyntaxTreeNode(_LIST_PARSER.parse(content))
    lists = [n for n in tree.children if n.type in ("bullet_list", "ordered_list")]
    others = [n for n in tree.children if n.type not in ("bullet_list", "ordered_list")]
    if not lists or others:
        diagnostics.error(loc.path, loc.line, "a mindmap block must hold only a bulleted list "
                          "('- Topic' with indented '- branch' items)")
        return None
    roots = [item for lst in lists for item in lst.children]
    if len(roots) != 1:
        diagnostics.error(loc.path, loc.line, f"a mindmap needs exactly one top-level item (the "
                          f"central topic), found {len(roots)}; indent the branches under it")
        return None
    problems: list[str] = []
    root = _node(roots[0], parse_inline, problems)
    for problem in problems:
        diagnostics.error(loc.path, loc.line, problem)
    return None if problems else MindMap(root, loc)


def _node(item: SyntaxTreeNode, parse_inline, problems: list[str]) -> MindMapNode:
    label_text = ""
    children: list[MindMapNode] = []
    for child in item.children:
        if child.type == "paragraph":
            label_text += (" " if label_text else "") + child.children[0].content.replace("\n", " ")
        elif child.type in ("bullet_list", "ordered_list"):
            children.extend(_node(sub, parse_inline, problems) for sub in child.children)
    label = parse_inline(label_text.strip()) if label_text.strip() else []
    if not plain_text(label).strip():
        problems.append("a mindmap item has an empty label")
    return MindMapNode(label, children)
