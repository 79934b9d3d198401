"""Mind-map labels: styled runs of text, and wrapping them into lines of a given width.

Pure (no reportlab): the width of a piece of text comes from a `measure(text, face, size)`
callable, so the same code runs on the book's fonts and on a stand-in in the tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable


@dataclass(frozen=True)
class Face:
    """Which face of the label font a run is set in; `code` means the monospaced family."""

    bold: bool = False
    italic: bool = False
    code: bool = False

    def emboldened(self) -> "Face":
        return Face(True, self.italic, self.code)


@dataclass(frozen=True)
class Run:
    """A piece of a label in one face; '\n' in a run is a forced line break."""

    text: str
    face: Face = Face()


Measure = Callable[[str, Face, float], float]


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float


_TOKENS = re.compile(r"\s+|\S+")
# A line may also end after a hyphen, dash or slash ("Mumbai–|Ahmedabad"), with no space added.
_PARTS = re.compile(r"[^-–—/]+[-–—/]*|[-–—/]+")


@dataclass
class _Word:
    pieces: list[Run]
    space_before: bool  # False after a hyphen or dash inside one written word
    forced: bool = False  # a line break before it


@lru_cache(maxsize=4096)
def _words(runs: tuple[Run, ...]) -> tuple[_Word, ...]:
    """The label cut where a line may end; a word keeps its pieces in their faces, so
    'the **Quad**'s' keeps "Quad's" together across two faces. (Cached: wrapping a label at
    several widths cuts it once; callers never change the words.)"""
    return tuple(_cut_words(runs))


def _cut_words(runs: tuple[Run, ...]) -> list[_Word]:
    words: list[_Word] = []
    joined = False  # the next token continues the current word
    space, forced = False, False
    for run in runs:
        for token in _TOKENS.findall(run.text):
            if token.isspace():
                joined, space = False, bool(words)
                forced = forced or "\n" in token
                continue
            for index, part in enumerate(_PARTS.findall(token)):
                if joined and index == 0:  # the word goes on in another face
                    words[-1].pieces.append(Run(part, run.face))
                else:
                    words.append(_Word([Run(part, run.face)], space and index == 0, forced))
                    space = forced = False
                joined = True
    return words


def _merge(pieces: list[Run]) -> tuple[Run, ...]:
    """Neighbouring pieces of the same face become one run (fewer, longer text strings)."""
    merged: list[Run] = []
    for piece in pieces:
        if merged and merged[-1].face == piece.face:
            merged[-1] = Run(merged[-1].text + piece.text, piece.face)
        else:
            merged.append(piece)
    return tuple(merged)


def _break_word(pieces: list[Run], width: float, size: float, measure: Measure) -> list[list[Run]]:
    """A word wider than the line, cut between characters (at least one per line); never
    inside a Devanagari syllable (before a vowel sign or after a virama), which would print
    a mark on its own."""
    chunks: list[list[Run]] = [[]]
    used = 0.0
    for piece in pieces:
        for char in _syllables(piece.text):
            w = measure(char, piece.face, size)
            if chunks[-1] and used + w > width:
                chunks.append([])
                used = 0.0
            chunks[-1].append(Run(char, piece.face))
            used += w
    return chunks


def _syllables(text: str) -> list[str]:
    out: list[str] = []
    for char in text:
        if out and continues_syllable(char, out[-1][-1]):
            out[-1] += char
        else:
            out.append(char)
    return out


VIRAMAS = "\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d"  # Devanagari ... Malayalam


def continues_syllable(char: str, previous: str) -> bool:
    """Whether `char` belongs with the character before it: a vowel sign or other mark, a
    joiner, or anything after a virama. A line cut between them prints a mark on its own
    (mind-map labels here, code lines in layout/code.py)."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf") or previous in VIRAMAS


def wrap_label(runs: tuple[Run, ...], size: float, width: float, measure: Measure) -> tuple[Line, ...]:
    """Greedy line filling: as many words per line as fit in `width` at `size` points."""
    lines: list[list[Run]] = []
    current: list[Run] = []
    used = 0.0

    def width_of(pieces):
        return sum(measure(p.text, p.face, size) for p in pieces)

    for item in _words(runs):
        pieces = item.pieces
        word = width_of(pieces)
        space = [Run(" ", current[-1].face)] if current and item.space_before else []
        gap = width_of(space)
        if current and not item.forced and used + gap + word <= width:
            current += space + pieces
            used += gap + word
            continue
        if current:
            lines.append(current)
        if word <= width:
            current, used = list(pieces), word
        else:
            *full, current = _break_word(pieces, width, size, measure)
            lines.extend(full)
            used = width_of(current)
    if current or not lines:
        lines.append(current)
    out = []
    for pieces in lines:
        merged = _merge(pieces)
        out.append(Line(merged, sum(measure(r.text, r.face, size) for r in merged)))
    return tuple(out)


def longest_word(runs: tuple[Run, ...], size: float, measure: Measure) -> float:
    """The width of the widest piece of the label that no line may break."""
    return max(
        (sum(measure(p.text, p.face, size) for p in word.pieces) for word in _words(runs)), default=0.0
    )


def longest_compound(runs: tuple[Run, ...], size: float, measure: Measure) -> float:
    """The width of the widest written word, hyphenated compounds whole ("भारत-जापान",
    "India-Japan"): a line may end at their hyphen, but a balanced label need not."""
    widths: list[float] = []
    for word in _words(runs):
        width = sum(measure(p.text, p.face, size) for p in word.pieces)
        if widths and not word.space_before and not word.forced:
            widths[-1] += width
        else:
            widths.append(width)
    return max(widths, default=0.0)


def label_text(runs) -> str:
    """The label as plain text (for titles of split maps)."""
    return " ".join("".join(r.text for r in runs).split())


class LabelMeasurer:
    """Label measuring and wrapping, memoized (a search for the best layout measures the same
    labels many times); `bold` sets a whole label bold (the centre and first-level branches)."""

    def __init__(self, measure: Measure):
        self.measure = lru_cache(maxsize=None)(measure)
        self.wrap = lru_cache(maxsize=None)(self._wrap)
        self.longest = lru_cache(maxsize=None)(self._longest)
        self.longest_compound = lru_cache(maxsize=None)(self._longest_compound)

    @staticmethod
    def _faces(runs: tuple[Run, ...], bold: bool) -> tuple[Run, ...]:
        return tuple(Run(r.text, r.face.emboldened()) for r in runs) if bold else runs

    def _wrap(self, runs: tuple[Run, ...], bold: bool, size: float, width: float) -> tuple[Line, ...]:
        return wrap_label(self._faces(runs, bold), size, width, self.measure)

    def _longest(self, runs: tuple[Run, ...], bold: bool, size: float) -> float:
        return longest_word(self._faces(runs, bold), size, self.measure)

    def _longest_compound(self, runs: tuple[Run, ...], bold: bool, size: float) -> float:
        return longest_compound(self._faces(runs, bold), size, self.measure)
