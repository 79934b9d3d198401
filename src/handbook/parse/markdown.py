"""Markdown body -> blocks of the document model.

markdown-it-py parses (CommonMark + GFM tables + strikethrough + footnotes);
its token tree is walked with one small function per node type, looked up in
`BLOCK_RULES` / `INLINE_RULES`. Raw HTML is kept as literal text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from handbook.errors import Diagnostics
from handbook.model import (
    BlockQuote,
    CodeBlock,
    CodeSpan,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Location,
    Paragraph,
    RemoteImage,
    Strikethrough,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
    plain_text,
)
from handbook.parse import math, mermaid, notes
from handbook.parse.html import HtmlBlocks
from handbook.parse.images import resolve_image
from handbook.parse.mindmap import parse_mindmap
from handbook.sources import ChapterSource

# Deeper nesting than this is almost certainly an accident. It bounds every recursion that
# follows (parser, tree, layout); markdown-it keeps deeper inline markup as text but drops
# deeper blocks, which `_report_nesting_overflow` turns into an error.
MAX_NESTING = 40


def make_parser() -> MarkdownIt:
    # typographer + smartquotes: straight quotes in prose become ‘ ’ “ ” as a typesetter would
    # set them (never inside code); the other "replacements" ((c) -> ©, -- -> –) stay off,
    # because "(c)" is an answer option in exam questions.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "typographer": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin)
    # `::: kind Title` ... `:::` boxes (VitePress, Docusaurus, Quarto): any word opens one,
    # the theme says what the kinds look like (parse.notes, layout.callouts).
    md.use(container_plugin, "callout", validate=lambda params, *args: bool(params.strip()))
    math.use_math(md)  # $…$, \(…\), $$…$$, \[…\] (parse.math)
    return md


_PARSER = make_parser()


class _Context:
    """What the rules need besides the node: where we are, and where to report."""

    def __init__(self, source: ChapterSource, root: Path, diagnostics: Diagnostics):
        self.source = source
        self.root = root
        self.diagnostics = diagnostics
        self.lines = source.body.split("\n")  # for what the token tree does not keep
        self.footnote_ids: dict[int, int] = {}  # markdown-it id -> printed number
        self.dropped_html: list[tuple[str, int | None]] = []  # (tag, line): one warning at the end
        self.remote_images: list[tuple[str, int | None]] = []  # (address, line): one warning

    def loc(self, node: SyntaxTreeNode) -> Location:
        line = node.map[0] + self.source.body_first_line if node.map else None
        return Location(self.source.path, line)

    def footnote_number(self, ident: int) -> int:
        return self.footnote_ids.setdefault(ident, len(self.footnote_ids) + 1)


def parse_body(source: ChapterSource, root: Path, diagnostics: Diagnostics, want_title: bool):
    """(blocks, footnotes, (title, location) of the first '# ' heading if `want_title`)."""
    ctx = _Context(source, root, diagnostics)
    tokens = _PARSER.parse(source.body)
    _report_nesting_overflow(tokens, ctx)
    tree = SyntaxTreeNode(tokens)
    footnotes = []
    for node in tree.children:
        if node.type == "footnote_block":
            footnotes = [_footnote(child, ctx) for child in node.children]
    blocks = _sequence([n for n in tree.children if n.type != "footnote_block"], ctx)
    notes.report_dropped_html(ctx)
    notes.report_remote_images(ctx)
    title = notes.take_title(blocks, ctx) if want_title else None
    footnotes.sort(key=lambda n: n.number)
    return blocks, footnotes, title


def _report_nesting_overflow(tokens, ctx: _Context) -> None:
    """An error where lists or quotes nest past MAX_NESTING: markdown-it drops what is inside."""
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1 and token.map:
            ctx.diagnostics.error(
                ctx.source.path,
                token.map[0] + ctx.source.body_first_line,
                "lists and block quotes are nested too deeply here (more than "
                f"about {MAX_NESTING // 2} lists or {MAX_NESTING} quotes inside "
                "each other); the text inside would be lost: flatten the nesting",
                code="nesting-too-deep",
            )
            return  # one message per chapter is enough


def blocks_of(node: SyntaxTreeNode, ctx: _Context) -> list:
    return _sequence(node.children, ctx)


def _sequence(nodes, ctx: _Context) -> list:
    """The blocks of sibling nodes. HTML pieces among them are read together (parse.html), so
    Markdown between `<details>` and `</details>` ends up inside the box."""
    html = HtmlBlocks(
        ctx.source.path,
        lambda src, alt, line: _image_from(src, alt, line, ctx),
        lambda tag, line: ctx.dropped_html.append((tag, line)),
        lambda code, line: mermaid.diagram_block(
            code, "mermaid", Location(ctx.source.path, line), ctx.diagnostics
        ),
        error=lambda message, line, code: ctx.diagnostics.error(ctx.source.path, line, message, code=code),
    )
    for node in nodes:
        if node.type == "html_block":
            html.feed(node.content, ctx.loc(node).line)
        else:
            html.add(block(node, ctx))
    return html.finish()


def block(node: SyntaxTreeNode, ctx: _Context) -> list:
    rule = BLOCK_RULES.get(node.type)
    if rule is None:  # an unknown construct from a plugin: keep its text
        return [Paragraph([Text(node.content or "")], ctx.loc(node))] if node.content else []
    return rule(node, ctx)


def _paragraph(node, ctx):
    if notes.is_lone_fence(node, ctx):
        return []
    code = mermaid.component_code(node.children[0].content) if node.children else None
    if code is not None:  # a site's diagram component on its own: drawn (parse.mermaid)
        return mermaid.diagram_block(code, "mermaid", ctx.loc(node), ctx.diagnostics)
    kept = notes.without_fence_lines(node.children[0], ctx) if node.children else None
    children = inlines(node.children[0], ctx, figures=True, children=kept) if node.children else []
    # An image on its own becomes a figure; images among text follow their paragraph.
    images = [c for c in children if isinstance(c, (Image, RemoteImage))]
    text = [c for c in children if not isinstance(c, (Image, RemoteImage))]
    out = []
    if plain_text(text).strip() or any(isinstance(c, (CodeSpan, FootnoteRef)) for c in text):
        out.append(Paragraph(text, ctx.loc(node)))
    out.extend(images)
    return out


def _heading(node, ctx):
    return [Heading(int(node.tag[1]), inlines(node.children[0], ctx), ctx.loc(node))]


def _list(node, ctx):
    items = [ListItem(blocks_of(item, ctx)) for item in node.children]
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return [ListBlock(items, ctx.loc(node), ordered=node.type == "ordered_list", start=start)]


def _fence(node, ctx):
    language = (node.info or "").strip().split(" ")[0]
    if language == "mindmap":
        found = parse_mindmap(node.content, ctx.loc(node), ctx.diagnostics, _inline_text_parser(ctx))
        return [found] if found else []
    if not node.content.strip() or language in notes.SITE_FENCES:
        return []  # ```table-of-contents``` and friends: a site feature; the book has contents
    if language == "math":
        return [math.display_math(node.content, ctx.loc(node), ctx.diagnostics)]
    if mermaid.is_diagram_fence(language):
        return mermaid.diagram_block(node.content, language, ctx.loc(node), ctx.diagnostics)
    return [CodeBlock(node.content.rstrip("\n"), ctx.loc(node), language)]


def _code_block(node, ctx):
    return [CodeBlock(node.content.rstrip("\n"), ctx.loc(node))]


def _blockquote(node, ctx):
    alert = notes.alert_of(node, ctx)  # > [!NOTE] and > [!tip] Title: a callout box
    if alert is not None:
        return [alert]
    return [BlockQuote(blocks_of(node, ctx), ctx.loc(node))]


def _container(node, ctx):
    return notes.container_blocks(node, ctx)


def _hr(node, ctx):
    return [ThematicBreak(ctx.loc(node))]


def _table(node, ctx):
    header, rows, aligns = [], [], []
    for section in node.children:
        for row in section.children:
            cells = [
                TableCell(
                    inlines(cell.children[0], ctx) if cell.children else [], ctx.loc(row) if row.map else None
                )
                for cell in row.children
            ]
            if section.type == "thead":
                header = cells
                aligns = [_align(cell) for cell in row.children]
            else:
                _warn_dropped_cells(row, len(header), ctx)
                rows.append(cells)
    return [Table(header, rows, aligns, ctx.loc(node))]


def _warn_dropped_cells(row, columns: int, ctx) -> None:
    """GFM drops the cells of a row beyond the header's count: say so rather than lose text."""
    if not row.map:
        return
    cells = _cell_count(ctx.lines[row.map[0]])
    if cells > columns:
        ctx.diagnostics.warning(
            ctx.source.path,
            row.map[0] + ctx.source.body_first_line,
            f"this table row has {cells} cells but the header has {columns}; "
            "the extra cells are not printed: add columns to the header",
            code="table-extra-cells",
        )


