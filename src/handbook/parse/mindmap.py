"""A ```mindmap fence -> MindMap: the content is a nested bullet list with one root item.

Problems are reported at the line that has them: the fence for a block with no list, the
second top-level item, the item with an empty label, the stray paragraph or code.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from handbook.errors import Diagnostics
from handbook.model import Location, MindMap, MindMapNode, plain_text

_LIST_PARSER = MarkdownIt("commonmark", {"maxNesting": 40})
LISTS = ("bullet_list", "ordered_list")
# Mind-map topics are short phrases; a longer label is almost certainly a paragraph that
# belongs in the text (and could not be drawn legibly in a node).
MAX_LABEL_CHARS = 200
HOW = "write '- Central topic' with the branches indented under it as '  - branch'"


def parse_mindmap(content: str, loc: Location, diagnostics: Diagnostics, parse_inline) -> MindMap | None:
    tree = SyntaxTreeNode(_LIST_PARSER.parse(content))

    def line_of(node: SyntaxTreeNode) -> int | None:
        # The content starts on the line after the fence.
        return loc.line + 1 + node.map[0] if loc.line is not None and node.map else loc.line

    def error(line: int | None, message: str, code: str) -> None:
        diagnostics.error(loc.path, line, message, code=code)

    lists = [n for n in tree.children if n.type in LISTS]
    others = [n for n in tree.children if n.type not in LISTS]
    if not lists:
        error(
            loc.line,
            "this mindmap block has no list" + (" (it is empty)" if not tree.children else "") + f"; {HOW}",
            code="mindmap-no-list",
        )
        return None
    ok = True
    for other in others:
        error(
            line_of(other),
            f"a mindmap block may hold only its list, not {_what(other)}; {HOW}",
            code="mindmap-extra-content",
        )
        ok = False
    roots = [item for lst in lists for item in lst.children]
    if len(roots) != 1:
        error(
            line_of(roots[1]),
            f"a mindmap has one central topic, but this block has {len(roots)} "
            f"top-level items; indent the branches under the first",
            code="mindmap-roots",
        )
        return None
    deep = _too_deep(tree)
    if deep is not None:
        diagnostics.error(
            loc.path,
            line_of(deep),
            f"this mind map nests topics more than {MAX_DEPTH} "
            "levels deep; a map that deep cannot be read on a page: flatten it, or "
            "put the detail in the text",
            code="mindmap-too-deep",
        )
        return None
    problems: list[tuple[int | None, str]] = []
    root = _node(roots[0], parse_inline, problems, line_of)
    for line, problem in problems:
        error(line, problem, code="mindmap-invalid")
    return MindMap(root, loc) if ok and not problems else None


def _node(item: SyntaxTreeNode, parse_inline, problems: list, line_of) -> MindMapNode:
    label_text = ""
    children: list[MindMapNode] = []
    for child in item.children:
        if child.type == "paragraph":
            label_text += (" " if label_text else "") + child.children[0].content.replace("\n", " ")
        elif child.type in LISTS:
            children.extend(_node(sub, parse_inline, problems, line_of) for sub in child.children)
        elif child.type == "heading" and child.markup in ("-", "="):
            label_text += (" " if label_text else "") + child.children[0].content.replace("\n", " ")
            problems.append(
                (
                    line_of(child),
                    "an item below this label has no text, so Markdown reads "
                    "the label as a heading; give every item a label",
                )
            )
        else:
            problems.append(
                (line_of(child), f"a mindmap item holds only its label and nested items, not {_what(child)}")
            )
    label = parse_inline(label_text.strip()) if label_text.strip() else []
    shown = plain_text(label).strip()
    if not shown:
        problems.append((line_of(item), "a mindmap item has an empty label; write its topic after the '-'"))
    elif len(shown) > MAX_LABEL_CHARS:
        problems.append(
            (
                line_of(item),
                f"this mindmap label has {len(shown)} characters; topics are "
                f"short phrases (at most {MAX_LABEL_CHARS}), put the detail in the text",
            )
        )
    return MindMapNode(label, children)


MAX_DEPTH = 12  # levels of topics; markdown-it stops reading lists at half its maxNesting (20)


def _too_deep(tree: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """The first list item deeper than MAX_DEPTH topics (or where markdown-it stopped
    reading nested lists), or None. Walked without recursion."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.type == "list_item":
            depth += 1
            if depth > MAX_DEPTH:
                return node
        stack.extend((child, depth) for child in node.children)
    return None


def _what(node: SyntaxTreeNode) -> str:
    names = {
        "paragraph": "a paragraph",
        "heading": "a heading",
        "fence": "a code block",
        "code_block": "a code block",
        "blockquote": "a quotation",
        "hr": "a rule",
        "html_block": "HTML",
        "table": "a table",
    }
    return names.get(node.type, f"'{node.type}'")
