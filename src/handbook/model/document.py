"""Books, chapters, blocks and inline text."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Union

from handbook import yaml_schema as schema
from handbook.yaml_schema import key
from handbook.model.journal import AcronymJournal

__all__ = [
    "Location",
    "Text",
    "Emphasis",
    "Strong",
    "Strikethrough",
    "CodeSpan",
    "Link",
    "LineBreak",
    "FootnoteRef",
    "AcronymUse",
    "Inline",
    "Heading",
    "Paragraph",
    "ListItem",
    "ListBlock",
    "CodeBlock",
    "BlockQuote",
    "ThematicBreak",
    "TableCell",
    "Table",
    "Image",
    "HtmlBlock",
    "MindMapNode",
    "MindMap",
    "Footnote",
    "Block",
    "AcronymDef",
    "AcronymMeaning",
    "ChapterMeta",
    "Chapter",
    "BookSettings",
    "Book",
    "plain_text",
    "Styled",
    "WikiLink",
    "Callout",
    "RemoteImage",
    "Math",
    "MathBlock",
    "Diagram",
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

    printed: ClassVar = ("text",)  # see model.walk


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

    printed: ClassVar = ("text",)
    monospaced: ClassVar = True


@dataclass
class Link:
    href: str
    children: list["Inline"]
    title: str = ""

    unprinted: ClassVar = ("href", "title")


@dataclass
class LineBreak:
    """A hard line break."""


@dataclass
class FootnoteRef:
    number: int
    anchor: str

    unprinted: ClassVar = ("anchor",)


@dataclass
class AcronymUse:
    """A use of a defined acronym, as written (`written` may be a plural like 'ACRs').

    `expansion` is set when this use is the one that spells it out.
    """

    acronym: str
    written: str
    expansion: str | None = None
    # Which of the entry's meanings this use has (an index into `AcronymDef.meanings`): None
    # when the entry has one meaning, -1 when it has several and nothing chose one (linked only).
    meaning: int | None = None

    printed: ClassVar = ("written", "expansion")
    unprinted: ClassVar = ("acronym",)


@dataclass
class Styled:
    """Inline text in one of the styles HTML tags ask for: 'underline', 'superscript',
    'subscript', 'mark', 'small' or 'kbd' (see parse.html)."""

    style: str
    children: list["Inline"]

    unprinted: ClassVar = ("style",)


@dataclass
class WikiLink:
    """An Obsidian `[[Target#Heading|text]]`; enrich.wikilinks sets `anchor` when `target`
    names a chapter of the book (by file name or title), else it prints as its text."""

    target: str
    heading: str
    children: list["Inline"]
    anchor: str = ""

    unprinted: ClassVar = ("target", "heading", "anchor")  # its children are what prints


@dataclass
class Math:
    """TeX math in the text (`$…$`, `\\(…\\)`; `$$…$$` inside a paragraph is `display`).
    `text` is the formula in plain characters when it maps to them exactly (`27^\\circ` ->
    27°, `H_2O` -> H₂O): it is then set as text. Else it is drawn from the math font, unless
    `unsupported` names a command the renderer lacks: then its source prints in the code face."""

    latex: str
    text: str = ""
    display: bool = False
    unsupported: str = ""

    printed: ClassVar = ("text",)
    unprinted: ClassVar = ("latex", "unsupported")  # drawn, never scanned for acronyms


Inline = Union[
    Text,
    Emphasis,
    Strong,
    Strikethrough,
    CodeSpan,
    Link,
    LineBreak,
    FootnoteRef,
    AcronymUse,
    Styled,
    WikiLink,
    Math,
]


def plain_text(inlines: list[Inline]) -> str:
    """The text a reader sees, without formatting (for outlines, labels, matching)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, CodeSpan)):
            out.append(node.text)
        elif isinstance(node, Math):
            out.append(node.text or node.latex)
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

    printed: ClassVar = ("number",)
    unprinted: ClassVar = ("anchor",)
    run_kind: ClassVar = "heading"  # counted for page references, never expanded


@dataclass
class Paragraph:
    children: list[Inline]
    loc: Location


@dataclass
class ListItem:
    blocks: list["Block"]
    # A task-list item (`- [x] ...`): whether it is checked; None for a plain item. The box is
    # never printed (a student's copy must not show which option an author ticked).
    checked: bool | None = None

    unprinted: ClassVar = ("checked",)


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

    printed: ClassVar = ("text",)
    unprinted: ClassVar = ("language",)
    monospaced: ClassVar = True


@dataclass
class BlockQuote:
    blocks: list["Block"]
    loc: Location

    run_kind: ClassVar = "quote"  # a quotation keeps its author's words: acronyms linked only


@dataclass
class ThematicBreak:
    loc: Location


@dataclass
class TableCell:
    children: list[Inline]
    loc: Location | None = None  # its row's line
    span: int = 1  # columns this cell covers (HTML colspan)

    run_kind: ClassVar = "cell"  # a cell stays narrow: acronyms linked, never spelled out


