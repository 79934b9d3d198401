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
    WikiLink,
    ThematicBreak,
    plain_text,
)
from handbook.parse import flavours, math, mermaid, notes
from handbook.parse.flavours import callouts, cards, marks, obsidian, tasks
from handbook.parse.html import HtmlBlocks
from handbook.parse.images import resolve_image
from handbook.parse.mindmap import parse_mindmap
from handbook.sources import ChapterSource

# Deeper nesting than this is almost certainly an accident. It bounds every recursion that
# follows (parser, tree, layout); markdown-it keeps deeper inline markup as text but drops
# deeper blocks, which `_report_nesting_overflow` turns into an error.
MAX_NESTING = 40


def make_parser(flavour=None) -> MarkdownIt:
    """The flavour's parser (parse.flavours; GitHub Markdown when None)."""
    return flavours.parser_for(flavour or flavours.FLAVOURS[flavours.DEFAULT], MAX_NESTING)


class _Context:
    """What the rules need besides the node: where we are, and where to report."""

    def __init__(self, source: ChapterSource, root: Path, diagnostics: Diagnostics, flavour=None):
        self.flavour = flavour or flavours.FLAVOURS[flavours.DEFAULT]
        self.parser = make_parser(self.flavour)
        self.unknown_syntax: list[tuple[str, int | None]] = []  # (syntax, line): parse.flavours.marks
        self.embedded: list[Path] = []  # notes whose text an Obsidian embed put here
        self.embed_chain: tuple = ()  # the notes being embedded, outermost first
        self.vault = None  # parse.flavours.obsidian.Vault, listed when first asked
        self.source = source
        self.root = root
        self.diagnostics = diagnostics
        self.lines = source.body.split("\n")  # for what the token tree does not keep
        self.footnote_ids: dict[int, int] = {}  # markdown-it id -> printed number
        self.dropped_html: list[tuple[str, int | None]] = []  # (tag, line): one warning at the end
        self.remote_images: list[tuple[str, int | None]] = []  # (address, line): one warning
        self.dropped_queries: list[tuple[str, int | None]] = []  # (```kind, line): one warning

    def loc(self, node: SyntaxTreeNode) -> Location:
        line = node.map[0] + self.source.body_first_line if node.map else None
        return Location(self.source.path, line)

    def footnote_number(self, ident: int) -> int:
        return self.footnote_ids.setdefault(ident, len(self.footnote_ids) + 1)


def parse_body(
    source: ChapterSource,
    root: Path,
    diagnostics: Diagnostics,
    want_title: bool,
    flavour=None,
    questions: list | None = None,
    embedded: list | None = None,
):
    """(blocks, footnotes, (title, location) of the first '# ' heading if `want_title`).
    `flavour`: parse.flavours.Flavour (GitHub Markdown when None); `questions`: when a list,
    the task-list questions of the text are taken out into it (parse.flavours.tasks);
    `embedded`: when a list, the notes Obsidian embeds put in the text are added to it."""
    ctx = _Context(source, root, diagnostics, flavour)
    refs: list = []  # Logseq block references that lead out of the page
    body = flavours.prepare(source.body, ctx.flavour, lambda *found: _logseq_left_out(ctx, refs, *found))
    if refs:
        shown_refs = ", ".join(what for _, what in refs[:3]) + (
            f" and {len(refs) - 3} more" if len(refs) > 3 else ""
        )
        diagnostics.warning(
            source.path,
            refs[0][0],
            f"references to blocks of other pages left out (a book cannot look them up): {shown_refs}; "
            "write the text in, or link the page with [[...]]",
            code="block-ref-left-out",
        )
    body, esm = flavours.without_mdx_code(body, ctx.flavour)
    ctx.dropped_html.extend(("import/export", source.body_first_line + n) for n in esm)
    if body is not source.body:
        ctx.lines = body.split("\n")
    tokens = ctx.parser.parse(body, cards.env_for(source, root))
    _report_nesting_overflow(tokens, ctx)
    tree = SyntaxTreeNode(tokens)
    footnotes = []
    for node in tree.children:
        if node.type == "footnote_block":
            footnotes = [_footnote(child, ctx) for child in node.children]
    blocks = _sequence([n for n in tree.children if n.type != "footnote_block"], ctx)
    if questions is not None:
        blocks = tasks.take_questions(blocks, ctx, questions)
    notes.report_dropped_html(ctx)
    notes.report_remote_images(ctx)
    notes.report_queries(ctx)
    marks.report(ctx)
    if embedded is not None:
        embedded.extend(ctx.embedded)
    title = notes.take_title(blocks, ctx) if want_title else None
    footnotes.sort(key=lambda n: n.number)
    return blocks, footnotes, title


