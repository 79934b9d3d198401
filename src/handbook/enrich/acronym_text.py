"""Acronyms in a string of text: where defined ones are used, which tokens look like undefined
ones, and whether the author spelled one out already. Pure functions on `str`; no model.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A use is a whole word: no letter, digit, '_' or '&' right before or after it, so QUAD does not
# match inside QUADRANT and R&D does not match inside R&D&E. A hyphen is a boundary ("QUAD-led").
_BEFORE = r"(?<![\w&])"
_AFTER = r"(?![\w&])"

# URLs and e-mail addresses written as plain text: never searched. Linear on any text
# (tests/test_hostile_text.py): a scheme is at most 32 characters, and an address is tried
# only where a word starts, so a 1 MB word is scanned once, not once per character.
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.\-]{0,31}://|\bwww\.|\bmailto:)\S+"
                  r"|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+", re.IGNORECASE)



def _url_spans(text: str) -> list[tuple[int, int]]:
    # Every URL or address has ':' or '@' or 'www.': most text has none, and searching it with
    # _URL costs more than the rest of the acronym scan (measured: 40% of enrichment).
    if ":" not in text and "@" not in text and "www." not in text.lower():
        return []
    return [m.span() for m in _URL.finditer(text)]


# A token that might be an acronym: capitals, digits and '&', perhaps a plural 's'.
_CANDIDATE = re.compile(_BEFORE + r"([A-Z0-9][A-Z0-9&]*)(s?)" + _AFTER)
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z0-9&]*[A-Z]")  # what every candidate token contains
_SMALL_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")  # II, IV, XIV: numbers, not acronyms


@dataclass(frozen=True)
class Use:
    """A defined acronym found in a text: text[start:end] is `written`."""

    start: int
    end: int
    acronym: str
    written: str


def uses_pattern(forms: dict[str, str]) -> re.Pattern | None:
    """One regex for every written form (ACR, ACRs, a defined plural) -> acronym in `forms`."""
    if not forms:
        return None
    # Longest first, so COVID-19 wins over COVID and ACSAs over ACSA.
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(f"{_BEFORE}(?:{alternatives}){_AFTER}")


def find_uses(text: str, pattern: re.Pattern | None, forms: dict[str, str]) -> list[Use]:
    """Uses of defined acronyms in `text`, in order, skipping any inside a URL."""
    if pattern is None:
        return []
    urls = _url_spans(text)
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if _overlaps(urls, start, end):
            continue
        found.append(Use(start, end, forms[match.group()], match.group()))
    return found


def acronym_like_tokens(text: str) -> list[str]:
    """Tokens that look like acronyms (two or more capitals, perhaps digits or '&'), outside URLs.

    A plural 's' is dropped: 'ARFs' gives 'ARF'. Small roman numerals (II, XIV) are not acronyms.
    """
    if not _TWO_CAPITALS.search(text):  # most text between uses has no acronym-like word
        return []
    urls = _url_spans(text)
    tokens = []
    for match in _CANDIDATE.finditer(text):
        token = match.group(1)
        if _overlaps(urls, match.start(), match.start() + 1):
            continue
        if token.endswith("&") or sum(ch.isupper() for ch in token) < 2:
            continue
        if _SMALL_ROMAN.fullmatch(token):
            continue
        tokens.append(token)
    return tokens


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether text[start:end] overlaps one of `spans` (sorted, not overlapping each other):
    a binary search, so many URLs and many uses stay linear, not their product."""
    index = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(0 <= i < len(spans) and spans[i][0] < end and start < spans[i][1]
               for i in (index, index + 1))


def _normal(text: str) -> str:
    """For comparing what the author wrote with an expansion: case, spaces and dashes folded."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def spelled_out(before: str, after: str, expansion: str) -> bool:
    """Did the author write the expansion around this use already?

    'Free and Open Indo-Pacific (FOIP)' (expansion before, use opening brackets; a plural
    expansion such as '... Agreements (ACSAs)' counts) or 'FOIP (Free and Open Indo-Pacific)'.
    """
    wanted = _normal(expansion)
    head = _normal(before)
    if head.endswith("("):  # what follows may be ')' or more: '... (FOIP, 2016)'
        head = head[:-1].rstrip()
        if head.endswith(wanted) or head.endswith(wanted + "s"):
            return True
    tail = _normal(after)
    return tail.startswith("(") and tail[1:].lstrip().startswith(wanted) and \
        tail[1:].lstrip()[len(wanted):].lstrip().startswith(")")
