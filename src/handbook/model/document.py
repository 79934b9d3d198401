"""Books, chapters, blocks and inline text."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

__all__ = [
    "Location", "Text", "Emphasis", "Strong", "Strikethrough", "CodeSpan", "Link",
    "LineBreak", "FootnoteRef", "AcronymUse", "Inline", "Heading", "Paragraph", "ListItem",
    "ListBlock", "CodeBlock", "BlockQuote", "ThematicBreak", "TableCell", "Table",
    "Image", "HtmlBlock", "MindMapNode", "MindMap", "Footnote", "Block", "AcronymDef",
    "ChapterMeta", "Chapter", "BookSettings", "Book", "plain_text",
]


@dataclass(frozen=True)
class Location:
    """Where something came from, for messages: a file and a 1-based line."""

    path: Path
    line: int | None = None


# --- inline ---------------------------------------------------------------

@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list["Inline"]


@dataclass
class Strong:
    children: list["Inline"]


@dataclass
class Strikethrough:
    children: list["Inline"]


@dataclass
class CodeSpan:
    text: str


@dataclass
class Link:
    href: str
    children: list["Inline"]
    title: str = ""


@dataclass
class LineBreak:
    """A hard line break."""


@dataclass
class FootnoteRef:
    number: int
    anchor: str


@dataclass
class AcronymUse:
    """A use of a defined acronym, as written (`written` may be a plural like 'ACRs').

    `expansion` is set when this use is the one that spells it out.
    """

    acronym: str
    written: str
    expansion: str | None = None


Inline = Union[Text, Emphasis, Strong, Strikethrough, CodeSpan, Link, LineBreak, FootnoteRef, AcronymUse]


def plain_text(inlines: list[Inline]) -> str:
    """The text a reader sees, without formatting (for outlines, labels, matching)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, CodeSpan)):
            out.append(node.text)
        elif isinstance(node, AcronymUse):
            out.append(f"{node.expansion} ({node.written})" if node.expansion else node.written)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, FootnoteRef):
            continue
        else:
            out.append(plain_text(node.children))
    return "".join(out)


# --- blocks ---------------------------------------------------------------

@dataclass
class Heading:
    level: int  # 1-6 as written in Markdown
    children: list[Inline]
    loc: Location
    anchor: str = ""  # set by enrich.numbering
    number: str = ""  # "2.3" when the theme numbers headings


@dataclass
class Paragraph:
    children: list[Inline]
    loc: Location


@dataclass
class ListItem:
    blocks: list["Block"]


@dataclass
class ListBlock:
    items: list[ListItem]
    loc: Location
    ordered: bool = False
    start: int = 1


@dataclass
class CodeBlock:
    text: str
    loc: Location
    language: str = ""


@dataclass
class BlockQuote:
    blocks: list["Block"]
    loc: Location


@dataclass
class ThematicBreak:
    loc: Location


@dataclass
class TableCell:
    children: list[Inline]


@dataclass
class Table:
    header: list[TableCell]
    rows: list[list[TableCell]]
    aligns: list[str]  # "left" | "center" | "right", one per column
    loc: Location


@dataclass
class Image:
    path: Path  # resolved, checked to be inside the source folder
    alt: str
    loc: Location
    title: str = ""


@dataclass
class HtmlBlock:
    """Raw HTML from a chapter: printed as literal text, never interpreted."""

    text: str
    loc: Location


@dataclass
class MindMapNode:
    label: list[Inline]
    children: list["MindMapNode"] = field(default_factory=list)


@dataclass
class MindMap:
    root: MindMapNode
    loc: Location
    title: str = ""  # the heading printed over the box; empty means the theme's


@dataclass
class Footnote:
    number: int
    anchor: str
    blocks: list["Block"]


Block = Union[Heading, Paragraph, ListBlock, CodeBlock, BlockQuote, ThematicBreak, Table,
              Image, HtmlBlock, MindMap]


# --- chapters and the book ------------------------------------------------

@dataclass
class AcronymDef:
    acronym: str
    expansion: str
    loc: Location
    note: str = ""
    plural: str = ""  # the plural as written, default acronym + "s"


@dataclass
class ChapterMeta:
    title: str
    loc: Location  # the front matter (or title heading) position
    subtitle: str = ""
    paper: str = ""
    topic: str = ""
    date: _dt.date | None = None
    tags: list[str] = field(default_factory=list)
    order: int | None = None
    mindmap: str = ""  # "auto" asks for a map generated from the headings
    acronyms: dict[str, AcronymDef] = field(default_factory=dict)


@dataclass
class Chapter:
    meta: ChapterMeta
    blocks: list[Block]
    path: Path
    footnotes: list[Footnote] = field(default_factory=list)
    questions: list = field(default_factory=list)  # list[Question], see model.questions
    number: int = 0  # 1-based, set by enrich.numbering
    anchor: str = ""  # set by enrich.numbering
    slug: str = ""
    top_heading_level: int = 2  # the Markdown level of the chapter's top sections


@dataclass
class BookSettings:
    title: str = "Handbook"
    subtitle: str = ""
    edition: str = ""
    author: str = ""
    publisher: str = ""
    date: str = ""
    style: str = "default"
    chapters: list[str] | None = None
    answers: str = "end"  # end | chapter | none
    ignore_acronyms: list[str] = field(default_factory=list)
    all_acronyms: bool = False
    loc: Location | None = None
    editions: dict = field(default_factory=dict)  # name -> model.editions.Edition
    tests: dict = field(default_factory=dict)  # name -> model.editions.TestSpec
    style_line: int | None = None  # book.yaml's line naming `style`, when an edition set it


@dataclass
class Book:
    settings: BookSettings
    chapters: list[Chapter]
    source_dir: Path
    glossary: dict[str, AcronymDef] = field(default_factory=dict)
