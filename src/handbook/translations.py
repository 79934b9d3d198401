"""The book's own words in the book's language (issue 16): `language: hi` in book.yaml, a
chapter's front matter or `handbook build --lang hi`.

One table, keyed like the theme (`words.contents`, `questions.words.heading`, ...) plus the
exam's fixed question wordings (`ask.*`, `options.*`), month names and digits. A theme
overrides any entry with `translations: {hi: {words.contents: ...}}`. English is the theme
itself: its words are the English table.

Other stages call `word(key, language, theme)`; `localize(theme, language)` returns the theme
with every listed wording replaced, so layout code keeps reading `theme.words.contents`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import yaml

# The tables themselves are data, in translations.yaml beside this file: the theme's words in
# Hindi, the other wordings as [English, Hindi], and Hindi names of papers and topics.
_TABLES_FILE = Path(__file__).with_name("translations.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where PyYAML has it
_DATA = yaml.load(_TABLES_FILE.read_text(encoding="utf-8"), Loader=_LOADER)
HINDI_THEME_WORDS: dict = _DATA["theme_words"]
WORDINGS: dict = _DATA["wordings"]  # key: [English, Hindi], or a list of such pairs


def _column(index: int) -> dict:
    """One language's wordings from WORDINGS (0: English, 1: Hindi)."""
    return {
        key: [pair[index] for pair in value] if isinstance(value[0], list) else value[index]
        for key, value in WORDINGS.items()
    }


ENGLISH = _column(0)
HINDI = HINDI_THEME_WORDS | _column(1)

TABLES = {"hi": HINDI, "en": ENGLISH}
LANGUAGES = ("en", "hi")
DEFAULT_DIGITS = {"hi": "international"}  # Hindi papers print international numerals
DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


def word(key: str, language: str = "", theme=None):
    """The wording `key` in `language`: the theme's override, else the built-in table, else
    the English (the theme's own word for theme keys). A bilingual paper's "hi+en" gives both,
    "हिन्दी / English" (a list: the first language's)."""
    language = language or "en"
    if "+" in language:
        first, second = (word(key, part, theme) for part in language.split("+", 1))
        return f"{first} / {second}" if isinstance(first, str) and first != second else first
    if theme is not None:
        override = (getattr(theme, "translations", None) or {}).get(language, {})
        if key in override:
            return override[key]
    table = TABLES.get(language, {})
    if key in table:
        return table[key]
    if theme is not None and "." in key and not key.startswith(("ask.", "options.", "lead.")):
        found = _theme_value(theme, key)
        if found is not None:
            return found
    return ENGLISH.get(key, key)


def localize(theme, language: str):
    """The theme with its wordings in `language` (and `theme.language` set): unchanged for
    English or an unknown language."""
    if language in ("", "en"):
        return theme
    keys = set(TABLES.get(language, {})) | set((theme.translations or {}).get(language, {}))
    english = dict((theme.translations or {}).get("en", {}))  # kept for `as_written`
    for key in sorted(keys):
        value = _theme_value(theme, key)
        if value is not None:
            english.setdefault(key, value)
            theme = _replace_path(theme, key.split("."), word(key, language, theme))
    translations = {**(theme.translations or {}), "en": english}
    theme = dataclasses.replace(theme, language=language, translations=translations)
    return hindi_typography(theme) if language == "hi" else theme


HINDI_FAMILY = "hindi"  # the family name a Hindi book's text is set in (a copy of theme.hindi.family)


def hindi_typography(theme):
    """The theme's text set as `theme.hindi` says: every style of a replaced family (serif,
    sans) in the Devanagari family's files, registered under their own name with the serif
    chain's other fallbacks (symbols, emoji), sizes and leading scaled."""
    spec = getattr(theme, "hindi", None)
    if spec is None or spec.family not in theme.fonts:
        return theme
    replaced = set(spec.replaces)
    chain: list[str] = next((theme.fallback[name] for name in spec.replaces if name in theme.fallback), [])
    fonts = {**theme.fonts, HINDI_FAMILY: theme.fonts[spec.family]}
    fallback = {**theme.fallback, HINDI_FAMILY: [name for name in chain if name != spec.family]}

    def restyled(node):
        if not dataclasses.is_dataclass(node) or isinstance(node, type):
            return node
        changes = {}
        for item in dataclasses.fields(node):
            value = getattr(node, item.name)
            if dataclasses.is_dataclass(value):
                new = restyled(value)
                if new is not value:
                    changes[item.name] = new
            elif isinstance(value, dict) and any(dataclasses.is_dataclass(v) for v in value.values()):
                new_map = {key: restyled(v) for key, v in value.items()}
                if any(new_map[key] is not value[key] for key in value):
                    changes[item.name] = new_map
        if getattr(node, "font", None) in replaced:
            changes["font"] = HINDI_FAMILY
            for name, scale in (("size", spec.size), ("leading", spec.leading)):
                value = getattr(node, name, None)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    changes[name] = type(value)(round(value * scale, 2))
        return dataclasses.replace(node, **changes) if changes else node

    latin = theme.latin or theme
    theme = restyled(theme)
    return dataclasses.replace(theme, fonts=fonts, fallback=fallback, latin=latin)


def digits(text: str | int, theme) -> str:
    """Numerals as the theme's `digits` says (`devanagari`: ०१२...; default international)."""
    choice = getattr(theme, "digits", "") or DEFAULT_DIGITS.get(
        getattr(theme, "language", ""), "international"
    )
    return str(text).translate(DEVANAGARI_DIGITS) if choice == "devanagari" else str(text)