@dataclass
class Table:
    header: list[TableCell]
    rows: list[list[TableCell]]
    aligns: list[str]  # "left" | "center" | "right", one per column
    loc: Location

    unprinted: ClassVar = ("aligns",)


@dataclass
class Image:
    path: Path  # resolved, checked to be inside the source folder
    alt: str
    loc: Location
    title: str = ""

    printed: ClassVar = ("alt", "title")


@dataclass
class RemoteImage:
    """An image given by its web address: printed as a framed placeholder (nothing is fetched
    at build time; `handbook images fetch` downloads them)."""

    url: str
    alt: str
    loc: Location

    printed: ClassVar = ("alt", "url")


@dataclass
class Callout:
    """A framed, titled box (`::: tip`, `> [!NOTE]`, `<details>`): `kind` is a key of the
    theme's `callouts.kinds`; an empty `title` means the kind's wording from the theme."""

    kind: str
    title: list[Inline]
    blocks: list["Block"]
    loc: Location

    unprinted: ClassVar = ("kind",)  # the title (or the theme's wording for the kind) prints


@dataclass
class HtmlBlock:
    """Raw HTML from a chapter: printed as literal text, never interpreted."""

    text: str
    loc: Location

    printed: ClassVar = ("text",)
    monospaced: ClassVar = True


@dataclass
class MindMapNode:
    label: list[Inline]
    children: list["MindMapNode"] = field(default_factory=list)


@dataclass
class MindMap:
    root: MindMapNode
    loc: Location
    title: str = ""  # the heading printed over the box; empty means the theme's

    printed: ClassVar = ("title",)
    run_kind: ClassVar = "mindmap"  # labels are checked, never marked or expanded


@dataclass
class Footnote:
    number: int
    anchor: str
    blocks: list["Block"]

    unprinted: ClassVar = ("anchor",)


@dataclass
class MathBlock:
    """A displayed formula (`$$…$$`, `\\[…\\]`, ```` ```math ````): centred, never split."""

    latex: str
    loc: Location
    unsupported: str = ""  # see Math

    unprinted: ClassVar = ("latex", "unsupported")


@dataclass
class Diagram:
    """A Mermaid diagram the project draws: `chart` is a model.diagrams Flowchart or Timeline."""

    chart: Any
    loc: Location
    source: str = ""  # the Mermaid text, for messages and the copyable fallback

    unprinted: ClassVar = ("source",)
    run_kind: ClassVar = "mindmap"  # labels are checked, never marked or expanded


Block = Union[
    Heading,
    Paragraph,
    ListBlock,
    CodeBlock,
    BlockQuote,
    ThematicBreak,
    Table,
    Image,
    HtmlBlock,
    MindMap,
    Callout,
    RemoteImage,
    MathBlock,
    Diagram,
]


# --- chapters and the book ------------------------------------------------


@dataclass(frozen=True)
class AcronymMeaning:
    """One thing an acronym stands for (SC: Supreme Court, or Scheduled Castes)."""

    expansion: str
    note: str = ""

    printed: ClassVar = ("expansion", "note")


@dataclass
class AcronymDef:
    acronym: str
    expansion: str  # the first meaning
    loc: Location
    note: str = ""
    plural: str = ""  # the plural as written, default acronym + "s"
    others: list[AcronymMeaning] = field(default_factory=list)  # meanings after the first
    original: str = ""  # a translated expansion's English one, printed beside it in the glossary
    # Read like an editor wrote it (issue 26): the article the expansion takes where the use has
    # none before it ('under UNCLOS' -> 'under the United Nations Convention ...'), and whether
    # it is a proper name (False: a common noun, lower-cased mid-sentence: 'artificial intelligence').
    article: str = ""
    proper: bool = True

    printed: ClassVar = ("acronym", "expansion", "note", "plural", "original", "article")

    @property
    def meanings(self) -> list[AcronymMeaning]:
        return [AcronymMeaning(self.expansion, self.note)] + list(self.others)

    @property
    def todo(self) -> bool:
        """Written by `handbook glossary suggest` and not filled in yet: never printed."""
        return self.expansion.strip().upper() == "TODO"


