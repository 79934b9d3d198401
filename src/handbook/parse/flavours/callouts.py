"""Callout boxes in the spellings of each tool, as the project's one Callout (layout/callouts.py):

- MkDocs / Python-Markdown admonitions `!!! kind "Title"`, collapsible `??? kind` and `???+ kind`
  (mdit-py-plugins' admon rule; printed open: paper does not fold);
- pymdownx blocks `/// kind | Title` with an indented `type:` / `open:` options block (the
  container rule with '/' as its marker);
- the Obsidian Admonition plugin's fences ```ad-kind with `title:`, `collapse:`, `icon:` and
  `color:` lines at the top;
- MyST directives ```{note} and :::{note} with `:class:`-style option lines, `{admonition} Title`.

A box's kind is looked up in the theme (its kinds and aliases); a kind the theme lacks prints as
a note titled with the kind's name, so `ad-Answer` says "Answer".
"""

from __future__ import annotations

import copy
import re

from mdit_py_plugins.container import container_plugin

from handbook.model import Callout, CodeBlock, Text

# The default theme's kinds and aliases (styles/default.yaml): a box of another kind with no
# title of its own is titled with its kind's name rather than the note's "Note".
THEME_KINDS = {
    "note",
    "info",
    "tip",
    "important",
    "warning",
    "caution",
    "example",
    "details",
    "summary",
    "context",
    "in-news",
    "prelims",
    "mains",
    "way-forward",
    "fact",
    "danger",
    "error",
    "attention",
    "hint",
    "success",
    "abstract",
    "tldr",
    "question",
    "faq",
    "quote",
    "cite",
    "todo",
    "bug",
    "failure",
}
# pymdownx blocks that are not boxes: their content prints as it stands.
PLAIN_BLOCKS = {"html", "tab", "caption", "figure-caption", "markdown", "attrs"}
BLOCK_OPTION = re.compile(r"\s*([\w-]+)\s*:\s*(.*)\Z")
AD_OPTION = re.compile(r"(title|collapse|icon|color)\s*:\s*(.*)\Z", re.IGNORECASE)
MYST_OPTION = re.compile(r"\s*:([\w-]+):\s*(.*)\Z")
DIRECTIVE = re.compile(r"\{([\w:.-]+)\}\s*(.*)\Z")
# MyST directives that are a site's own machinery: nothing to print.
SITE_DIRECTIVES = {"toctree", "tableofcontents", "contents", "include", "literalinclude", "bibliography"}
CODE_DIRECTIVES = {"code", "code-block", "code-cell", "sourcecode"}


def blocks_plugin(md) -> None:
    """pymdownx blocks: `/// kind | Title` ... `///` (more slashes to nest)."""
    container_plugin(md, "pymdown", marker="/", validate=lambda params, *args: bool(params.strip()))


def comments_plugin(md) -> None:
    """Obsidian `%%` comment blocks: from a line starting `%%` to the line ending `%%`, dropped."""

    def rule(state, start, end, silent):
        first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        if not first.startswith("%%") or state.sCount[start] - state.blkIndent >= 4:
            return False
        line = start
        closed = first.rstrip().endswith("%%") and len(first.strip()) >= 4
        while not closed and line + 1 < end:
            line += 1
            text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            closed = text.rstrip().endswith("%%")
        if not closed:
            return False  # an unclosed `%%` is text (marks.py says so)
        if not silent:
            state.line = line + 1
        return True

    md.block.ruler.before("paragraph", "obsidian_comment", rule)


def kind_title(kind: str, title: list) -> list:
    """The title to print: the written one, else the kind's name for a kind the theme lacks."""
    if title or kind in THEME_KINDS:
        return title
    return [Text(kind.replace("-", " ").replace("_", " ").capitalize())] if kind else []


