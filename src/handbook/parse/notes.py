"""What notes written for websites need from the parser (issue 14): callout boxes in their three
spellings, inline HTML tags, wiki links, chapter titles that repeat as a first heading, stray
container fences, remote images, mermaid diagrams. Called from parse.markdown, which owns the
token walk; every function here gets its `_Context`.
"""

from __future__ import annotations

import re
import string
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from handbook.model import (
    Callout,
    Heading,
    Location,
    Image,
    LineBreak,
    Paragraph,
    RemoteImage,
    Text,
    ThematicBreak,
    WikiLink,
    plain_text,
)
from handbook.parse.flavours import EMBED, obsidian
from handbook.parse.html import (
    INLINE_TAGS,
    KNOWN,
    MAX_DEPTH,
    TRANSPARENT_BLOCKS,
    carries_image,
    close_inline,
    read_inline_tag,
)

ALERT = re.compile(r"\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*")
QUARTO_KIND = re.compile(r"\.callout-([\w-]+)")
QUARTO_TITLE = re.compile(r"""title\s*=\s*(?:"([^"]*)"|'([^']*)')""")
BRACKET_TITLE = re.compile(r"\[(.*)\]\s*\Z")  # Docusaurus: :::tip[My title]
WIKI_LINK = re.compile(r"(?<!\[)(!?)\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\](?!\])")
LONE_FENCE = re.compile(r"\s*:{3,}\s*\Z")
SITE_FENCES = {"table-of-contents", "toc"}  # plugin blocks that draw a site's contents
# Obsidian plugins' queries (Dataview, its JavaScript form, Tasks, the core search): the app
# lists notes or tasks where they stand; a book cannot run them (nothing from a folder is run).
QUERY_FENCES = {"dataview", "dataviewjs", "tasks", "query"}


# --- callout boxes ----------------------------------------------------------------

# Containers that group content on a website without being a box: their content is printed
# as it stands (VitePress' code tabs and raw blocks, Docusaurus' centring).
TRANSPARENT_CONTAINERS = {"code-group", "raw", "v-pre", "center", "columns", "column", "tabs", "tab"}


def container_blocks(node, ctx) -> list:
    """The blocks a `:::` container makes: a box, or its content alone for the
    TRANSPARENT_CONTAINERS."""
    from handbook.parse.markdown import blocks_of

    kind = (node.info or "").strip().split(" ")[0].split("[")[0].lower()
    if kind in TRANSPARENT_CONTAINERS:
        return blocks_of(node, ctx)
    return [container_callout(node, ctx)]


def container_callout(node, ctx) -> Callout:
    """`::: kind Title` (VitePress, markdown-it), `:::kind[Title]` (Docusaurus) and
    `::: {.callout-kind title="Title"}` (Quarto) -> one Callout."""
    from handbook.parse.markdown import _inline_text_parser, blocks_of

    params = (node.info or "").strip()
    blocks = blocks_of(node, ctx)
    if params.startswith("{"):
        kind_match = QUARTO_KIND.search(params)
        kind = kind_match.group(1) if kind_match else params.strip("{} .").split(" ")[0]
        title_match = QUARTO_TITLE.search(params)
        title_text = (title_match.group(1) or title_match.group(2)) if title_match else ""
        if not title_text and blocks and isinstance(blocks[0], Heading):
            return Callout(kind.lower(), blocks[0].children, blocks[1:], ctx.loc(node))
    else:
        kind, _, title_text = params.partition(" ")
        if "[" in kind:  # :::tip[Title]
            kind, _, rest = kind.partition("[")
            title_text = "[" + rest + (" " + title_text if title_text else "")
        bracket = BRACKET_TITLE.match(title_text.strip())
        if bracket and title_text.strip().startswith("["):
            title_text = bracket.group(1)
    title = _inline_text_parser(ctx)(title_text.strip()) if title_text.strip() else []
    return Callout(kind.strip().lower() or "note", title, blocks, ctx.loc(node))


