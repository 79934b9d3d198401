"""Long web addresses in text: a paragraph holding one is set ragged-right (a justified line
before a broken address would stretch its word gaps across the page), and the address breaks
after a '/' (reportlab's URI splitting), never inside 'https://'.

reportlab splits an address once: the rest is never split again, and would run off the page
if it were longer than a line. Addresses longer than a line are therefore cut beforehand
into pieces that fit a line, after / . - _ ? & =."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import re
from pathlib import Path
from xml.sax.saxutils import escape

from handbook.model import LineBreak, Text, plain_text

URI_WASTE_REDUCE = 0.3  # split an address rather than leave 30% of a line empty


def breakable_url(url: str, width: float, font: str, size: float) -> str:
    """Markup for an address printed on its own (a remote image's placeholder): in lines that
    fit `width`, broken only after / . - _ ? & =."""
    return "<br/>".join(escape(line) for line in address_lines(url, width, font, size))


def address_lines(
    address: str, width: float, font: str, size: float, first: float | None = None
) -> list[str]:
    """`address` cut after / . - _ ? & = (never inside 'https://') into lines of `width`, the
    first of them `first` wide (what is left of the line the address starts on; "" first where
    not even its first piece fits there, and the address starts the next line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    scheme = re.match(r"[a-z]+://", address)
    head = scheme.group(0) if scheme else ""
    parts = [p for p in BREAK_AFTER.split(address[len(head) :]) if p]
    if parts:
        parts[0] = head + parts[0]
    lines, current = [], ""
    room = width if first is None else first
    for part in parts:
        if stringWidth(current + part, font, size) > 0.95 * room and (current or room < width):
            lines.append(current)
            current, room = "", width
        current += part
    return lines + [current] if current else lines


LONG_ADDRESS = re.compile(r"(?:https?://|www\.)\S{16,}|\S{40,}")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
# Lines: an address up to this long is split once, after a '/' (reportlab's URI splitting);
# longer ones are cut into pieces that each fit a line. reportlab never splits the rest of a
# split address again: an address longer than a line (1.9 lines, once) ran off the page.
SPLIT_ONCE = 0.98


def has_long_address(inlines: list) -> bool:
    """Whether the text holds a web address (or other token) long enough to break a line."""
    return bool(LONG_ADDRESS.search(plain_text(inlines)))


def address_style(style, inlines: list, width: float):
    """`style`, or for a paragraph with a long address a ragged-right copy that breaks
    addresses after '/' where one split is enough."""
    text = plain_text(inlines)
    if not LONG_ADDRESS.search(text):
        return style
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(m, style.fontName, style.fontSize) for m in ADDRESS.findall(text)), default=0)
    waste = URI_WASTE_REDUCE if 0 < longest <= SPLIT_ONCE * width else 0
    alignment = TA_LEFT if style.alignment == TA_JUSTIFY else style.alignment
    return style.clone(f"{style.name}:address{waste}", alignment=alignment, uriWasteReduce=waste)


BREAK_AFTER = re.compile(r"(?<=[/.\-_?&=])")  # where an address may break: after these


def break_long_addresses(inlines: list, width: float, font: str, size: float) -> list:
    """The inlines with each address longer than SPLIT_ONCE lines cut into pieces that fit a
    line, joined by line breaks: every break then falls after / . - _ ? & = and never inside
    'https://' (reportlab would split such an address anywhere). The first piece fills what
    is left of the line the address starts on (the paragraph's words before it, broken as
    reportlab breaks a ragged paragraph), so that line is not left short. New nodes; the
    model stays."""
    line = _LinePosition(width, font, size)

    def walk(nodes: list) -> list:
        result = []
        for node in nodes:
            if isinstance(node, Text):
                result.extend(_cut_addresses(node, line))
            elif isinstance(node, LineBreak):
                line.used = 0.0
                result.append(node)
            elif hasattr(node, "children") and dataclasses.is_dataclass(node) and not isinstance(node, type):
                result.append(dataclasses.replace(node, children=walk(node.children)))  # type: ignore[attr-defined]
            else:
                line.add(plain_text([node]))
                result.append(node)
        return result

    return walk(inlines)


class _LinePosition:
    """How far along its line a ragged paragraph's text has come, words placed as reportlab
    places them: on the line while they fit, else first on the next."""

    def __init__(self, width: float, font: str, size: float):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.width, self.font, self.size, self.used = width, font, size, 0.0
        self.measure = lambda text: stringWidth(text, font, size)
        self.space = self.measure(" ")

    def add(self, text: str) -> None:
        glued = bool(text) and not text[0].isspace()  # goes on from the word before
        for index, word in enumerate(text.split()):
            w = self.measure(word)
            if index == 0 and glued and self.used:
                self.used += w
            elif not self.used:
                self.used = w
            elif self.used + self.space + w <= self.width:
                self.used += self.space + w
            else:
                self.used = w

    def room(self) -> float:
        """What is left of the line for a word that starts after a space."""
        return self.width if not self.used else max(0.0, self.width - self.used - self.space)


def _cut_addresses(node, line: _LinePosition) -> list:
    out: list = []
    position = 0
    for match in ADDRESS.finditer(node.text):
        address = match.group(0)
        if line.measure(address) <= SPLIT_ONCE * line.width:
            continue
        before = node.text[position : match.start()]
        line.add(before)
        out.append(Text(before))
        pieces = address_lines(address, line.width, line.font, line.size, first=line.room())
        for index, piece in enumerate(pieces):
            if index:
                out.append(LineBreak())
            out.append(Text(piece))
        line.used = line.measure(pieces[-1]) if pieces else line.used
        position = match.end()
    rest = node.text[position:]
    line.add(rest)
    if not out:
        return [node]
    out.append(Text(rest))
    return [item for item in out if not (isinstance(item, Text) and not item.text)]