def admonition(node, ctx) -> list:
    """`!!! kind "Title"` / `??? kind` -> a box (a quiz becomes practice questions, tasks.py)."""
    from handbook.parse.markdown import _sequence, inlines

    kind = (node.meta.get("tag") or "note").lower()
    body = list(node.children)
    title: list = []
    if body and body[0].type == "admonition_title":
        heading = body.pop(0)
        written = _written_title(node.info or "")
        title = inlines(heading.children[0], ctx) if heading.children and written else []
    return [Callout(kind, kind_title(kind, title), _sequence(body, ctx), ctx.loc(node))]


def _written_title(params: str) -> bool:
    """Whether `!!! kind ...` writes a title (the rule makes one from the kind otherwise)."""
    rest = params.strip().split(" ", 1)
    return len(rest) > 1 and rest[1].strip() not in ('""', "")


def pymdown_block(node, ctx) -> list:
    """`/// kind | Title` with options (`type: warning`, `open: true`) -> a box, or its content
    for blocks that are not boxes (tabs, html, captions)."""
    from handbook.parse.markdown import _inline_text_parser, _sequence

    params = (node.info or "").strip()
    name, _, title_text = params.partition("|")
    name = name.strip().lower()
    body = list(node.children)
    options: dict = {}
    if body and body[0].type in ("code_block", "paragraph") and body[0].map:
        lines = ctx.lines[body[0].map[0] : body[0].map[1]]
        found = [BLOCK_OPTION.match(line) for line in lines if line.strip()]
        if found and all(found) and (body[0].type == "code_block" or _indented(lines)):
            options = {m.group(1).lower(): m.group(2).strip() for m in found if m is not None}
            body.pop(0)
    blocks = _sequence(body, ctx)
    if name in PLAIN_BLOCKS:
        return blocks
    kind = (options.get("type") or name or "note").lower()
    if name in ("admonition", "details") and not options.get("type"):
        kind = "note" if name == "admonition" else "details"
    title = _inline_text_parser(ctx)(title_text.strip()) if title_text.strip() else []
    return [Callout(kind, kind_title(kind, title), blocks, ctx.loc(node))]


def _indented(lines: list[str]) -> bool:
    return all(line.startswith((" ", "\t")) for line in lines if line.strip())


def ad_fence(node, ctx, language: str) -> list:
    """```ad-kind (Obsidian Admonition plugin): `title:` and the other option lines, then
    Markdown."""
    kind = language[3:].lower() or "note"
    lines = node.content.split("\n")
    title_text, skip = None, 0
    for line in lines:
        found = AD_OPTION.match(line.strip())
        if not found:
            break
        skip += 1
        if found.group(1).lower() == "title":
            title_text = found.group(2).strip()
    blocks = parse_inside(lines[skip:], ctx.loc(node).line + 1 + skip, ctx)
    title = _title_from(title_text, ctx)
    if title_text == "":  # `title:` left empty: a box without a title
        return [Callout(kind, [], blocks, ctx.loc(node))]
    return [Callout(kind, kind_title(kind, title), blocks, ctx.loc(node))]


def _title_from(text, ctx) -> list:
    from handbook.parse.markdown import _inline_text_parser

    return _inline_text_parser(ctx)(text) if text else []


