"""The safe HTML subset of real notes -> model blocks and inlines.

Notes exported from VitePress, Docusaurus or Obsidian carry HTML: `<br>` in table cells,
`<table>` timelines, `<details><summary>` boxes, `<b>`/`<sup>`, and site components
(`<Chart/>`, `<Badge>`, `<script setup>`). The standard library's HTML parser reads it; what
it means is rebuilt here as model nodes. Nothing of it reaches reportlab as markup, and nothing
in it can make the build read a file (images follow the Markdown image rules) or run anything.

A chapter's HTML often comes in pieces with Markdown between them (`<details>`, a blank
line, a Markdown list, `</details>`): `HtmlBlocks` keeps one stack of open elements across
the pieces, so the Markdown lands inside the box it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Callable

from handbook.model import Callout, CodeBlock, Heading, ListBlock, ListItem, Paragraph, ThematicBreak
from handbook.model import CodeSpan, Emphasis, LineBreak, Link, Strikethrough, Strong, Styled, Text
from handbook.model import Location, Table, TableCell, plain_text

# Inline tags -> a function of the children making the model node.
INLINE_TAGS: dict[str, Callable[[list], object] | None] = {
    "b": Strong,
    "strong": Strong,
    "i": Emphasis,
    "em": Emphasis,
    "cite": Emphasis,
    "dfn": Emphasis,
    "var": Emphasis,
    "s": Strikethrough,
    "del": Strikethrough,
    "strike": Strikethrough,
    "u": lambda c: Styled("underline", c),
    "ins": lambda c: Styled("underline", c),
    "sup": lambda c: Styled("superscript", c),
    "sub": lambda c: Styled("subscript", c),
    "mark": lambda c: Styled("mark", c),
    "small": lambda c: Styled("small", c),
    "kbd": lambda c: Styled("kbd", c),
    "samp": lambda c: Styled("kbd", c),
    "code": lambda c: CodeSpan(plain_text(c)),
    "tt": lambda c: CodeSpan(plain_text(c)),
    "span": None,
    "font": None,
    "abbr": None,
    "q": None,
    "time": None,
    "label": None,
    "a": None,  # a link: made from its href (see _close_inline)
}


def close_inline(sink: list, start: int, tag: str, attrs: dict) -> None:
    """Replace sink[start:], the children of an inline tag just closed, with what the tag makes
    of them: a link (web addresses only), a styled run, or the children themselves (tags that
    only group text)."""
    children = sink[start:]
    del sink[start:]
    if tag == "a":
        href = attrs.get("href") or ""
        sink.append(Link(href, children) if href else Text(plain_text(children)))
        return
    make = INLINE_TAGS[tag]
    sink.extend(children if make is None else [make(children)])


# Block tags whose text is printed as paragraphs (their attributes, such as style=, ignored).
TRANSPARENT_BLOCKS = {
    "p",
    "div",
    "center",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "blockquote",
    "caption",
    "dl",
    "dt",
    "dd",
    "body",
    "html",
    "colgroup",
    "col",
    "picture",
    "source",
}
HEADINGS = {f"h{n}" for n in range(1, 7)}
TABLE_PARTS = {"thead", "tbody", "tfoot", "tr", "th", "td"}
VOID = {
    "br",
    "img",
    "hr",
    "col",
    "source",
    "wbr",
    "input",
    "meta",
    "link",
    "area",
    "base",
    "embed",
    "param",
    "track",
}
# Tab components of site generators (Docusaurus' <Tabs><TabItem label=…>, Starlight's
# <Tabs><TabItem label=…>): every tab printed, its label in bold above its content.
TAB_COMPONENTS = {"tabs", "tabitem"}
# Whole elements left out, content and all (the warning names them). Other unknown tags (site
# components such as <Badge>) are left out too, but the text inside them is kept.
DROPPED = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "video",
    "audio",
    "canvas",
    "head",
    "title",
    "meta",
    "link",
    "base",
}
KNOWN = (
    set(INLINE_TAGS)
    | TRANSPARENT_BLOCKS
    | HEADINGS
    | TABLE_PARTS
    | {"br", "img", "hr", "table", "details", "summary", "ul", "ol", "li", "wbr", "pre"}
)
CELL_BLOCKS = {"ul", "ol", "li", "p", "div", "center"}  # inside a cell: its lines
MAX_SPAN = 50  # a colspan beyond this is a typo, not a table
# Deeper nesting of boxes, lists or inline styles than this is an accident; deeper tags are
# read as if absent (their text kept), which bounds every recursion that follows.
MAX_DEPTH = 20
MAX_JOINED = 4096  # characters of text joined into one Text node piece by piece
# HTML is read by a tokenizer of our own (`_tokens`, linear); a piece of HTML larger than this
# is still a mistake (a page saved whole), reported rather than read.
MAX_HTML_CHARACTERS = 2_000_000
# Table bounds: a colspan of 1-50 written in ASCII digits; at most this many columns and cells
# once rows are padded to the widest (17 KB of colspans made 8 million cells).
MAX_COLUMNS = 100
MAX_CELLS = 50_000
SPAN = re.compile(r"[0-9]{1,4}\Z")


@dataclass
class _Frame:
    """An open element that holds blocks: the chapter itself, a <details>, a list, an item."""

    tag: str
    blocks: list = field(default_factory=list)
    inlines: list = field(default_factory=list)  # the paragraph being gathered
    title: list = field(default_factory=list)  # <summary>
    items: list = field(default_factory=list)  # <ul>/<ol>
    line: int | None = None


@dataclass
class _TableState:
    rows: list = field(default_factory=list)  # (is_header, [TableCell])
    row: list | None = None
    row_header: bool = False
    in_head: bool = False
    line: int | None = None


class HtmlBlocks:
    """Markdown blocks and HTML pieces of one sequence (a chapter, a list item) -> blocks."""

    def __init__(
        self,
        path,
        image: Callable,
        dropped: Callable,
        diagram: Callable | None = None,
        error: Callable | None = None,
    ):
        self.path = path
        self.diagram = diagram  # (Mermaid code, line) -> blocks: a site's diagram component
        # (message, line, code) -> None: a piece of HTML too large to read, a table too large
        self.error = error or (lambda message, line, code: None)
        self.image = image  # (src, alt, line) -> Image | RemoteImage | None
        self.dropped = dropped  # (tag as written, line) -> None: collected for one warning
        self.frames = [_Frame("#root")]
        self.inline_stack: list = []  # (tag, sink, start index, attrs)
        self.flat_details = 0  # <details> open past MAX_DEPTH, set as plain paragraphs
        self.sink_override: list | None = None  # summary, heading or table cell being filled
        self.heading: tuple | None = None  # (level, line)
        self.table: _TableState | None = None
        self.cell: TableCell | None = None
        self.skip: tuple | None = None  # (tag, depth) while inside a dropped element
        self.pre: list | None = None  # the text of a <pre> being read, spaces kept
        self.pre_line: int | None = None
        self.last_line: int | None = None  # where paragraphs made from HTML text are reported

    # --- what the Markdown parser hands over ------------------------------------------

    def add(self, blocks: list) -> None:
        """Markdown blocks found between HTML pieces: they belong to the innermost open box."""
        if self.skip is not None:
            return
        if self.pre is not None:  # Markdown cannot be inside a <pre>: it ended before
            self.end("pre", None)
        if self.table is not None:  # nor inside a table row: the table ends here
            self._finish_table()
        self._flush()
        self._frame().blocks.extend(blocks)

    def feed(self, html: str, line: int | None) -> None:
        if len(html) > MAX_HTML_CHARACTERS:
            self.error(
                f"this HTML block is {len(html):,} characters long, more than "
                f"{MAX_HTML_CHARACTERS:,}: convert it to Markdown or split it",
                line,
                code="html-too-large",
            )
            return
        _tokens(html, self, line)

    def finish(self) -> list:
        if self.pre is not None:
            self.end("pre", None)
        if self.table is not None:
            self._finish_table()
        self._flush()
        while len(self.frames) > 1:  # an element left open closes at the end of its sequence
            self._close_frame(self.frames[-1].tag)
        return self.frames[0].blocks

    # --- events ---------------------------------------------------------------------

    def start(self, tag: str, attrs: dict, raw_tag: str, line: int | None, closed: bool) -> None:
        self.last_line = line if line is not None else self.last_line
        if self.skip is not None:
            if tag == self.skip[0]:
                self.skip = (tag, self.skip[1] + 1)
            return
        if tag not in KNOWN and carries_image(attrs):
            self._img(attrs, line)  # a site's image component (<ZoomImg src=...>): the image
            return
        if tag not in KNOWN and self.diagram is not None and carries_diagram(attrs):
            self._flush()  # <MermaidDirect code="flowchart TD …">: drawn as a ```mermaid fence
            self._frame().blocks.extend(self.diagram(attrs["code"], line))
            return
        if tag in TAB_COMPONENTS:  # Docusaurus <Tabs>, <TabItem label="...">: tab after tab
            self._tab(attrs, line)
            return
        if tag in DROPPED or tag not in KNOWN:
            self.dropped(raw_tag, line)
            if tag in DROPPED and not closed and tag not in VOID:
                self.skip = (tag, 1)
            return
        if self.pre is not None:
            return  # tags inside <pre> (<code>, <span>) only colour it on the web
        if tag == "pre":
            self._flush()
            self.pre, self.pre_line = [], line
            return
        if self.cell is not None and tag in CELL_BLOCKS:
            self._cell_block(tag)
        elif tag == "br":
            self._sink().append(LineBreak())
        elif tag == "img":
            self._img(attrs, line)
        elif tag == "hr":
            self._flush()
            self._frame().blocks.append(ThematicBreak(Location(self.path, line)))
        elif tag in INLINE_TAGS:
            if not closed and len(self.inline_stack) < MAX_DEPTH:
                sink = self._sink()
                self.inline_stack.append((tag, sink, len(sink), attrs))
        elif tag == "table":
            self._flush()
            self.table = _TableState(line=line)
        elif tag in TABLE_PARTS:
            self._table_start(tag, attrs)
        elif tag in ("details", "ul", "ol", "li") and len(self.frames) > MAX_DEPTH:
            self._flush()  # too deep: a paragraph break, no new box or list
            if tag == "details":
                self.flat_details += 1
        elif tag == "details":
            self._flush()
            self.frames.append(_Frame("details", line=line))
        elif tag == "summary":
            frame = self._frame()
            # The summary of a <details> too deep for a box of its own is a paragraph of the
            # text: were it the title of the deepest box, every such summary would pile up there.
            opened_box = frame.tag == "details" and not self.flat_details
            self._flush()
            self.sink_override = frame.title if opened_box else None
        elif tag in ("ul", "ol"):
            self._flush()
            self.frames.append(_Frame(tag, line=line))
        elif tag == "li":
            self._flush()
            if self._frame().tag == "li":
                self._close_frame("li")
            self.frames.append(_Frame("li", line=line))
        elif tag in HEADINGS:
            self._flush()
            self.heading = (int(tag[1]), line)
            self.sink_override = []
        else:  # a transparent block: a paragraph break
            self._flush()

    def end(self, tag: str, line: int | None) -> None:
        if self.skip is not None:
            if tag == self.skip[0]:
                depth = self.skip[1] - 1
                self.skip = (tag, depth) if depth else None
            return
        if self.pre is not None:
            if tag == "pre":
                code = "".join(self.pre).strip("\n")
                self.pre = None
                if code.strip():
                    self._frame().blocks.append(CodeBlock(code, Location(self.path, self.pre_line)))
            return
        if self.cell is not None and tag in CELL_BLOCKS:
            return
        if tag in INLINE_TAGS:
            self._close_inline(tag)
        elif tag in TAB_COMPONENTS:
            self._flush()
        elif tag == "table" and self.table is not None:
            self._finish_table()
        elif tag in TABLE_PARTS:
            self._table_end(tag)
        elif tag == "summary":
            self.sink_override = None
            self._flush()
        elif tag == "details" and self.flat_details:
            self.flat_details -= 1  # it opened no box: its end closes none
            self._flush()
        elif tag in ("details", "ul", "ol", "li"):
            self._close_frame(tag)
        elif tag in HEADINGS and self.heading is not None:
            level, at = self.heading
            children = _trim(self.sink_override or [])
            self.heading, self.sink_override = None, None
            if children:
                self._frame().blocks.append(Heading(level, children, Location(self.path, at)))
        elif tag in TRANSPARENT_BLOCKS:
            self._flush()

    def text(self, data: str) -> None:
        if self.skip is not None or not data:
            return
        if self.pre is not None:
            self.pre.append(data)
            return
        if self.table is not None and self.cell is None:
            return  # whitespace between rows and cells
        data = re.sub(r"\s+", " ", data)
        sink = self._sink()
        # Joined to the text before it while that is short: joining a long text again and
        # again (text between 100,000 dropped tags) would copy it each time.
        if sink and isinstance(sink[-1], Text) and len(sink[-1].text) < MAX_JOINED:
            sink[-1] = Text(sink[-1].text + data)
        else:
            sink.append(Text(data))

    def comment(self, line: int | None) -> None:
        if self.skip is None:
            self.dropped("<!-- -->", line)

    # --- helpers --------------------------------------------------------------------

    def _frame(self) -> _Frame:
        return self.frames[-1]

    def _sink(self) -> list:
        if self.cell is not None:
            return self.cell.children
        if self.sink_override is not None:
            return self.sink_override
        return self._frame().inlines

    def _flush(self) -> None:
        """End the paragraph being gathered in the current frame."""
        self.inline_stack = [entry for entry in self.inline_stack if entry[1] is not self._frame().inlines]
        frame = self._frame()
        children = _trim(frame.inlines)
        frame.inlines = []
        if children and (plain_text(children).strip() or any(isinstance(c, CodeSpan) for c in children)):
            frame.blocks.append(Paragraph(children, Location(self.path, frame.line or self.last_line)))

    def _tab(self, attrs: dict, line: int | None) -> None:
        """A site's tab: on paper, its label in bold, then its content (as MkDocs' tabs are)."""
        self._flush()
        label = attrs.get("label") or attrs.get("value")
        if isinstance(label, str) and label.strip():
            self._frame().blocks.append(
                Paragraph([Strong([Text(" ".join(label.split()))])], Location(self.path, line))
            )

    def _close_inline(self, tag: str) -> None:
        for index in range(len(self.inline_stack) - 1, -1, -1):
            open_tag, sink, start, attrs = self.inline_stack[index]
            if open_tag != tag:
                continue
            del self.inline_stack[index:]
            close_inline(sink, start, tag, attrs)
            return

    def _cell_block(self, tag: str) -> None:
        """Lists and paragraphs inside a table cell: lines of the cell ("• " before items)."""
        assert self.cell is not None
        cell = self.cell.children
        if tag in ("li", "p", "div") and cell:
            cell.append(LineBreak())
        if tag == "li":
            cell.append(Text("\u2022\u00a0"))

    def _img(self, attrs: dict, line: int | None) -> None:
        alt = attrs.get("alt") or ""
        found = self.image(attrs.get("src") or "", alt, line)
        if self.cell is not None or self.sink_override is not None or self.inline_stack:
            if alt:  # in a cell, a title or a link there is no room for a figure
                self._sink().append(Text(alt))
            return
        if found is not None:
            self._flush()
            self._frame().blocks.append(found)
        elif alt:
            self._sink().append(Text(alt))

    def _close_frame(self, tag: str) -> None:
        if not any(frame.tag == tag for frame in self.frames[1:]):
            return  # a stray closing tag
        while True:
            self._flush()
            frame = self.frames.pop()
            parent = self._frame()
            loc = Location(self.path, frame.line)
            if frame.tag == "details":
                parent.blocks.append(Callout("details", _trim(frame.title), frame.blocks, loc))
            elif frame.tag == "li":
                if parent.tag not in ("ul", "ol"):  # an item outside a list: keep its text
                    parent.blocks.extend(frame.blocks)
                else:
                    parent.items.append(ListItem(frame.blocks))
            elif frame.items:
                parent.blocks.append(ListBlock(frame.items, loc, ordered=frame.tag == "ol"))
            if frame.tag == tag:
                return

    def _table_start(self, tag: str, attrs: dict) -> None:
        table = self.table
        if table is None:
            return  # a cell outside any table: its text is printed as a paragraph
        if tag == "thead":
            table.in_head = True
        elif tag in ("tbody", "tfoot"):
            table.in_head = False
        elif tag == "tr":
            self._end_row()
            table.row, table.row_header = [], table.in_head
        elif tag in ("td", "th"):
            if table.row is None:
                table.row, table.row_header = [], table.in_head
            self._end_cell()
            span = (attrs.get("colspan") or "1").strip()
            span = min(max(int(span), 1), MAX_SPAN) if SPAN.match(span) else 1  # ASCII digits: not "²"
            self.cell = TableCell([], span=span)
            table.row.append(self.cell)
            if tag == "td":
                table.row_header = table.in_head

    def _table_end(self, tag: str) -> None:
        if self.table is None:
            return
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "thead":
            self.table.in_head = False

    def _end_cell(self) -> None:
        if self.cell is not None:
            self.cell.children[:] = _trim(self.cell.children)
            self.inline_stack = [e for e in self.inline_stack if e[1] is not self.cell.children]
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        table = self.table
        if table is not None and table.row:
            table.rows.append((table.row_header, table.row))
        if table is not None:
            table.row = None

    def _finish_table(self) -> None:
        self._end_row()
        table, self.table = self.table, None
        assert table is not None
        rows = table.rows
        if not rows:
            return
        header: list = []
        if rows[0][0] or _all_bold(rows[0][1]):  # a first row of <th>, in <thead> or all bold
            header = rows[0][1]
            rows = rows[1:]
        width = max(sum(cell.span for cell in row) for _, row in ([(True, header)] if header else []) + rows)
        cells = width * (len(rows) + bool(header))
        if width > MAX_COLUMNS or cells > MAX_CELLS:
            self.error(
                f"this table has {width:,} columns and {len(rows) + bool(header):,} rows ({cells:,} cells); "
                f"a page holds at most {MAX_COLUMNS} columns and a table at most {MAX_CELLS:,} cells: split it",
                table.line,
                code="html-table-too-large",
            )
            return
        body = [_pad(row, width) for _, row in rows]
        header = _pad(header, width) if header else []
        self._frame().blocks.append(Table(header, body, ["left"] * width, Location(self.path, table.line)))


IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|webp|avif|svg)(\?.*)?\Z", re.I)


def carries_diagram(attrs: dict) -> bool:
    """Whether an unknown element (a site component) holds Mermaid code in `code`."""
    words = (attrs.get("code") or "").split()
    return bool(words) and words[0] in ("flowchart", "graph", "timeline")


def carries_image(attrs: dict) -> bool:
    """Whether an unknown element (a site component) names an image file in `src`."""
    return bool(IMAGE_FILE.search(attrs.get("src") or ""))


def _all_bold(row: list) -> bool:
    """Whether every cell of a row is set bold (word processors' header rows)."""
    filled = [cell for cell in row if cell.children]
    return (
        bool(filled)
        and len(filled) > 1
        and all(
            all(isinstance(c, Strong) or (isinstance(c, Text) and not c.text.strip()) for c in cell.children)
            for cell in filled
        )
    )


def _pad(row: list, width: int) -> list:
    """A row filled to `width` columns with empty cells (HTML tables may be ragged)."""
    covered = sum(cell.span for cell in row)
    return row + [TableCell([]) for _ in range(width - covered)]


def _trim(children: list) -> list:
    """Inlines without the spaces HTML source puts at their edges."""
    out = list(children)
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return out


class _NextOf:
    """Where the next given character is at or after a position, remembered: the tokenizer
    asks for the next '>' (or quote) at every '<', and a text with thousands of '<' and no '>'
    must not be scanned to its end thousands of times (what makes the standard library's
    HTMLParser quadratic: CVE-2025-6069; `<a ` 25,000 times took it 150 s)."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[str, tuple[int, int]] = {}  # char -> (searched from, found at or -1)

    def __call__(self, char: str, start: int) -> int:
        searched, at = self.found.get(char, (len(self.text) + 1, -1))
        if (at >= start) or (at == -1 and start >= searched):
            return at
        at = self.text.find(char, start)
        self.found[char] = (start, at)
        return at


RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
ATTRIBUTE_NAME = re.compile(r"[^\s/>=][^\s/>=]*")
UNQUOTED = re.compile(r"[^\s>]*")
SPACE = re.compile(r"[\s/]*")
EQUALS = re.compile(r"\s*=\s*")


def _tokens(html: str, target: HtmlBlocks, first_line: int | None) -> None:
    """Read `html` once from start to end, telling `target` about tags, text and comments
    with their lines (HTML5's tokenizer, simplified: a tag cut off by the end of the text is
    text). Every step moves forward: linear in the length of the text."""
    next_of = _NextOf(html)
    lower = html.lower()
    length = len(html)
    position = 0
    line_at = [0, 0]  # (index, newlines before it): lines counted forward only

    def line(index: int) -> int | None:
        if first_line is None:
            return None
        line_at[1] += html.count("\n", line_at[0], index)
        line_at[0] = index
        return first_line + line_at[1]

    while position < length:
        start = html.find("<", position)
        if start == -1:
            target.text(unescape(html[position:]))
            return
        if start > position:
            target.text(unescape(html[position:start]))
        position = start
        if html.startswith("<!--", start):
            close = html.find("-->", start + 4)
            end = length if close == -1 else close + 3
            target.comment(line(start))
            position = end
            continue
        if (
            html.startswith(("<!", "<?"), start)
            or html.startswith("</", start)
            and not TAG_NAME.match(html, start + 2)
        ):
            # A declaration, processing instruction or bogus comment: up to the next '>'.
            close = next_of(">", start)
            position = length if close == -1 else close + 1
            continue
        name = TAG_NAME.match(html, start + 2) if html.startswith("</", start) else None
        if name is not None:  # an end tag (a bogus one was read above)
            close = next_of(">", name.end())
            if close == -1:
                target.text(unescape(html[start:]))
                return
            target.end(name.group().lower(), line(start))
            position = close + 1
            continue
        name = TAG_NAME.match(html, start + 1)
        if name is None:  # '<' and no tag: the text "a < b"
            target.text("<")
            position = start + 1
            continue
        read = _start_tag(html, name.end(), next_of)
        if read is None:  # cut off by the end: the rest is text
            target.text(unescape(html[start:]))
            return
        attrs, closed, end = read
        tag = name.group().lower()
        target.start(tag, attrs, f"<{name.group()}>", line(start), closed=closed)
        position = end
        if tag in RAW_TEXT and not closed:  # its text up to </tag> is text, not markup
            close = lower.find(f"</{tag}", position)
            stop = length if close == -1 else close
            if stop > position:
                target.text(
                    html[position:stop]
                    if tag in ("script", "style", "xmp")
                    else unescape(html[position:stop])
                )
            position = stop


def _after(pattern: re.Pattern, text: str, position: int) -> int:
    """Where a run of `pattern` (which may match nothing) starting at `position` ends."""
    found = pattern.match(text, position)
    return found.end() if found else position


def _start_tag(html: str, position: int, next_of) -> tuple[dict, bool, int] | None:
    """The attributes of a start tag whose name ends at `position`, whether it closes itself
    and where it ends; None when the text ends first."""
    attrs: dict[str, str] = {}
    length = len(html)
    while True:
        position = _after(SPACE, html, position)
        if position >= length:
            return None
        if html[position] == ">":
            return attrs, html[position - 1] == "/", position + 1
        name = ATTRIBUTE_NAME.match(html, position)
        if name is None:  # a stray '=': skipped
            position += 1
            continue
        position, value = name.end(), ""
        equals = EQUALS.match(html, position)
        if equals:
            position = equals.end()
            if position >= length:
                return None
            if html[position] in "\"'":
                close = next_of(html[position], position + 1)
                if close == -1:
                    return None
                value, position = html[position + 1 : close], close + 1
            else:
                end = _after(UNQUOTED, html, position)
                value, position = html[position:end], end
        attrs.setdefault(name.group().lower(), unescape(value))


INLINE_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)\s*>\Z", re.S)
ATTRIBUTE = re.compile(r"([\w:-]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")


def read_inline_tag(raw: str):
    """An inline HTML token ('<b>', '</a>', '<br/>', '<img src=x>', '<!-- c -->') as
    (closing, tag, attrs, self_closed, name as written), or None for a comment/declaration."""
    match = INLINE_TAG.match(raw.strip())
    if not match:
        return None
    closing, name, rest, slash = match.groups()
    attrs = {}
    for key, value in ATTRIBUTE.findall(rest or ""):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs[key.lower()] = unescape(value)
    return bool(closing), name.lower(), attrs, bool(slash), f"<{name}>"