# --- hyphenation --------------------------------------------------------------------------

HYPHENATION_DICTIONARIES = {"": "en_GB", "en": "en_GB", "en-gb": "en_GB", "en-us": "en_US"}
LEFT_MIN, RIGHT_MIN = 2, 3  # letters kept before and carried after a hyphen (TeX's for English)


def hyphenation_language(theme) -> str:
    """The pyphen dictionary for the book's language ('' for none): British English unless
    the book says en-US; none where the theme turns hyphenation off or the language has no
    dictionary (Hindi: Devanagari is never hyphenated)."""
    if not getattr(theme, "hyphenate", True):
        return ""
    language = (getattr(theme, "language", "") or "").lower()
    if language in HYPHENATION_DICTIONARIES:
        return HYPHENATION_DICTIONARIES[language]
    return ""  # only the English dictionaries are read (their files are UTF-8, patterns plain)


def dictionary_path(language: str) -> Path:
    """pyphen's hyph_<language>.dic, found without importing pyphen (which lists all its
    dictionaries when imported: a quarter of a second)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyphen is not installed (pip install -e .)")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionaries" / f"hyph_{language}.dic"


def hyphenator(language: str):
    """word -> [(head, tail), ...], longest head first, for reportlab's `hyphenationLang`; or
    None. A word is never hyphenated when it is not all letters (URLs, e-mail addresses,
    numbers, code), nor when a capital follows its first letter (acronyms, iPhone, McKinley)."""
    if not language:
        return None
    found = _HYPHENATORS.get(language)
    if found is None:
        found = _HYPHENATORS[language] = _make_hyphenator(language)
    return found


def _make_hyphenator(language: str):
    patterns = _Patterns.load(language)
    known: dict[str, list] = {}

    def pairs(word: str) -> list:
        found = known.get(word)
        if found is None:
            if not word.isalpha() or any(ch.isupper() for ch in word[1:]):
                found = []
            else:
                points = patterns.points(word.lower())
                found = [
                    (word[:at], word[at:])
                    for at in reversed(points)
                    if LEFT_MIN <= at <= len(word) - RIGHT_MIN
                ]
            if len(known) > 50_000:
                known.clear()
            known[word] = found
        return found

    return pairs


_DIGITS = str.maketrans("", "", "0123456789")


def _is_pattern(line: str) -> bool:
    """Whether a line of a hyphenation dictionary (stripped) is a pattern."""
    return bool(line) and line[0] not in "%#" and not line[0].isupper()


class _Patterns:
    """Liang's hyphenation patterns from one of pyphen's dictionaries (hyph_*.dic, the
    LibreOffice and TeX patterns), read the fast way: pyphen parses all 14,000 patterns of
    en-GB when it opens it (0.4 s, in every process that lays out a chapter: more than a
    preview takes), here a pattern's numbers are read when a word first needs them."""

    def __init__(self, raw: dict[str, str]):
        self.raw = raw  # letters -> the pattern as written ("a1b2c" under "abc")
        self.longest = max(map(len, raw), default=0)
        self.values: dict[str, tuple[int, ...]] = {}

    @classmethod
    def load(cls, language: str) -> _Patterns:
        data = dictionary_path(language).read_bytes()  # the English ones are UTF-8
        # Each line but the first (the encoding) is a pattern ("a1b2c"), found under its
        # letters ("abc"). The work is done by whole texts and C loops, not line by line in
        # Python (which was most of a preview's hyphenation): the digits are taken out of the
        # bytes at once (str.translate on text beyond Latin-1, en-GB has ligatures, took 25 ms;
        # a digit's byte is never part of another character's UTF-8 bytes).
        text = data.decode("utf-8").partition("\n")[2]
        lines = list(map(str.strip, text.split("\n")))
        if "%" in text or "#" in text:  # comments: line by line
            return cls({line.translate(_DIGITS): line for line in lines if _is_pattern(line)})
        letters = data.translate(None, b"0123456789").decode("utf-8").partition("\n")[2]
        raw = dict(zip(map(str.strip, letters.split("\n")), lines))
        # A line with a cased letter, all of them small, is a pattern; the few others (blank
        # lines, settings such as LEFTHYPHENMIN) are looked at one by one.
        for line in itertools.filterfalse(str.islower, lines):
            key = line.translate(_DIGITS).strip()  # (as the dictionary's keys are made)
            if not _is_pattern(line) and raw.get(key) == line:
                del raw[key]
        return cls(raw)

    def _numbers(self, letters: str) -> tuple[int, ...]:
        found = self.values.get(letters)
        if found is None:
            numbers = [0] * (len(letters) + 1)
            at = 0
            for ch in self.raw[letters]:
                if ch.isdigit():
                    numbers[at] = int(ch)
                else:
                    at += 1
            found = self.values[letters] = tuple(numbers)
        return found

    def points(self, word: str) -> list[int]:
        """Where `word` (lower case) may break: after that many letters."""
        dotted = f".{word}."
        score = [0] * (len(dotted) + 1)
        raw = self.raw
        for i in range(len(dotted) - 1):
            for j in range(i + 1, min(i + self.longest, len(dotted)) + 1):
                if dotted[i:j] in raw:
                    for k, value in enumerate(self._numbers(dotted[i:j])):
                        if value > score[i + k]:
                            score[i + k] = value
        return [i - 1 for i in range(2, len(dotted) - 1) if score[i] % 2]


_HYPHENATORS: dict[str, object] = {}