def directive_fence(node, ctx, info: str) -> list | None:
    """```{name} argument (MyST): a box for admonitions, code for code directives, nothing for
    a site's contents; None when it is not a directive."""
    found = DIRECTIVE.match(info.strip())
    if not found:
        return None
    name, argument = found.group(1).lower(), found.group(2).strip()
    lines = node.content.split("\n")
    skip = 0
    while skip < len(lines) and MYST_OPTION.match(lines[skip]):
        skip += 1
    if skip < len(lines) and lines[skip].strip() == "" and skip:
        skip += 1
    if name in CODE_DIRECTIVES:
        text = "\n".join(lines[skip:]).rstrip("\n")
        return [CodeBlock(text, ctx.loc(node), argument.split(" ")[0])] if text.strip() else []
    if name in SITE_DIRECTIVES:
        return []
    options = {m.group(1).lower(): m.group(2).strip() for m in map(MYST_OPTION.match, lines[:skip]) if m}
    first = ctx.loc(node).line + 1 + skip
    if name in DRAWN_AS_FENCES:  # math and diagrams: what a ```math / ```mermaid fence makes
        from handbook.parse.markdown import _fence

        return _fence(_Fence(name, "\n".join(lines[skip:]), node.map), ctx)
    if name == "raw":
        ctx.dropped_html.append(("{raw}", ctx.loc(node).line))  # said with the HTML left out
        return []
    if name in ("figure", "image"):
        return _figure(argument, options, parse_inside(lines[skip:], first, ctx), ctx, node)
    if name == "list-table":
        return _list_table(argument, options, parse_inside(lines[skip:], first, ctx), ctx, node)
    blocks = parse_inside(lines[skip:], first, ctx)
    if name in PLAIN_DIRECTIVES:
        return blocks
    return [directive_box(name, argument, blocks, ctx, node)]


DRAWN_AS_FENCES = {"math", "mermaid", "graphviz"}
PLAIN_DIRECTIVES = {"tab-set", "grid", "grid-item", "div", "container", "only", "epigraph", "rubric"}


class _Fence:
    """Enough of a fence node for parse.markdown's fence rule (```{math} -> ```math)."""

    def __init__(self, info: str, content: str, map_):
        self.info, self.content, self.map, self.parent = info, content + "\n", map_, None


def _figure(argument: str, options: dict, caption: list, ctx, node) -> list:
    """```{figure} path (its caption below) / ```{image} path -> the image, captioned."""
    from handbook.model import Image, Paragraph, plain_text

    from handbook.parse.markdown import _image_from

    alt = options.get("alt", "")
    words = plain_text(caption[0].children).strip() if caption and isinstance(caption[0], Paragraph) else ""
    made = _image_from(argument, alt or words, ctx.loc(node).line, ctx, words)
    out = [made] if made is not None else []
    if isinstance(made, Image) and words:
        return out + caption[1:]
    return out + caption


def _list_table(argument: str, options: dict, blocks: list, ctx, node) -> list:
    """```{list-table} Title with `* - cell` rows -> a table (`:header-rows: 1`: its head)."""
    from handbook.model import ListBlock, Paragraph, Table, TableCell

    rows = []
    listed = next((b for b in blocks if isinstance(b, ListBlock)), None)
    for item in listed.items if listed else []:
        inner = next((b for b in item.blocks if isinstance(b, ListBlock)), None)
        cells = []
        for cell in inner.items if inner else []:
            first = next((b for b in cell.blocks if isinstance(b, Paragraph)), None)
            cells.append(TableCell(first.children if first else [], ctx.loc(node)))
        rows.append(cells)
    if not rows:
        return blocks
    width = max(len(r) for r in rows)
    rows = [r + [TableCell([], ctx.loc(node)) for _ in range(width - len(r))] for r in rows]
    header_rows = options.get("header-rows", "0").strip()
    head = (
        rows.pop(0)
        if header_rows.isdigit() and int(header_rows) >= 1 and len(rows) > 1
        else [TableCell([], ctx.loc(node)) for _ in range(width)]
    )
    table = Table(head, rows, ["left"] * width, ctx.loc(node))
    title = _title_from(argument, ctx)
    return ([Paragraph([_strong(title)], ctx.loc(node))] if title else []) + [table]


def _strong(children: list):
    from handbook.model import Strong

    return Strong(children)


def directive_box(name: str, argument: str, blocks: list, ctx, node) -> Callout:
    """MyST `{note}` (no argument: the kind's wording), `{admonition} Title`, `{note} Title`
    (MyST allows one), `{dropdown} Title`."""
    name = name.split(":")[-1]  # sphinx-proof's {prf:algorithm}
    kind = {
        "admonition": "note",
        "dropdown": "details",
        "seealso": "info",
        "margin": "info",
        "sidebar": "info",
        "tab-item": "details",
        "card": "note",
        "topic": "note",
        "versionadded": "info",
        "versionchanged": "info",
        "deprecated": "warning",
        "exercise": "example",
        "solution": "details",
        "proof": "details",
    }.get(name, name)
    title = _title_from(argument, ctx)
    return Callout(kind, kind_title(kind, title), blocks, ctx.loc(node))