@dataclass
class ChapterMeta:
    """A chapter's front matter; the fields declared with `key()` are its keys (CHAPTER_KEYS)."""

    title: str = key(schema.text)  # required, unless the text starts with a '# Title' line
    loc: Location  # type: ignore[misc]  # the front matter (or title heading) position; title has no default either
    subtitle: str = key(schema.text, "")
    paper: str = key(schema.text, "")
    topic: str = key(schema.text, "")
    date: _dt.date | None = key(schema.date, None)
    tags: list[str] = key(schema.text_list, factory=list)
    order: int | None = key(schema.integer, None)
    mindmap: str = key(schema.choice("auto", "none"), "")  # "auto": a map generated from the headings
    acronyms: dict[str, AcronymDef] = key(schema.anything, factory=dict)  # read by parse.acronyms
    ignore_acronyms: list[str] = key(schema.text_list, factory=list)  # added to book.yaml's
    language: str = key(schema.text, "")  # the language it is written in ("" English); translations.py

    printed: ClassVar = ("title", "subtitle", "paper", "topic", "tags")
    unprinted: ClassVar = ("mindmap", "ignore_acronyms", "language")


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
    # Set by the parser: its text holds '[[' (it may have wiki links; only such chapters are
    # walked for them, and enrich.acronyms' reuse keys them by more than their text).
    wiki_linked: bool = False
    # Set by enrich.acronyms when it reused or kept the chapter's scan: a digest of everything
    # that made the enriched chapter, its cache identity (`identity`) in place of its repr.
    made_from: str = ""
    # Notes an Obsidian `![[embed]]` put in its text: the chapter is not its file's text alone.
    embeds: list = field(default_factory=list)

    unprinted: ClassVar = ("anchor", "slug", "made_from")

    def identity(self) -> str:
        """What the chapter is, enriched, for cache keys: its repr (every field, every printed
        string, code or not) unless a digest of what made it is known (cheaper by far)."""
        return self.made_from or repr(self)


@dataclass
class BookSettings:
    """book.yaml: each field declared with `key()` is a key (BOOK_KEYS); adding one is one line."""

    title: str = key(schema.text, "Handbook")
    subtitle: str = key(schema.text, "")
    edition: str = key(schema.text, "")
    author: str = key(schema.text, "")
    publisher: str = key(schema.text, "")
    date: str = key(schema.text, "")
    style: str = key(schema.style_name, "default")
    chapters: list[str] | None = key(schema.text_list, None)
    answers: str = key(schema.choice("end", "chapter", "none"), "end")
    ignore_acronyms: list[str] = key(schema.text_list, factory=list)
    all_acronyms: bool = key(schema.boolean, False)
    diagnostics: dict[str, str] = key(schema.severities, factory=dict)  # code -> ignore | warning | error
    toc_depth: int | None = key(schema.positive_integer, None)  # how deep the contents go; None: the theme's
    # Issue 25: the Markdown dialect (parse.flavours; detected from the folder when absent), and
    # whether task lists under a question become practice questions ("auto") or stay lists.
    flavour: str = key(
        schema.choice(
            "commonmark",
            "github",
            "obsidian",
            "mkdocs",
            "vitepress",
            "docusaurus",
            "quarto",
            "myst",
            "logseq",
        ),
        "",
    )
    questions: str = key(schema.choice("auto", "none"), "auto")
    language: str = key(schema.text, "")  # the book's own words in this language (translations.py)
    # Where the build cache lives (incremental/store.py): the user's cache folder, or `.cache` beside the PDF.
    cache: str = key(schema.choice("user", "local"), "user")
    # Printed names of papers and topics (meta lines, the syllabus index), per language.
    papers: dict[str, str] = key(schema.display_names, factory=dict)
    topics: dict[str, str] = key(schema.display_names, factory=dict)
    # What a --lang build does with a chapter that has no translation (sources/languages.py).
    translations: dict = key(schema.anything, factory=dict)
    # Editions and practice tests: each entry and its selection are checked by parse.edition_entries.
    editions: dict = key(schema.anything, factory=dict)  # name -> model.book_cuts.Edition
    tests: dict = key(schema.anything, factory=dict)  # name -> model.book_cuts.TestSpec
    loc: Location | None = None

    printed: ClassVar = ("title", "subtitle", "edition", "author", "publisher", "date")
    unprinted: ClassVar = (
        "style",
        "chapters",
        "answers",
        "ignore_acronyms",
        "language",
        "cache",
        "translations",
        "flavour",
        "questions",
    )


@dataclass
class Book:
    settings: BookSettings
    chapters: list[Chapter]
    source_dir: Path
    glossary: dict[str, AcronymDef] = field(default_factory=dict)
    # Set by enrich.acronyms: each undefined acronym-like word -> where it is used, in order.
    undefined_acronyms: dict[str, list[Location]] = field(default_factory=dict)
    # Set by enrich.acronyms: words that look like acronyms but are not (exam wording, code
    # keywords, ids, ordinary words in capitals) -> (why, first place); `check --verbose` lists them.
    quiet_acronyms: dict[str, tuple[str, Location]] = field(default_factory=dict)
    # Set by enrich.acronyms (and by a preview, to resume from): see model/journal.py.
    acronym_journal: AcronymJournal | None = None
    # A preview of one chapter (its number; 0: the book): the chapters before it are there for
    # their numbers, titles and acronyms; an enrich step may leave their text as it is.
    preview_of: int = 0
    # Set by enrich.acronyms: the acronyms it marked in the text (`used_acronyms`, no walk).
    marked_acronyms: set[str] | None = None
    # Set by a build with a cache: chapters' acronym scans an earlier build made, to reuse
    # (enrich.acronyms.ScanStore; not part of the model: never walked, never stored).
    acronym_scans: Any = None