def long_date(value: dt.date, theme=None) -> str:
    """'27 October 2025', or '27 अक्टूबर 2025' in a Hindi book."""
    language = getattr(theme, "language", "") if theme is not None else ""
    months = word("months", language, theme)
    out = f"{value.day} {months[value.month - 1]} {value.year}"
    return digits(out, theme) if theme is not None else out


# ---- names of papers and topics (issue 29) ---------------------------------------------------
# The exam's papers and the syllabus's common topics in Hindi, where the Hindi is settled
# (translations.yaml); any other name is printed as the chapter gives it.
HINDI_PAPERS: dict = _DATA["papers"]
HINDI_TOPICS: dict = _DATA["topics"]
NAMES = {"hi": {"paper": HINDI_PAPERS, "topic": HINDI_TOPICS}}
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def _name_key(kind: str, name: str) -> str:
    """'GS-II', 'gs 2', 'GS2' -> 'GS2'; a topic by its letters, any case."""
    if kind == "topic":
        return " ".join(name.split()).casefold()
    key = re.sub(r"[\s_-]", "", name).upper()
    found = re.fullmatch(r"(GS|PAPER)(I{1,3}|IV|[1-4])", key)
    if found:
        return "GS" + _ROMAN.get(found.group(2), found.group(2))
    return key


def display_name(kind: str, name: str, theme=None) -> str:
    """How the book prints a chapter's `paper` (kind 'paper') or `topic` ('topic'): book.yaml's
    `papers:` / `topics:` name for it, else the built-in name in the book's language, else
    the name as written."""
    language = (getattr(theme, "language", "") if theme is not None else "") or "en"
    own = (getattr(theme, "translations", None) or {}).get(language, {})
    if f"{kind}.{name}" in own:
        return own[f"{kind}.{name}"]
    return NAMES.get(language, {}).get(kind, {}).get(_name_key(kind, name), name)


def with_display_names(theme, language: str, papers: dict, topics: dict):
    """The theme with book.yaml's printed names of papers and topics for `language`."""
    if not papers and not topics:
        return theme
    language = language or "en"
    table = dict((theme.translations or {}).get(language, {}))
    table.update({f"paper.{name}": shown for name, shown in papers.items()})
    table.update({f"topic.{name}": shown for name, shown in topics.items()})
    return dataclasses.replace(theme, translations={**(theme.translations or {}), language: table})


# ---- an untranslated chapter in another language's book ---------------------------------------
# The words a chapter prints inside itself: an English chapter of a Hindi book keeps them in
# English (List I, the answer wording). The chapter label and the book's own parts (contents,
# running heads) stay in the book's language.
_BOOK_LEVEL = ("words.contents", "words.chapter", "glossary.", "syllabus_index.")


def as_written(theme, language: str):
    """The theme a chapter written in `language` is set with, inside a book localized to
    `theme.language`: the words inside the chapter in the chapter's language (`localize` kept
    the theme's English ones); the theme itself when the two languages agree."""
    book = getattr(theme, "language", "") or "en"
    if not language or language == book:  # (no language: the book's)
        return theme
    own = theme.translations or {}
    keys = set(TABLES.get(book, {})) | set(TABLES.get(language, {})) | set(own.get(book, {}))
    for key in sorted(keys):
        if key.startswith(_BOOK_LEVEL) or _theme_value(theme, key) is None:
            continue
        theme = _replace_path(theme, key.split("."), word(key, language, theme))
    return dataclasses.replace(theme, language=language)


LANGUAGE_TAGS = {"en": "en-IN", "hi": "hi-IN"}  # the books are Indian: English as written in India


def language_tag(language: str) -> str:
    """The PDF's /Lang for a book in `language` ('hi' -> 'hi-IN'; English books: 'en-IN')."""
    return LANGUAGE_TAGS.get(language or "en", language)


def _theme_value(theme, key: str):
    """The theme's wording at `key`: a text, or a list of texts (instructions); else None."""
    node = theme
    for part in key.split("."):
        if not dataclasses.is_dataclass(node) or not hasattr(node, part):
            return None
        node = getattr(node, part)
    if isinstance(node, str) or isinstance(node, list) and all(isinstance(item, str) for item in node):
        return node
    return None


def bilingual(first, second):
    """A theme whose wordings are `first`'s and `second`'s side by side ("अनुदेश / Instructions";
    a list item by item), for a paper printed in two languages. The two are the same theme
    localised to each language (`localize`)."""
    keys = set(TABLES.get(first.language or "en", {})) | set(TABLES.get(second.language or "en", {}))
    theme = first
    for key in sorted(keys):
        one, two = _theme_value(first, key), _theme_value(second, key)
        if one is None or two is None or one == two:
            continue
        joined: list | str
        if isinstance(one, list) and isinstance(two, list) and len(one) == len(two):
            joined = [a if a == b else f"{a} / {b}" for a, b in zip(one, two)]
        elif isinstance(one, str) and isinstance(two, str):
            joined = f"{one} / {two}"
        else:
            continue
        theme = _replace_path(theme, key.split("."), joined)
    return dataclasses.replace(theme, language=f"{first.language}+{second.language or 'en'}")


def _replace_path(node, parts: list[str], value):
    if len(parts) == 1:
        return dataclasses.replace(node, **{parts[0]: value})
    child = getattr(node, parts[0])
    return dataclasses.replace(node, **{parts[0]: _replace_path(child, parts[1:], value)})
