"""Font-subset codes fixed at the start of a document, so a page's drawn bytes do not depend on
the pages before it.

reportlab (5.1, `pdfbase/ttfonts.py`, `TTFont.splitString`) gives each character of a TrueType
font a one-byte code in a subset, in the order of first use across the document: ASCII keeps
its own codes, every other character gets the next free one. So the bytes that draw a chapter
depended on every character printed before it. Here each face the theme names is handed the
book's printed characters, sorted, before anything is drawn: every document of one book (the
book itself, a chapter laid out alone by `layout.replay`) then gives a character the same code.
A character outside the seed still gets the next code (nothing goes wrong), but a chapter that
needs one is not recorded (layout.replay draws it live, in order).

Faces are not registered with the document here (that embeds them): a face is embedded when
first drawn, as before; its internal name (/F1, /F2, ...) still follows first use, so a
recorded chapter names its fonts by what they are and `font_renamer` maps them on replay.
"""

from __future__ import annotations

import re

from reportlab.pdfbase import pdfmetrics

from handbook.layout import scripts
from handbook.layout.fonts import WEIGHTS, font_name
from handbook.layout.rlcompat import (
    font_code_points,
    font_names,
    is_subset_font,
    next_font_code,
    pdf_document,
)
from handbook.model import Book
from handbook.model.walk import printed_strings
from handbook.theme import Theme

# What layout adds to the text it is given (typography, lists, questions, the theme's own
# words are in its repr): seeded even when no source has them.
GENERATED = "\u202f\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u2022\u2002\u2003\u2009\u00a0\u00d7\u2192\u25cb\u25cf\u2713"
_PRIVATE = range(0xE000, 0xF900)  # reportlab's codes for shaped glyphs: never seeded
_FONT_NAME = re.compile(r"/(F\d+)(?=[+ ])")  # a font selection in a content stream: /F3+0 or /F3


def seed_text(book: Book, theme: Theme, chapter_texts: list[str] | None = None) -> str:
    """The characters beyond ASCII the book may print: first those every chapter may print
    (GENERATED, the theme's words, book.yaml's and the glossary's text), sorted, then those
    only chapters' text holds, sorted. `chapter_texts`: the chapters' reprs when the caller
    has them (a repr holds every string of the model; the few characters it escapes, odd
    spaces, are in GENERATED or make a chapter live, never wrong).

    The order gives each character its code in every document of the book, and a chapter's
    recording depends only on the codes of the characters it prints (incremental/recordings.py keys it
    by them): the shared characters come first so that a character new to one chapter moves
    only the codes of the chapters' own characters sorted after it, not the quotes and dashes
    every chapter prints."""
    shared: set[str] = set(GENERATED)
    for root in (book.settings, book.glossary):
        for value, _, _ in printed_strings(root):
            if value and not value.isascii():
                shared.update(value)
    shared.update(repr(theme))
    own: set[str] = set()
    if chapter_texts is None:
        for value, _, _ in printed_strings(book.chapters):
            if value and not value.isascii():
                own.update(value)
    else:
        for text in chapter_texts:
            if not text.isascii():
                own.update(text)
    return _seedable(shared) + _seedable(own - shared)


def _seedable(chars: set[str]) -> str:
    return "".join(
        sorted(c for c in chars if ord(c) > 127 and ord(c) not in _PRIVATE and not scripts.needs_shaping(c))
    )


def codes_used(seed, text: str) -> tuple:
    """(face, the positions in its seeded characters of those `text` holds) for each face it
    uses: what of the seed shapes the bytes of a recording of `text` (beyond the shared
    characters, whose codes the theme, book.yaml and the glossary fix)."""
    used = set(text)
    found = []
    for name, chars in seed:
        positions = tuple(index for index, char in enumerate(chars) if char in used)
        if positions:
            found.append((name, positions))
    return tuple(found)


def font_seed(text: str, theme: Theme) -> tuple[tuple[str, str], ...]:
    """(face name, the characters of `text` it has) for every face the theme names that the
    text may print in, in a fixed order. Fallback faces (Devanagari, emoji, ...) are registered
    when first needed, by whatever needed them first in this process (the glyph check, which
    an earlier build's cache may skip): they are seeded where `text` needs them, never because
    they happen to be registered, so the seed, and every recording's key, follows the text."""
    lazy = {name for chain in theme.fallback.values() for name in chain} - set(theme.fallback)
    needed = scripts.fallbacks_for(text)
    seed = []
    registered = set(pdfmetrics.getRegisteredFontNames())  # getFont would search for AFM files
    for family in sorted(theme.fonts):
        for bold, italic in WEIGHTS.values():
            name = font_name(family, bold, italic)
            if name not in registered or (family in lazy and name not in needed):
                continue
            font = pdfmetrics.getFont(name)
            if is_subset_font(font):
                has = font_code_points(name)
                seed.append((name, "".join(c for c in text if ord(c) in has)))
    return tuple(seed)


def seed_fonts(canvas, seed) -> None:
    """Give each seeded face its codes in this document, before anything is drawn."""
    doc = pdf_document(canvas)
    for name, chars in seed:
        if chars:
            pdfmetrics.getFont(name).splitString(chars, doc)


def font_codes(canvas, seed) -> tuple:
    """The next free code of each seeded face: a drawing that changed one assigned a code the
    seed did not have."""
    doc = pdf_document(canvas)
    return tuple(next_font_code(pdfmetrics.getFont(name), doc) for name, _ in seed)


def used_fonts(canvas) -> tuple[tuple[str, str], ...]:
    """(internal name, face name) of every font this document has named, in order."""
    return tuple((internal.lstrip("/"), name) for name, internal in font_names(pdf_document(canvas)).items())


def font_renamer(canvas, fonts):
    """A function that rewrites a recorded page's font selections from the recording's internal
    names to this document's (naming the faces here, in the recording's order, if new)."""
    doc = pdf_document(canvas)
    names: dict[str, str] = {}
    for recorded, name in fonts:
        font = pdfmetrics.getFont(name)
        if is_subset_font(font):
            here = font.getSubsetInternalName(0, doc).split("+")[0]
        else:
            here = doc.getInternalFontName(name)
        names[recorded] = here.lstrip("/")
    if all(recorded == here for recorded, here in names.items()):
        return _same
    return lambda code: _FONT_NAME.sub(lambda m: "/" + names.get(m[1], m[1]), code)


def _same(code: str) -> str:
    return code