def _logseq_left_out(ctx: _Context, refs: list, offset: int, kind: str, what: str) -> None:
    """What a Logseq page's preparation left out: its queries join the chapter's query warning;
    references to other pages' blocks get one of their own."""
    line = offset + ctx.source.body_first_line
    if kind == "query":
        ctx.dropped_queries.append(("{{" + what + "}}", line))
    else:
        refs.append((line, what))


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
    if any(isinstance(c, obsidian.Embed) for c in children):
        return _with_embeds(children, node, ctx)
    # An image on its own becomes a figure; images among text follow their paragraph.
    images = [c for c in children if isinstance(c, (Image, RemoteImage))]
    text = [c for c in children if not isinstance(c, (Image, RemoteImage))]
    out: list = []
    if plain_text(text).strip() or any(isinstance(c, (CodeSpan, FootnoteRef)) for c in text):
        out.append(Paragraph(text, ctx.loc(node)))
    out.extend(images)
    return out


def _with_embeds(children: list, node, ctx) -> list:
    """A paragraph holding Obsidian `![[note]]` embeds: its text, with each embed's blocks in
    its place (text between embeds stays a paragraph)."""
    out: list = []
    run: list = []
    for child in children + [None]:
        if child is None or isinstance(child, obsidian.Embed):
            text = [c for c in run if not isinstance(c, (Image, RemoteImage))]
            if plain_text(text).strip():
                out.append(Paragraph(_trimmed(text), ctx.loc(node)))
            out.extend(c for c in run if isinstance(c, (Image, RemoteImage)))
            run = []
            if child is not None:
                out.extend(obsidian.transclude(child, ctx, ctx.loc(node)))
        else:
            run.append(child)
    return out


def _trimmed(children: list) -> list:
    while children and isinstance(children[-1], (Text, LineBreak)) and not plain_text(children[-1:]).strip():
        children = children[:-1]
    while children and isinstance(children[0], (Text, LineBreak)) and not plain_text(children[:1]).strip():
        children = children[1:]
    return children


def transcluded_blocks(path: Path, ctx, relative: str):
    """The blocks of the note at `path` (inside the source folder: `relative` is checked as
    every name is), parsed as the embedding chapter is; None (reported) when unreadable."""
    from handbook.sources.files import read_text, split_front_matter

    found = _image_free_path(relative, ctx)
    if found is None:
        return None
    text = read_text(found, ctx.diagnostics)
    if text is None:
        return None
    source = split_front_matter(text, found, Diagnostics())  # its front matter is not ours
    inner = _Context(source, ctx.root, ctx.diagnostics, ctx.flavour)
    inner.embed_chain = (*ctx.embed_chain, Path(ctx.source.path))
    inner.vault = ctx.vault
    inner.embedded = ctx.embedded
    inner.footnote_ids = ctx.footnote_ids
    tree = SyntaxTreeNode(inner.parser.parse(source.body, cards.env_for(source, ctx.root)))
    blocks = _sequence([n for n in tree.children if n.type != "footnote_block"], inner)
    notes.report_dropped_html(inner)
    notes.report_queries(inner)
    marks.report(inner)
    return blocks


def _image_free_path(relative: str, ctx):
    """`relative` (from the chapter's folder) confined to the source folder, or None."""
    from handbook.sources.confine import PathRefused, confined

    try:
        return confined(relative, ctx.source.path.parent, ctx.root)
    except PathRefused:
        return None


def _heading(node, ctx):
    return [Heading(int(node.tag[1]), inlines(node.children[0], ctx), ctx.loc(node))]


def _list(node, ctx):
    marked = [_data_correct(item, ctx) for item in node.children]
    any_marked = any(marked)
    items = []
    for item, correct in zip(node.children, marked):
        checked, blocks = tasks.task_item(
            blocks_of(item, ctx), True if correct else (False if any_marked else None)
        )
        items.append(ListItem(blocks, checked=checked))
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
    return [ListBlock(items, ctx.loc(node), ordered=node.type == "ordered_list", start=start)]


def _data_correct(item, ctx) -> bool:
    """An option marked `{ data-correct }` (MkDocs quiz lists): read from its first line."""
    if not item.map:
        return False
    line = ctx.lines[item.map[0]] if item.map[0] < len(ctx.lines) else ""
    return "data-correct" in line and "{" in line


