"""Characters the theme's fonts cannot print, found before the layout: one warning per chapter.

A character missing from a font comes out of reportlab as an empty box (or nothing), silently.
Text is checked against the body font and code against the code font, each with its fallback
chain (layout/scripts.py); all missing characters of a chapter are named in one warning, each
with the lines of the blocks that hold it. It runs also when the build has errors. What is
printed is found by the model's one walk (model.walk), so every block, question and glossary
entry is checked.
"""

from __future__ import annotations

import unicodedata

from handbook.errors import Diagnostics
from handbook.layout import scripts
from handbook.layout.fonts import font_name, register_fonts
from handbook.model import Book, Location
from handbook.model.walk import printed_strings
from handbook.theme import Theme

SHOWN_LINES = 8  # lines named per character; more are counted


def report_missing_glyphs(book: Book, theme: Theme, diagnostics: Diagnostics, checked=None) -> None:
    """One warning per chapter (and one for book.yaml and the glossary) naming every character
    that no face of its family's fallback chain has, each with its lines (code `glyph-missing`).
    `checked`: chapters an earlier build found every character of (`.has(chapter)`, not checked
    again) and where to note those found so now (`.add(chapter)`); see pipeline.py."""
    text_font, code_font = theme.text.body.font, theme.text.code.font
    register_fonts(theme, faces={(text_font, 0, 0), (code_font, 0, 0)})
    available = {family: _characters(family) for family in (text_font, code_font)}
    # Each chapter (front matter, body, footnotes, questions), then the book's own fields and
    # glossary entries, reported at book.yaml.
    book_loc = book.settings.loc or Location(book.source_dir)
    groups: list[tuple[object, Location]] = [(chapter, chapter.meta.loc) for chapter in book.chapters]
    groups.append(([book.settings, book.glossary], book_loc))
    for root, loc in groups:
        if checked is not None and root is not groups[-1][0] and checked.has(root):
            continue
        missing: dict = {}  # file -> character -> lines (book.yaml and glossary.yaml: one each)
        for value, where, mono in printed_strings(root, loc):
            family = code_font if mono else text_font
            for char in set(scripts.clean(value or "")) - available[family]:
                if char.isspace() or scripts.has_fallback(char, font_name(family, False, False)):
                    continue
                where = where or loc
                lines = missing.setdefault(where.path, {}).setdefault(char, [])
                if where.line is not None and where.line not in lines:
                    lines.append(where.line)
        if checked is not None and not missing and root is not groups[-1][0]:
            checked.add(root)
        for path, chars in missing.items():
            listed = "; ".join(_describe(char, sorted(lines)) for char, lines in sorted(chars.items()))
            first = min((line for lines in chars.values() for line in lines), default=None)
            line = loc.line if path == loc.path else first
            diagnostics.warning(
                path,
                line,
                f"{len(chars)} character(s) no installed font has, printed as empty boxes: {listed}",
                code="glyph-missing",
            )


def _describe(char: str, lines: list[int]) -> str:
    name = unicodedata.name(char, "a control character")
    shown = ", ".join(map(str, lines[:SHOWN_LINES])) + (
        f" and {len(lines) - SHOWN_LINES} more" if len(lines) > SHOWN_LINES else ""
    )
    return (
        f"'{char}' (U+{ord(char):04X} {name}) on line(s) {shown}"
        if lines
        else f"'{char}' (U+{ord(char):04X} {name})"
    )


def _characters(family: str) -> frozenset:
    """What the family's own face prints (fallback faces are asked per missing character, so
    that a book without such characters never loads them)."""
    return scripts.coverage(font_name(family, False, False))
