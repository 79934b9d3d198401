"""Characters the theme's fonts cannot print, found before the layout: a warning for each.

A character missing from a font comes out of reportlab as an empty box (or nothing), silently.
Text is checked against the body font and code against the code font; the first few missing
characters of each chapter are reported at the line of the block that holds them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass

from reportlab.pdfbase import pdfmetrics

from handbook.errors import Diagnostics
from handbook.layout.fonts import font_name, register_fonts
from handbook.model import AcronymUse, Book, CodeBlock, CodeSpan, HtmlBlock, Image, Location, Text
from handbook.theme import Theme

MAX_PER_CHAPTER = 5
PRINTED = {Text: ("text",), CodeSpan: ("text",), CodeBlock: ("text",), HtmlBlock: ("text",),
           Image: ("alt", "title"), AcronymUse: ("written", "expansion")}
MONOSPACED = (CodeSpan, CodeBlock, HtmlBlock)


def report_missing_glyphs(book: Book, theme: Theme, diagnostics: Diagnostics) -> None:
    register_fonts(theme)
    text_font, code_font = theme.text.body.font, theme.text.code.font
    available = {family: _characters(family) for family in (text_font, code_font)}
    for chapter in book.chapters:
        meta = chapter.meta
        pieces = [(value, meta.loc, False) for value in [meta.title, meta.subtitle, meta.paper,
                                                         meta.topic, *meta.tags]]
        pieces += list(_printed_text(chapter.blocks + chapter.footnotes, meta.loc, False))
        seen: set[str] = set()
        for value, loc, mono in pieces:
            family = code_font if mono else text_font
            for char in sorted(set(value or "") - available[family] - seen):
                if char.isspace() or len(seen) >= MAX_PER_CHAPTER:
                    continue
                seen.add(char)
                name = unicodedata.name(char, "a control character")
                diagnostics.warning(loc.path, loc.line, f"'{char}' (U+{ord(char):04X} {name}) is "
                                    f"not in the font '{family}' and would print as an empty box")


def _characters(family: str) -> set[str]:
    face = pdfmetrics.getFont(font_name(family, False, False)).face
    return {chr(code) for code in face.charToGlyph}


def _printed_text(node, loc: Location, mono: bool):
    """(text, location, monospaced) for every piece of text the reader sees, depth first."""
    if isinstance(node, list):
        for item in node:
            yield from _printed_text(item, loc, mono)
        return
    if not is_dataclass(node) or isinstance(node, Location):
        return
    found = getattr(node, "loc", None)
    loc = found if isinstance(found, Location) else loc
    mono = mono or isinstance(node, MONOSPACED)
    for name in PRINTED.get(type(node), ()):
        yield getattr(node, name), loc, mono
    for item in fields(node):
        value = getattr(node, item.name)
        if isinstance(value, list) or (is_dataclass(value) and not isinstance(value, Location)):
            yield from _printed_text(value, loc, mono)
