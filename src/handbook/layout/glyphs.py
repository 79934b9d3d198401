"""Characters the theme's fonts cannot print, found before the layout: a warning for each.

A character missing from a font comes out of reportlab as an empty box (or nothing), silently.
Text is checked against the body font and code against the code font, each with its fallback
chain (layout/scripts.py); all missing characters of a chapter are named in one warning, each
with the lines of the blocks that hold it. It runs also when the build has errors.
"""

from __future__ import annotations

import unicodedata
from dataclasses import fields, is_dataclass

from handbook.errors import Diagnostics
from handbook.layout import scripts
from handbook.layout.fonts import font_name, register_fonts
from handbook.model import AcronymUse, Book, CodeBlock, CodeSpan, HtmlBlock, Image, Location, Text
from handbook.theme import Theme

PRINTED = {Text: ("text",), CodeSpan: ("text",), CodeBlock: ("text",), HtmlBlock: ("text",),
           Image: ("alt", "title"), AcronymUse: ("written", "expansion")}
MONOSPACED = (CodeSpan, CodeBlock, HtmlBlock)
SHOWN_LINES = 8  # lines named per character; more are counted


def report_missing_glyphs(book: Book, theme: Theme, diagnostics: Diagnostics) -> None:
    """One warning per chapter naming every character that no font of its family's fallback
    chain has, each with the lines it is on (code `glyph-missing`)."""
    register_fonts(theme)
    text_font, code_font = theme.text.body.font, theme.text.code.font
    available = {family: _characters(family) for family in (text_font, code_font)}
    for chapter in book.chapters:
        meta = chapter.meta
        pieces = [(value, meta.loc, False) for value in [meta.title, meta.subtitle, meta.paper,
                                                         meta.topic, *meta.tags]]
        pieces += list(_printed_text(chapter.blocks + chapter.footnotes, meta.loc, False))
        missing: dict[str, list[int]] = {}
        for value, loc, mono in pieces:
            family = code_font if mono else text_font
            for char in set(scripts.clean(value or "")) - available[family]:
                if char.isspace() or scripts.has_fallback(char, font_name(family, False, False)):
                    continue
                lines = missing.setdefault(char, [])
                if loc.line is not None and loc.line not in lines:
                    lines.append(loc.line)
        if missing:
            listed = "; ".join(_describe(char, sorted(lines)) for char, lines in sorted(missing.items()))
            diagnostics.warning(meta.loc.path, meta.loc.line,
                                f"{len(missing)} character(s) no installed font has, printed as "
                                f"empty boxes: {listed}", code="glyph-missing")


def _describe(char: str, lines: list[int]) -> str:
    name = unicodedata.name(char, "a control character")
    shown = ", ".join(map(str, lines[:SHOWN_LINES])) + (f" and {len(lines) - SHOWN_LINES} more"
                                                        if len(lines) > SHOWN_LINES else "")
    return f"'{char}' (U+{ord(char):04X} {name}) on line(s) {shown}" if lines else \
        f"'{char}' (U+{ord(char):04X} {name})"


def _characters(family: str) -> frozenset:
    """What the family's own face prints (fallback faces are asked per missing character, so
    that a book without such characters never loads them)."""
    return scripts.coverage(font_name(family, False, False))


def _printed_text(node, loc: Location, mono: bool):
    """(text, location, monospaced) for every piece of text the reader sees, depth first."""
    if isinstance(node, list):
        for item in node:
            yield from _printed_text(item, loc, mono)
        return
    if not is_dataclass(node) or isinstance(node, Location):
        return
    loc = getattr(node, "loc", None) if isinstance(getattr(node, "loc", None), Location) else loc
    mono = mono or isinstance(node, MONOSPACED)
    for name in PRINTED.get(type(node), ()):
        yield getattr(node, name), loc, mono
    for item in fields(node):
        value = getattr(node, item.name)
        if isinstance(value, list) or (is_dataclass(value) and not isinstance(value, Location)):
            yield from _printed_text(value, loc, mono)