def _cell_count(line: str) -> int:
    """Cells in a GFM table row: split at pipes not escaped with a backslash."""
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return len(re.split(r"(?<!\\)\|", line))


def _align(cell) -> str:
    style = cell.attrs.get("style", "")
    for name in ("left", "center", "right"):
        if name in style:
            return name
    return "left"


BLOCK_RULES = {
    "paragraph": _paragraph,
    "heading": _heading,
    "bullet_list": _list,
    "ordered_list": _list,
    "fence": _fence,
    "code_block": _code_block,
    "blockquote": _blockquote,
    "hr": _hr,
    "table": _table,
    "container_callout": _container,
    **math.BLOCK_RULES,
}


def _footnote(node, ctx) -> Footnote:
    number = ctx.footnote_number(node.meta["id"])
    return Footnote(number, f"fn{number}", blocks_of(node, ctx))


# --- inline -----------------------------------------------------------------


def inlines(node: SyntaxTreeNode, ctx: _Context, figures: bool = False, children=None) -> list:
    """The inline nodes of `node`. Images stay images only where they can become figures
    (`figures`: directly in a paragraph); elsewhere (headings, table cells, links) their alt
    text is printed instead, with a warning. `children`: only these of node's children."""
    out: list = []
    tags = notes.InlineTags(ctx, _line_of(node, ctx))
    for child in node.children if children is None else children:
        if child.type == "html_inline":
            tags.token(
                child.content,
                out,
                figures,
                lambda src, alt, child=child: _image_from(src, alt, _line_of(child, ctx), ctx),
            )
            continue
        rule = INLINE_RULES.get(child.type)
        if rule is not None:
            made = rule(child, ctx)
            if not figures and any(isinstance(item, (Image, RemoteImage)) for item in made):
                made = _images_as_text(made, child, ctx)
            out.extend(made)
        elif child.content:
            out.append(Text(child.content))
    return notes.wiki_links(out)