def alert_of(node, ctx) -> Callout | None:
    """A block quote that opens with `[!KIND]` (GitHub alerts, Obsidian callouts) as a box: the
    rest of that first line is its title (Obsidian's +/- fold marks are ignored)."""
    from handbook.parse.markdown import _sequence, inlines

    first = node.children[0] if node.children else None
    if first is None or first.type != "paragraph" or not first.children:
        return None
    inline = first.children[0]
    kids = list(inline.children)
    if not kids or kids[0].type != "text":
        return None
    match = ALERT.match(kids[0].content)
    if match is None:
        return None
    breaks = [i for i, kid in enumerate(kids) if kid.type in ("softbreak", "hardbreak")]
    end = breaks[0] if breaks else len(kids)
    title = [Text(kids[0].content[match.end() :])] + inlines(inline, ctx, children=kids[1:end])
    title = _trim_text(title)
    body_inlines = inlines(inline, ctx, figures=True, children=kids[end + 1 :]) if breaks else []
    blocks: list = []
    if body_inlines:
        images = [c for c in body_inlines if isinstance(c, (Image, RemoteImage))]
        text = [c for c in body_inlines if not isinstance(c, (Image, RemoteImage))]
        if plain_text(text).strip():
            blocks.append(Paragraph(text, ctx.loc(first)))
        blocks.extend(images)
    blocks.extend(_sequence(node.children[1:], ctx))
    return Callout(match.group(1).lower(), title, blocks, ctx.loc(node))


def _trim_text(children: list) -> list:
    out = [c for c in children if not (isinstance(c, Text) and not c.text)]
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return [c for c in out if not (isinstance(c, Text) and not c.text)]


# --- inline HTML ------------------------------------------------------------------


class InlineTags:
    """Inline HTML tokens of one run of text (`<b>`, `</b>`, `<br>`, `<sup>`...) -> model
    nodes: an opening tag remembers where it started, its closing tag wraps what came since."""

    def __init__(self, ctx, line):
        self.ctx, self.line = ctx, line
        self.stack: list[tuple[str, int, dict]] = []

    def token(self, raw: str, out: list, figures: bool, image) -> None:
        found = read_inline_tag(raw)
        if found is None:
            if raw.lstrip().startswith("<!--"):
                self.ctx.dropped_html.append(("<!-- -->", self.line))
            return
        closing, tag, attrs, self_closed, written = found
        if tag in ("br", "wbr"):
            if tag == "br" and not closing:
                out.append(LineBreak())
            return
        if tag == "img" or (tag not in KNOWN and not closing and carries_image(attrs)):
            made = image(attrs.get("src") or "", attrs.get("alt") or "")
            if made is not None and figures and not self.stack:
                out.append(made)
            elif attrs.get("alt"):
                out.append(Text(attrs["alt"]))
            return
        if tag in INLINE_TAGS:
            if not closing and not self_closed and len(self.stack) < MAX_DEPTH:
                self.stack.append((tag, len(out), attrs))
            elif closing:
                self._close(tag, out)
            return
        if tag in KNOWN or tag in TRANSPARENT_BLOCKS:
            return  # a block tag inside a paragraph: its text stays, the tag means nothing here
        if not closing:
            self.ctx.dropped_html.append((written, self.line))

    def _close(self, tag: str, out: list) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            open_tag, start, attrs = self.stack[index]
            if open_tag != tag or start > len(out):
                continue
            del self.stack[index:]
            close_inline(out, start, tag, attrs)
            return


def report_dropped_html(ctx) -> None:
    """One warning per chapter naming every HTML tag left out, with its lines."""
    if not ctx.dropped_html:
        return
    lines_by_tag: dict[str, list] = {}
    for tag, line in ctx.dropped_html:
        found = lines_by_tag.setdefault(tag, [])
        if line is not None and line not in found:
            found.append(line)
    parts = []
    for tag, lines in lines_by_tag.items():
        where = (" line " if len(lines) == 1 else " lines ") + ", ".join(map(str, lines[:8])) if lines else ""
        parts.append(tag + where + (", ..." if len(lines) > 8 else ""))
    ctx.diagnostics.warning(
        ctx.source.path,
        ctx.dropped_html[0][1],
        "HTML not printed (scripts, styles, comments and site components "
        "have no place on paper): " + "; ".join(parts),
        code="html-dropped",
    )