def myst_container(node, ctx, params: str) -> list | None:
    """`:::{note}` ... `:::` (MyST's colon fence): option lines dropped, then a box."""
    from handbook.parse.markdown import _sequence

    found = DIRECTIVE.match(params.strip())
    if not found or found.group(1).startswith("."):
        return None
    name, argument = found.group(1).lower(), found.group(2).strip()
    body = list(node.children)
    if body and body[0].type == "paragraph" and body[0].map:
        lines = ctx.lines[body[0].map[0] : body[0].map[1]]
        options = [line for line in lines if MYST_OPTION.match(line)]
        if options and len(options) == len(lines):
            body.pop(0)
        elif options and lines and MYST_OPTION.match(lines[0]):
            kept = [line for line in lines if not MYST_OPTION.match(line)]
            first = ctx.loc(body[0]).line + (len(lines) - len(kept))
            body.pop(0)
            return [
                directive_box(
                    name, argument, parse_inside(kept, first, ctx) + _sequence(body, ctx), ctx, node
                )
            ]
    if name in SITE_DIRECTIVES:
        return []
    return [directive_box(name, argument, _sequence(body, ctx), ctx, node)]


def parse_inside(lines: list[str], first_line: int, ctx) -> list:
    """Markdown held in a fence (```ad-note, ```{note}) -> blocks, lines numbered in the file."""
    from dataclasses import replace

    from markdown_it.tree import SyntaxTreeNode

    from handbook.parse.markdown import _sequence

    text = "\n".join(lines)
    if not text.strip():
        return []
    inner = copy.copy(ctx)  # the lists of things to report are shared, the lines are the fence's
    inner.source = replace(ctx.source, body=text, body_first_line=first_line)
    inner.lines = lines
    tree = SyntaxTreeNode(ctx.parser.parse(text))
    return _sequence(tree.children, inner)


# --- content tabs (pymdownx.tabbed: `=== "Tab title"` over indented content) ---------------

TAB = re.compile(r'===[+!]?[ \t]+"(.*)"[ \t]*\Z')


def tabs_plugin(md) -> None:
    """`=== "Title"` with its content indented by four spaces: on paper, each tab's title in
    bold followed by its content, one tab after the other."""

    def rule(state, start, end, silent):
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        found = TAB.match(first)
        if not found:
            return False
        if silent:
            return True
        old_parent, old_max, old_indent = state.parentType, state.lineMax, state.blkIndent
        state.parentType = "tab"
        state.blkIndent += 4
        line, was_empty = start, False
        while True:
            line += 1
            if line >= end:
                break
            empty = state.isEmpty(line)
            if empty and was_empty:
                break
            was_empty = empty
            if not empty and state.sCount[line] < state.blkIndent:
                break
        state.lineMax = line
        token = state.push("tab_open", "div", 1)
        token.info = found.group(1)
        token.map = [start, line]
        state.md.block.tokenize(state, start + 1, line)
        state.push("tab_close", "div", -1)
        state.parentType, state.lineMax, state.blkIndent = old_parent, old_max, old_indent
        state.line = line
        return True

    md.block.ruler.before("fence", "content_tab", rule, {"alt": ["paragraph", "blockquote", "list"]})


def content_tab(node, ctx) -> list:
    from handbook.model import Paragraph, Strong

    from handbook.parse.markdown import _sequence

    title = _title_from((node.info or "").strip(), ctx)
    head = [Paragraph([Strong(title)], ctx.loc(node))] if title else []
    return head + _sequence(node.children, ctx)