def _images_as_text(made: list, node, ctx) -> list:
    ctx.diagnostics.warning(
        ctx.source.path,
        _line_of(node, ctx),
        "an image inside a heading, table cell, link or mind-map label cannot be "
        "shown; its description is printed instead (put the image in a paragraph "
        "of its own)",
        code="image-not-shown",
    )
    return [Text(item.alt) if isinstance(item, (Image, RemoteImage)) else item for item in made]


def _link(node, ctx):
    return [Link(node.attrs.get("href", ""), inlines(node, ctx), node.attrs.get("title", "") or "")]


def _image(node, ctx):
    alt = plain_text(inlines(node, ctx)) if node.children else node.content
    found = _image_from(
        node.attrs.get("src", ""), alt, _line_of(node, ctx), ctx, node.attrs.get("title", "") or ""
    )
    if found is None:
        return [Text(alt)] if alt else []
    return [found]


def _image_from(src: str, alt: str, line, ctx, title: str = ""):
    """An Image, a RemoteImage placeholder for a web address (with a warning), or None."""
    if notes.is_remote(src):
        notes.warn_remote_image(src, line, ctx)
        return RemoteImage(src, alt, Location(ctx.source.path, line))
    path = resolve_image(src, ctx.source, ctx.root, ctx.diagnostics, line)
    if path is None:
        return None
    return Image(path, alt, Location(ctx.source.path, line), title)


def _line_of(node, ctx) -> int | None:
    while node is not None and not node.map:
        node = node.parent
    return node.map[0] + ctx.source.body_first_line if node is not None else None


# Markdown never makes these links (markdown-it refuses the schemes): say so, or a reader
# would see "[notes](file:///...)" printed with no word from the build.
UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(file|javascript|vbscript|data):", re.IGNORECASE)


def _text(node, ctx):
    found = UNSAFE_LINK.search(node.content) if "](" in node.content else None
    if found:
        ctx.diagnostics.warning(
            ctx.source.path,
            _line_of(node, ctx),
            f"a link to '{found.group(1).lower()}:' is not allowed (it could open a "
            "file or run a script on the reader's computer); it is printed as "
            "text: link to a web page, or remove the link",
            code="link-unsafe",
        )
    return [Text(node.content)]


INLINE_RULES = {
    "text": _text,
    "softbreak": lambda n, c: [Text(" ")],
    "hardbreak": lambda n, c: [LineBreak()],
    "em": lambda n, c: [Emphasis(inlines(n, c))],
    "strong": lambda n, c: [Strong(inlines(n, c))],
    "s": lambda n, c: [Strikethrough(inlines(n, c))],
    "code_inline": lambda n, c: [CodeSpan(n.content)],
    "link": _link,
    "image": _image,
    "footnote_ref": lambda n, c: [
        FootnoteRef(c.footnote_number(n.meta["id"]), f"fn{c.footnote_number(n.meta['id'])}")
    ],
    **math.INLINE_RULES,
}


def inline_parser(source: ChapterSource, root: Path, diagnostics: Diagnostics):
    """A function (text, line) -> inline nodes, for inline Markdown outside the chapter body
    (practice questions in the front matter) with the body's rules; problems name `line`."""

    def parse(text: str, line: int | None) -> list:
        at_line = replace(source, body_first_line=line or source.front_matter_line or 1)
        # Images are kept as such: the questions say themselves why they cannot have one.
        ctx = _Context(at_line, root, diagnostics)
        found = _inline_text_parser(ctx, keep_images=True)(text)
        notes.report_dropped_html(ctx)  # HTML left out of a question field is said too
        notes.report_remote_images(ctx)
        return found

    return parse


def _inline_text_parser(ctx, keep_images: bool = False):
    """Parse one line of inline Markdown (a mind-map label, a question) into inline nodes."""

    def parse(text: str) -> list:
        tree = SyntaxTreeNode(_PARSER.parseInline(text))
        paragraph = tree.children[0] if tree.children else None
        return inlines(paragraph, ctx, figures=keep_images) if paragraph is not None else []

    return parse