def report_queries(ctx) -> None:
    """One warning per chapter naming the query blocks left out, with their lines."""
    if not ctx.dropped_queries:
        return
    kinds = sorted({kind for kind, _ in ctx.dropped_queries})
    lines = [str(line) for _, line in ctx.dropped_queries if line is not None]
    where = (
        (" (line " if len(lines) == 1 else " (lines ")
        + ", ".join(lines[:8])
        + (", ...)" if len(lines) > 8 else ")")
    )
    ctx.diagnostics.warning(
        ctx.source.path,
        ctx.dropped_queries[0][1],
        f"{', '.join(k if k.startswith('{{') else '```' + k for k in kinds)} query blocks left out{where if lines else ''}: the "
        "app fills them in from the vault, and a book runs nothing from its folder; write out "
        "the list or table they show",
        code="query-left-out",
    )


# --- wiki links -------------------------------------------------------------------


def wiki_links(out: list, ctx=None, node=None) -> list:
    """`[[Target]]`, `[[Target|text]]`, `[[Target#Heading]]` in text -> WikiLink nodes (resolved
    to chapters in enrich.wikilinks); `![[...]]` embeds where the flavour has them (`ctx`):
    parse.flavours.obsidian. Adjacent texts are joined first: the parser splits at '['."""
    joined: list = []
    for item in out:
        if isinstance(item, Text) and joined and isinstance(joined[-1], Text):
            joined[-1] = Text(joined[-1].text + item.text)
        else:
            joined.append(item)
    if not any(isinstance(item, Text) and "[[" in item.text for item in joined):
        return joined  # (joined all the same: later steps read "\QUAD" or "[[" as one text)
    result: list = []
    for item in joined:
        if not isinstance(item, Text) or "[[" not in item.text:
            result.append(item)
            continue
        position = 0
        for match in WIKI_LINK.finditer(item.text):
            bang, target, heading, label = match.groups()
            target, heading = target.strip(), (heading or "").strip()
            if not target and not heading:  # `[[]]`, `[[|x]]`: names nothing, printed as written
                continue
            if match.start() > position:
                result.append(Text(item.text[position : match.start()]))
            if bang and ctx is not None and ctx.flavour.knows(EMBED):
                line = _line(node, ctx) if node is not None else None
                result.append(obsidian.embed_node(target, heading, (label or "").strip(), ctx, line))
                position = match.end()
                continue
            if target.lower() == "toc" and not heading and not label:
                position = match.end()  # VitePress' [[toc]]: the book has its own contents
                continue
            shown = (label or "").strip() or target or heading
            result.append(WikiLink(target, heading, [Text(shown)]))
            position = match.end()
        if position < len(item.text):
            result.append(Text(item.text[position:]))
    return result


# --- titles -----------------------------------------------------------------------


def comparable(title: str) -> str:
    """A title as compared with a heading: no case, punctuation, spaces or ' | Site name'."""
    title = title.split(" | ")[0]
    keep = "".join(ch for ch in title.casefold() if ch not in string.punctuation and not _is_symbol(ch))
    return " ".join(keep.split())


def _is_symbol(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch)[0] in ("S", "P") or ch in "\ufe0f\u200d"


def drop_repeated_title(blocks: list, title: str) -> None:
    """A chapter with a front-matter title that opens with the same `# Title` would print it
    twice, and the heading would become its only section: the heading goes."""
    for index, item in enumerate(blocks):
        if isinstance(item, Heading):
            if item.level == 1 and comparable(plain_text(item.children)) == comparable(title):
                del blocks[index]
            return
        if not isinstance(item, ThematicBreak):
            return


def take_title(blocks: list, ctx):
    """(title, location) for a chapter without a front-matter title: its level-1 heading
    (removed from the text); else its first heading of any level, with a warning; else None."""
    level_one = [b for b in blocks if isinstance(b, Heading) and b.level == 1]
    if level_one:
        heading = level_one[0]
        if len(level_one) > 1:
            ctx.diagnostics.warning(
                ctx.source.path,
                heading.loc.line,
                f"the chapter title is taken from the first of {len(level_one)} "
                "level-1 headings; add 'title: ...' to the front matter to choose",
                code="title-from-several-h1",
            )
        blocks.remove(heading)
        return plain_text(heading.children).strip(), heading.loc
    headings = [b for b in blocks if isinstance(b, Heading)]
    if headings:
        heading = headings[0]
        ctx.diagnostics.warning(
            ctx.source.path,
            heading.loc.line,
            "the chapter has no title: its first heading is used; add 'title: ...' to the front matter",
            code="title-from-heading",
        )
        blocks.remove(heading)
        return plain_text(heading.children).strip(), heading.loc
    return None


