"""Characters the theme's fonts cannot print, found before the layout: a warning for each.

A character missing from a font comes out of reportlab as an empty box (or nothing), silently.
Text is checked against the body font and code against the code font; the first few missing
characters of each chapter are reported at the line of the block that holds them. What is
printed is found by the model's one walk (model.walk), so every block, question and glossary
entry is checked.
"""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from handbook.errors import Diagnostics
from handbook.layout.fonts import font_name, register_fonts
from handbook.model import Book, Location
from handbook.model.walk import printed_strings
from handbook.theme import Theme

MAX_PER_CHAPTER = 5


def report_missing_glyphs(book: Book, theme: Theme, diagnostics: Diagnostics) -> None:
    register_fonts(theme)
    text_font, code_font = theme.text.body.font, theme.text.code.font
    available = {family: _characters(family) for family in (text_font, code_font)}
    # Each chapter (front matter, body, footnotes, questions), then the book's own fields and
    # glossary entries, reported at book.yaml or the entry's line.
    book_loc = book.settings.loc or Location(book.source_dir)
    groups: list[tuple[object, Location]] = [(chapter, chapter.meta.loc) for chapter in book.chapters]
    groups.append(([book.settings, book.glossary], book_loc))
    for root, loc in groups:
        seen: set[str] = set()
        for value, where, mono in printed_strings(root, loc):
            family = code_font if mono else text_font
            for char in sorted(set(value or "") - available[family] - seen):
                if char.isspace() or len(seen) >= MAX_PER_CHAPTER:
                    continue
                seen.add(char)
                name = unicodedata.name(char, "a control character")
                diagnostics.warning(where.path, where.line, f"'{char}' (U+{ord(char):04X} {name}) is "  # type: ignore[union-attr]
                                    f"not in the font '{family}' and would print as an empty box",
                                    code="glyph-missing")


def _characters(family: str) -> set[str]:
    face = pdfmetrics.getFont(font_name(family, False, False)).face
    return {chr(code) for code in face.charToGlyph}
