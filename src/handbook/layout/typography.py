"""Long web addresses in text: a paragraph holding one is set ragged-right (a justified line
before a broken address would stretch its word gaps across the page), and the address breaks
after a '/' (reportlab's URI splitting), never inside 'https://'.

reportlab splits an address once: the rest is never split again, and would run off the page
if it were longer than a line. Addresses longer than about two lines are therefore left to
the paragraph's `splitLongWords`, which breaks them where the line ends."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from handbook.model import plain_text

URI_WASTE_REDUCE = 0.3  # split an address rather than leave 30% of a line empty


def breakable_url(url: str, width: float, font: str, size: float) -> str:
    """Markup for an address printed on its own (a remote image's placeholder): in lines that
    fit `width`, broken only after / . - _ ? & =."""
    return "<br/>".join(escape(line) for line in address_lines(url, width, font, size))


def address_lines(address: str, width: float, font: str, size: float) -> list[str]:
    """`address` cut after / . - _ ? & = (never inside 'https://') into lines of `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    scheme = re.match(r"[a-z]+://", address)
    head = scheme.group(0) if scheme else ""
    parts = [p for p in BREAK_AFTER.split(address[len(head) :]) if p]
    if parts:
        parts[0] = head + parts[0]
    lines, current = [], ""
    for part in parts:
        if current and stringWidth(current + part, font, size) > 0.95 * width:
            lines.append(current)
            current = ""
        current += part
    return lines + [current] if current else lines


LONG_ADDRESS = re.compile(r"(?:https?://|www\.)\S{16,}|\S{40,}")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
SPLIT_ONCE = 1.9  # lines: an address up to this long is split once, after a '/'


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
    'https://' (reportlab would split such an address anywhere). New nodes; the model stays."""
    import dataclasses

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handbook.model import LineBreak, Text

    def text_node(node: Text) -> list:
        out: list = []
        position = 0
        for match in ADDRESS.finditer(node.text):
            address = match.group(0)
            if stringWidth(address, font, size) <= SPLIT_ONCE * width:
                continue
            out.append(Text(node.text[position : match.start()]))
            for index, piece in enumerate(address_lines(address, width, font, size)):
                if index:
                    out.append(LineBreak())
                out.append(Text(piece))
            position = match.end()
        if not out:
            return [node]
        out.append(Text(node.text[position:]))
        return [item for item in out if not (isinstance(item, Text) and not item.text)]

    result = []
    for node in inlines:
        if isinstance(node, Text):
            result.extend(text_node(node))
        elif hasattr(node, "children") and dataclasses.is_dataclass(node) and not isinstance(node, type):
            inner = break_long_addresses(node.children, width, font, size)  # type: ignore[attr-defined]
            result.append(dataclasses.replace(node, children=inner))
        else:
            result.append(node)
    return result


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
    import pyphen

    found = pyphen.language_fallback(language.replace("-", "_"))
    return found if found and not found.startswith("hi") else ""


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
    import pyphen

    dictionary = pyphen.Pyphen(lang=language, left=LEFT_MIN, right=RIGHT_MIN)
    known: dict[str, list] = {}

    def pairs(word: str) -> list:
        found = known.get(word)
        if found is None:
            if not word.isalpha() or any(ch.isupper() for ch in word[1:]):
                found = []
            else:
                found = list(dictionary.iterate(word))
            if len(known) > 50_000:
                known.clear()
            known[word] = found
        return found

    return pairs


_HYPHENATORS: dict[str, object] = {}