OPENS_QUOTE = re.compile(r"(^|(?<=[\s(\[{\u2014\u2013/-]))([\"'])")


def typographic_quotes(text: str) -> str:
    """Straight quotes as the body's smart quotes set them (markdown-it's typographer): a
    front-matter title or subtitle prints like a heading would."""
    text = OPENS_QUOTE.sub(lambda m: "\u201c" if m.group(2) == '"' else "\u2018", text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def quoted_text(value) -> str:
    """Text (as fields.text) with typographic quotes: the book's title and subtitle."""
    from handbook.parse import fields

    return typographic_quotes(fields.text(value))


def title_field(value) -> str:
    """A front-matter title; left empty (`title:`), it is "" and the heading serves."""
    from handbook.parse import fields

    return "" if value is None else typographic_quotes(fields.text(value))


def title_from_file_name(path) -> str:
    """'03-way-forward.md' -> 'Way forward': the last resort for a chapter's title."""
    stem = re.sub(r"^[\d\s._-]+", "", path.stem) or path.stem
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else path.stem


def trim_rules(blocks: list) -> None:
    """A thematic break at either end of a chapter (notes often end with `---`) separates
    nothing, and alone at the top of a page it would make a page of its own."""
    while blocks and isinstance(blocks[-1], ThematicBreak):
        blocks.pop()
    while blocks and isinstance(blocks[0], ThematicBreak):
        blocks.pop(0)


# --- odds and ends ----------------------------------------------------------------


def is_lone_fence(node, ctx) -> bool:
    """A paragraph that is only a container fence (`:::` closing nothing): dropped, said once."""
    if not node.map:
        return False
    lines = ctx.lines[node.map[0] : node.map[1]]
    if lines and all(LONE_FENCE.match(line) for line in lines):
        ctx.diagnostics.warning(
            ctx.source.path,
            node.map[0] + ctx.source.body_first_line,
            "a ':::' line that closes no box is left out",
            code="stray-container-fence",
        )
        return True
    return False


def without_fence_lines(inline, ctx):
    """The inline children of a paragraph without lines that are only ':::' (a container fence
    that opens or closes nothing, glued to the text), or None when it has none."""
    kids = list(inline.children)
    fences = [
        i
        for i, kid in enumerate(kids)
        if kid.type == "text"
        and LONE_FENCE.match(kid.content)
        and (i == 0 or kids[i - 1].type in ("softbreak", "hardbreak"))
        and (i == len(kids) - 1 or kids[i + 1].type in ("softbreak", "hardbreak"))
    ]
    if not fences:
        return None
    ctx.diagnostics.warning(
        ctx.source.path,
        _line(inline, ctx),
        "a ':::' line that opens or closes no box is left out",
        code="stray-container-fence",
    )
    drop = set(fences) | {i + 1 for i in fences if i + 1 < len(kids)}
    kept = [kid for i, kid in enumerate(kids) if i not in drop]
    while kept and kept[-1].type in ("softbreak", "hardbreak"):
        kept.pop()
    return kept


def _line(node, ctx):
    while node is not None and not node.map:
        node = node.parent
    return node.map[0] + ctx.source.body_first_line if node is not None else None


def link_text_of(href: str) -> str:
    """What a link written with no text shows (MyST fills in the page's title, which a book
    cannot know here): 'guides/new_course.md#setup' -> 'new course', else the address."""
    path = urlparse(href).path if "://" not in href else ""
    name = PurePosixPath(unquote(path)).stem if path else ""
    return re.sub(r"[-_]+", " ", name).strip() or href


def is_remote(src: str) -> bool:
    return urlparse(src).scheme in ("http", "https") or src.startswith("//")


# Files notes apps embed like pictures (Logseq's `![book](../assets/book.pdf)`, Obsidian's
# `![[talk.mp4]]`) that no page can show: a document, a recording, an archive.
ATTACHMENTS = {
    ".pdf": "a PDF document",
    ".epub": "an e-book",
    ".doc": "a Word document",
    ".docx": "a Word document",
    ".ppt": "a slide deck",
    ".pptx": "a slide deck",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".mp4": "a video",
    ".webm": "a video",
    ".mov": "a video",
    ".mkv": "a video",
    ".mp3": "a recording",
    ".m4a": "a recording",
    ".wav": "a recording",
    ".ogg": "a recording",
    ".zip": "an archive",
}


def _suffix(src: str) -> str:
    path = urlparse(src).path if "://" in src else src.split("#")[0].split("?")[0]
    return PurePosixPath(path.split("|")[0].strip()).suffix.lower()


def is_attachment(src: str) -> bool:
    return _suffix(src) in ATTACHMENTS


def attachment_name(src: str) -> str:
    """'../assets/Book_1754633516106_0.pdf' -> 'Book_1754633516106_0.pdf'."""
    return PurePosixPath(unquote(urlparse(src).path if "://" in src else src).split("|")[0].strip()).name


def warn_attachment(src: str, line, ctx) -> None:
    """A warning, never the missing-image error: the file may well be there, it is just no
    picture (and a missing one does not matter, as nothing of it is printed)."""
    ctx.diagnostics.warning(
        ctx.source.path,
        line,
        f"'{attachment_name(src)}' is {ATTACHMENTS[_suffix(src)]}, not a picture: its description "
        "(or its name) is printed in its place",
        code="attachment-not-printed",
    )


def warn_remote_image(src: str, line, ctx) -> None:
    """Remembered for one warning per chapter (notes can hold hundreds of web images)."""
    ctx.remote_images.append((src, line))


def report_remote_images(ctx) -> None:
    found = ctx.remote_images
    if not found:
        return
    src, line = found[0]
    if len(found) == 1:
        what = f"image '{src}' is on the web"
    else:
        lines = ", ".join(str(at) for _, at in found[:8] if at is not None)
        what = f"{len(found)} images are on the web (lines {lines}{', ...' if len(found) > 8 else ''})"
    ctx.diagnostics.warning(
        ctx.source.path,
        line,
        f"{what}: a placeholder is printed; run "
        "'handbook images fetch' to download them into the source folder",
        code="image-web",
    )


# Front-matter keys of site generators (VitePress, Docusaurus, Jekyll, Obsidian): they mean
# nothing on paper, and a warning for each would bury the ones that matter.
SITE_KEYS = {
    "head",
    "layout",
    "outline",
    "sidebar",
    "prev",
    "next",
    "lastUpdated",
    "editLink",
    "footer",
    "navbar",
    "aside",
    "pageClass",
    "description",
    "keywords",
    "img",
    "image",
    "sidebar_position",
    "sidebar_label",
    "sidebar_class_name",
    "slug",
    "id",
    "permalink",
    "hide_table_of_contents",
    "hide_title",
    "toc_min_heading_level",
    "toc_max_heading_level",
    "aliases",
    "alias",
    "cssclasses",
    "cssclass",
    "publish",
    "draft",
    "comments",
    "nav_order",
    "parent",
    "grand_parent",
    "has_children",
    "nav_exclude",
    "search",
    "hero",
    "features",
    "created",
    "updated",
    "modified",
    "lang",
    "custom_edit_url",
    "def-type",
    "cssClass",
    "banner",
    "icon",
    "status",
}


# --- contents ---------------------------------------------------------------------

MIN_TEMPLATE_CHAPTERS = 3


def contents_of_templates(settings, chapters: list, diagnostics) -> None:
    """Chapters written from one template (every chapter with the same section headings):
    the contents would repeat them under every chapter, so they list chapters only (with a
    note), unless book.yaml's `toc_depth` says otherwise."""
    if settings.toc_depth is not None or len(chapters) < MIN_TEMPLATE_CHAPTERS:
        return
    shared = None
    for chapter in chapters:
        headings = [b for b in chapter.blocks if isinstance(b, Heading)]
        if not headings:
            return
        top = min(h.level for h in headings)
        names = tuple(comparable(plain_text(h.children)) for h in headings if h.level == top)
        if len(names) < 2 or (shared is not None and names != shared):
            return
        shared = names
    settings.toc_depth = 1
    where = settings.loc or Location(chapters[0].path, None)
    shown = ", ".join(plain_text(h.children) for h in chapters[0].blocks if isinstance(h, Heading))[:120]
    diagnostics.warning(
        where.path,
        where.line if settings.loc else None,
        f"every chapter has the same sections ({shown}): the contents list the chapters only; "
        "set 'toc_depth: 2' in book.yaml to list the sections too",
        code="contents-chapters-only",
    )
