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
first drawn, as before, and its internal name (/F1, /F2, ...) follows first use. So a page a
chapter drew alone (layout.replay) cannot name its fonts as the book will: a recording
document names each seeded face with FONT_MARK first (`mark_font_names`), a character the
content stream holds nowhere else, and the page's code is kept in pieces split at its font
selections (`split_at_fonts`); the book writes its own names between the pieces
(`write_with_fonts`). No text is ever read as a font name: a chapter that prints "/F1 12 Tf"
is recorded and replayed like any other.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from handbook.layout import scripts
from handbook.layout.fonts import WEIGHTS, font_name
from handbook.layout.rlcompat import (
    SUBSET_SEPARATOR,
    font_code_points,
    font_names,
    font_resource_name,
    is_subset_font,
    name_font_with,
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
# What a recording document's font names begin with. reportlab escapes every control character
# of the text it writes (a NUL in text is written "\\000") and writes nothing else raw but
# operators, numbers and names; the recorder refuses a literal holding it (layout.replay).
FONT_MARK = "\x00"


def seed_text(book: Book, theme: Theme, chapter_texts: list[str] | None = None) -> str:
    """The characters beyond ASCII the book may print: first those every chapter may print
    (GENERATED, the theme's words, book.yaml's and the glossary's text), sorted, then those
    only chapters' text holds, sorted. `chapter_texts`: the chapters' reprs when the caller
    has them (a repr holds every string of the model; the few characters it escapes, odd
    spaces, are in GENERATED or make a chapter live, never wrong).

    The order gives each character its code in every document of the book, and a chapter's
    recording depends only on the codes of the characters it prints (output/reuse.py keys it
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


def mark_font_names(canvas, seed) -> None:
    """In a recording document, before anything is drawn: each seeded face's internal name
    begins with FONT_MARK (the rest, its number, still follows first use)."""
    doc = pdf_document(canvas)
    for name, _ in seed:
        name_font_with(pdfmetrics.getFont(name), doc, FONT_MARK)


def split_at_fonts(
    code: str, fonts: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """A page's code drawn in a recording document, in pieces split at its font selections,
    and the font each selects (its position in `fonts`, the document's `used_fonts`): the page
    is pieces[0], the name of fonts[selected[0]], pieces[1], ... None: a mark that names none
    of them (never made by reportlab)."""
    pieces = code.split(FONT_MARK)
    if len(pieces) == 1:
        return (code,), ()
    position = {internal: index for index, (internal, _) in enumerate(fonts)}
    kept, selected = [pieces[0]], []
    for piece in pieces[1:]:
        # Each piece begins with the rest of a marked name: its number, then the subset's.
        number, separator, rest = piece.partition(SUBSET_SEPARATOR)
        index = position.get(FONT_MARK + number)
        if index is None or not separator:
            return None
        selected.append(index)
        kept.append(separator + rest)
    return tuple(kept), tuple(selected)


def font_resource_names(canvas, faces: tuple[str, ...]) -> list[str]:
    """This document's internal name of each face (naming those it has not yet, in order, as
    drawing the recording here would have)."""
    doc = pdf_document(canvas)
    return [font_resource_name(pdfmetrics.getFont(face), doc) for face in faces]


def write_with_fonts(pieces: tuple[str, ...], selected: tuple[int, ...], names: list[str]) -> str:
    """A recorded page's code with `names` (font_resource_names) written at its selections."""
    if not selected:
        return pieces[0]
    out = [""] * (len(pieces) + len(selected))
    out[0::2] = pieces
    out[1::2] = [names[index] for index in selected]
    return "".join(out)
