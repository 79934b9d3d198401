"""What every layout function gets besides the block it lays out."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace

from handbook.model import Book, Chapter
from handbook.options import BuildOptions
from handbook.theme import Theme
from handbook.translations import as_written


@dataclass
class PageRefs:
    """Where things landed in the previous pass: anchor name -> folio ('iii', '12').

    `asked` records what the story printed: a story that asked nothing needs no earlier pass.
    """

    folios: dict[str, str] = field(default_factory=dict)
    asked: dict[str, str] = field(default_factory=dict)  # anchor -> folio handed out

    def folio(self, anchor: str, placeholder: str = "00") -> str:
        # Before the first pass is measured, a same-width stand-in keeps line breaks stable.
        folio = self.folios.get(anchor, placeholder)
        self.asked[anchor] = folio
        return folio

    def hold_in(self, folios: dict[str, str]) -> bool:
        """Whether every folio handed out is the one the pass recorded."""
        return all(folios.get(anchor) == folio for anchor, folio in self.asked.items())

    def moved_in(self, folios: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
        """(anchor, folio handed out, folio the pass recorded) of each that did not hold."""
        return tuple(
            (anchor, folio, folios.get(anchor, "?"))
            for anchor, folio in sorted(self.asked.items())
            if folios.get(anchor) != folio
        )


@dataclass(frozen=True)
class LayoutContext:
    theme: Theme
    book: Book
    refs: PageRefs
    options: BuildOptions
    answers: str  # end | chapter | none, settled from book.yaml and options
    chapter: Chapter | None = None
    depth: int = 0  # nesting of lists and quotes, to cap indentation
    indent: float = 0.0  # how far lists and quotes around the block have moved it right
    wide: bool = (
        False  # laid out for the wide area (layout/wide.py): the text block and the outer margin's share
    )

    def nested(self, indent: float = 0.0) -> "LayoutContext":
        return replace(self, depth=self.depth + 1, indent=self.indent + indent)

    def in_chapter(self, chapter: Chapter) -> "LayoutContext":
        """The context inside `chapter`: the words it prints in the language it is written in
        (an untranslated chapter of a Hindi book keeps List I, the answer wording in English)."""
        theme = set_in_own_faces(as_written(self.theme, chapter.meta.language))
        return replace(self, theme=theme, chapter=chapter, depth=0, indent=0.0, wide=False)

    def widened(self) -> "LayoutContext":
        """The context of a block set in the wide area (layout/wide.py)."""
        return replace(self, wide=True)

    @property
    def block_width(self) -> float:
        """The width a block gets where it stands: the text width less the indents around it."""
        return self.text_width - self.indent

    @property
    def text_width(self) -> float:
        """The text block's width; in the wide area (`wide`), the wide area's."""
        return self.wide_width if self.wide else self.column_width

    @property
    def column_width(self) -> float:
        """The text block's width: the measure of the running text."""
        page_width, _ = self.theme.page_size()
        return page_width - self.theme.page.margin_inner - self.theme.page.margin_outer

    @property
    def wide_width(self) -> float:
        """The width of the wide area: the text block and as much of the outer margin as the
        theme gives wide blocks (page.wide_margin_outer)."""
        return self.column_width + wide_reach(self.theme)

    @property
    def text_height(self) -> float:
        _, page_height = self.theme.page_size()
        return page_height - self.theme.page.margin_top - self.theme.page.margin_bottom


def set_in_own_faces(theme: Theme) -> Theme:
    """The theme with the typography of its language: an English chapter of a Hindi book
    (translations.hindi_typography set the book in the Devanagari family, whose Latin letters
    match its Devanagari) goes back to the theme's own families and sizes (the body serif),
    its words in the language `as_written` chose; Devanagari inside it is set by the fallback
    chain, as in an English book."""
    if theme.latin is None or theme.language == "hi":
        return theme
    return replace(with_faces_of(theme, theme.latin), latin=None)


def with_faces_of(node, model):
    """`node` (a theme or a part of one) with the font, size and leading of every text style
    in `model`, a theme of the same shape; everything else (words, colours) as `node` has it."""
    if not is_dataclass(node) or isinstance(node, type) or type(node) is not type(model):
        return node
    changes = {}
    for item in fields(node):
        mine, theirs = getattr(node, item.name), getattr(model, item.name)
        if item.name in ("font", "size", "leading") and hasattr(node, "font"):
            if mine != theirs:
                changes[item.name] = theirs
        elif item.name == "latin":
            continue
        elif is_dataclass(mine):
            new = with_faces_of(mine, theirs)
            if new is not mine:
                changes[item.name] = new
        elif isinstance(mine, dict) and isinstance(theirs, dict):
            new_map = {key: with_faces_of(value, theirs.get(key)) for key, value in mine.items()}
            if any(new_map[key] is not mine[key] for key in mine):
                changes[item.name] = new_map
    return replace(node, **changes) if changes else node


def wide_reach(theme: Theme) -> float:
    """How far wide blocks reach past the text block into the outer margin (0: not at all)."""
    page = theme.page
    return max(0.0, page.margin_outer - page.wide_margin_outer)