def _fence(node, ctx):
    language = (node.info or "").strip().split(" ")[0]
    if language.lower().startswith("ad-") and len(language) > 3:
        if ctx.flavour.knows(flavours.AD_FENCE) or _unknown(ctx, "'```ad-' admonitions", node):
            return callouts.ad_fence(node, ctx, language)
    if language.startswith("{"):
        if ctx.flavour.knows(flavours.DIRECTIVE) or _unknown(ctx, "'```{...}' directives", node):
            made = callouts.directive_fence(node, ctx, (node.info or "").strip())
            if made is not None:
                return made
    if language == "mindmap":
        found = parse_mindmap(node.content, ctx.loc(node), ctx.diagnostics, _inline_text_parser(ctx))
        return [found] if found else []
    if language.lower() in notes.QUERY_FENCES:
        ctx.dropped_queries.append((language.lower(), ctx.loc(node).line))
        return []
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
    params = (node.info or "").strip()
    if params.startswith("{") and not params.startswith("{."):
        if ctx.flavour.knows(flavours.DIRECTIVE) or _unknown(ctx, "':::{...}' directives", node):
            made = callouts.myst_container(node, ctx, params)
            if made is not None:
                return made
    return notes.container_blocks(node, ctx)


def _unknown(ctx, syntax: str, node) -> bool:
    """Remember a syntax the chapter's flavour does not know (one warning per chapter, naming
    it and its lines); True: it is still read as what it plainly is, never printed raw."""
    ctx.unknown_syntax.append((syntax, ctx.loc(node).line))
    return True


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
    "admonition": callouts.admonition,
    "container_pymdown": callouts.pymdown_block,
    "tab": callouts.content_tab,
    "card": cards.card,
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
    out = _unescaped(notes.wiki_links(out, ctx, node))
    if not figures and any(isinstance(item, (Image, RemoteImage)) for item in out):
        out = _images_as_text(out, node, ctx)  # `![[x.png]]` embeds, made from the joined text
    return marks.apply(out, ctx, _line_of(node, ctx)) if out else out


# An escaped bracket stands in for itself as a noncharacter while wiki links are found in the
# joined text, then becomes the bracket again.
_ESCAPED_BRACKETS = {"[": "\ufdd0", "]": "\ufdd1"}
_BRACKETS_AGAIN = str.maketrans({v: k for k, v in _ESCAPED_BRACKETS.items()})


def _escaped(node, ctx):
    """A backslash escape or an entity: its character, as text (a bracket held apart)."""
    if node.info == "escape":
        return [Text(_ESCAPED_BRACKETS.get(node.content, node.content))]
    return [Text(node.content)]


def _unescaped(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, Text) and any(mark in item.text for mark in _ESCAPED_BRACKETS.values()):
            item = Text(item.text.translate(_BRACKETS_AGAIN))
        elif isinstance(item, WikiLink):
            item = WikiLink(
                item.target.translate(_BRACKETS_AGAIN),
                item.heading.translate(_BRACKETS_AGAIN),
                _unescaped(item.children),
            )
        out.append(item)
    return out


def _images_as_text(made: list, node, ctx) -> list:
    ctx.diagnostics.warning(
        ctx.source.path,
        _line_of(node, ctx),
        "an image inside a heading, table cell, link or mind-map label cannot be "
        "shown; its description is printed instead (put the image in a paragraph "
        "of its own)",
        code="image-not-shown",
    )
    return [Text(_image_words(item)) if isinstance(item, (Image, RemoteImage)) else item for item in made]


def _image_words(image) -> str:
    """An image's description, or its file's name where it has none (`![[graph.png]]`)."""
    if image.alt:
        return image.alt
    return image.path.name if isinstance(image, Image) else image.url.rsplit("/", 1)[-1]


def _link(node, ctx):
    href = node.attrs.get("href", "")
    shown = inlines(node, ctx) or [Text(notes.link_text_of(href))]  # MyST's `[](page.md)`
    return [Link(href, shown, node.attrs.get("title", "") or "")]


def _image(node, ctx):
    alt = plain_text(inlines(node, ctx)) if node.children else node.content
    found = _image_from(
        node.attrs.get("src", ""), alt, _line_of(node, ctx), ctx, node.attrs.get("title", "") or ""
    )
    if found is None:
        src = node.attrs.get("src", "")
        shown_instead = alt or (notes.attachment_name(src) if notes.is_attachment(src) else "")
        return [Text(shown_instead)] if shown_instead else []
    return [found]


def _image_from(src: str, alt: str, line, ctx, title: str = ""):
    """An Image, a RemoteImage placeholder for a web address (with a warning), or None."""
    if notes.is_attachment(src):
        notes.warn_attachment(src, line, ctx)
        return None  # its description (or its name) is printed in its place
    if notes.is_remote(src):
        notes.warn_remote_image(src, line, ctx)
        return RemoteImage(src, alt, Location(ctx.source.path, line))
    if ctx.flavour.images_anywhere and not notes.is_remote(src):
        src = obsidian.image_path(src, ctx)  # found anywhere in the vault, as Obsidian does
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
    "text_special": _escaped,
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
        tree = SyntaxTreeNode(ctx.parser.parseInline(text))
        paragraph = tree.children[0] if tree.children else None
        return inlines(paragraph, ctx, figures=keep_images) if paragraph is not None else []

    return parse
